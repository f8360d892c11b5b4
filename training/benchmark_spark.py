"""Parsing on Spark: references per second through ``refparse.integrations.spark.parse_dataframe`` on a local
SparkSession (``local[2]``: two cores, two Python workers), against ``refparse.parse_many`` on 1 and 2 processes
over the same texts, in the same run.

    python training/benchmark_spark.py                                  # 20,000 references
    python training/benchmark_spark.py --n 50000 --partitions 20 --output reports/spark.md

The references are the dev corpus texts repeated (the built-in list of benchmark_scale.py when the corpora are
absent). The Spark job is a full pass with nothing collected (``write.format("noop")``), run twice: "cold"
includes starting the Python workers and opening the model in each, "warm" reuses them (Spark keeps its Python
workers, and each its parser, between jobs). The session's own start-up is reported separately. Needs
``pip install ".[spark]"`` and a Java runtime.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from benchmark_scale import Row, reference_texts, report, time_batch  # noqa: E402

from refparse.corpus import resolve_data_dir  # noqa: E402


def start_spark(cores: int):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    start = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("refparse-benchmark")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(cores)).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).collect()  # the JVM and the scheduler up
    return spark, time.perf_counter() - start


def time_spark(spark, texts: list[str], cores: int, partitions: int, label: str) -> Row:
    from refparse.integrations.spark import parse_dataframe

    df = spark.sparkContext.parallelize(list(enumerate(texts)), partitions).toDF("id long, text string")
    before = os.getloadavg()[0]
    start = time.perf_counter()
    parse_dataframe(df).write.format("noop").mode("overwrite").save()
    seconds = time.perf_counter() - start
    return Row(f"Spark local[{cores}], {partitions} partitions, {label}", len(texts), seconds, before,
               os.getloadavg()[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="references (default 20,000)")
    ap.add_argument("--cores", type=int, default=2, help="Spark local cores, and parse_many's n_jobs (default 2)")
    ap.add_argument("--partitions", type=int, default=0, help="DataFrame partitions (default: n / 2000)")
    ap.add_argument("--batch-size", type=int, default=256, help="parse_many's batch size")
    ap.add_argument("--data-dir", help="corpus folder (default: ../shared/data)")
    ap.add_argument("--output", help="also write the table (markdown) to this file")
    args = ap.parse_args(argv)

    texts, origin = reference_texts(args.n, resolve_data_dir(args.data_dir))
    partitions = args.partitions or max(args.cores, args.n // 2000)
    rows = []
    for jobs in (1, args.cores):
        rows.append(time_batch(texts, jobs, args.batch_size))
        print(f"{rows[-1].setup}: {rows[-1].per_second:,.0f} references/s", file=sys.stderr)
    spark, startup = start_spark(args.cores)
    try:
        for label in ("cold", "warm"):
            rows.append(time_spark(spark, texts, args.cores, partitions, label))
            print(f"{rows[-1].setup}: {rows[-1].per_second:,.0f} references/s", file=sys.stderr)
    finally:
        spark.stop()
    table = report(rows, None, [], origin)
    table += f"\nSpark session start-up (not included above): {startup:.1f} s.\n"
    print(table)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
