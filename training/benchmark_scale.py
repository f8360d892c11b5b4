"""Parsing at scale: references per second on 1 and 2 processes and on a 2-worker Dask LocalCluster, and the
peak memory of the streaming CLI on a small versus a large file.

    python training/benchmark_scale.py                           # 100,000 references, memory at 10k and 100k
    python training/benchmark_scale.py --n 20000 --memory-sizes 10000 50000 --output reports/scale.md

The references are the dev corpus texts repeated (or a small built-in list when the corpora are absent), so the
figures measure throughput, not accuracy. Wall-clock times include starting the worker pool and opening the
model in each worker (the Dask cluster's own start-up is reported separately). The load average is printed
beside the figures: on a shared machine they are only comparable with each other, not with another run.
Peak memory is sampled every 50 ms over the CLI process and its worker processes (psutil).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refparse.batch import parse_many  # noqa: E402
from refparse.corpus import resolve_data_dir  # noqa: E402

BUILT_IN = [
    "Lafferty, J., McCallum, A., Pereira, F. (2001). Conditional random fields: Probabilistic models for "
    "segmenting and labeling sequence data. In Proceedings of ICML, pp. 282-289.",
    "Smith, J. A. and Jones, B. 2019. Deep parsing of citations. Journal of Documentation 75(3): 401-420.",
    "[12] M. Kay, Functional grammar, Proc. 5th Annual Meeting of the Berkeley Linguistics Society, 1979.",
    "Councill, I. G., Giles, C. L., Kan, M.-Y. ParsCit: an open-source CRF reference string parsing package. "
    "LREC 2008.",
    "Tkaczyk D, Collins A, Sheridan P, Beel J (2018) Machine learning vs. rules and out-of-the-box vs. retrained: "
    "an evaluation of open-source bibliographic reference and citation parsers. JCDL, 99-108. "
    "doi:10.1145/3197026.3197048",
]


@dataclass
class Row:
    setup: str
    references: int
    seconds: float
    load_before: float
    load_after: float

    @property
    def per_second(self) -> float:
        return self.references / self.seconds


@dataclass
class MemoryRow:
    references: int
    jobs: int
    seconds: float
    main_peak_mb: float
    tree_peak_mb: float


def reference_texts(n: int, data_dir: Path) -> tuple[list[str], str]:
    dev = data_dir / "parse" / "dev.jsonl"
    if dev.is_file():
        with open(dev, encoding="utf-8") as f:
            base, origin = [json.loads(line)["text"] for line in f if line.strip()], "dev corpus texts, repeated"
    else:
        base, origin = BUILT_IN, "built-in references, repeated (corpora not found)"
    return [base[i % len(base)] for i in range(n)], origin


def time_batch(texts: list[str], jobs: int, batch_size: int) -> Row:
    before = os.getloadavg()[0]
    start = time.perf_counter()
    results = parse_many(texts, n_jobs=jobs, batch_size=batch_size)
    seconds = time.perf_counter() - start
    assert len(results) == len(texts)
    return Row(f"refparse.batch, {jobs} process{'es' if jobs > 1 else ''}", len(texts), seconds, before,
               os.getloadavg()[0])


def time_dask(texts: list[str], workers: int, partitions: int) -> tuple[Row, float]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    from refparse.integrations.dask import parse_bag

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    client = Client(cluster)
    startup = time.perf_counter() - start
    try:
        before = os.getloadavg()[0]
        start = time.perf_counter()
        results = parse_bag(db.from_sequence(texts, npartitions=partitions), as_dict=False).compute()
        seconds = time.perf_counter() - start
        assert len(results) == len(texts)
    finally:
        client.close()
        cluster.close()
    return Row(f"Dask LocalCluster, {workers} worker processes", len(texts), seconds, before,
               os.getloadavg()[0]), startup


def measure_cli_memory(texts: list[str], n: int, jobs: int) -> MemoryRow:
    """Run `refparse parse -i FILE --jobs J -f jsonl -o /dev/null` on n lines; sample its memory."""
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "refs.txt"
        with open(path, "w", encoding="utf-8") as f:
            for i in range(n):
                f.write(texts[i % len(texts)] + "\n")
        command = [sys.executable, "-m", "refparse.cli", "parse", "-i", str(path), "-f", "jsonl", "-o", os.devnull,
                   "--jobs", str(jobs)]
        start = time.perf_counter()
        proc = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        main_peak = tree_peak = 0
        while proc.poll() is None:
            try:
                main = proc.memory_info().rss
                tree = main + sum(_rss(child) for child in proc.children(recursive=True))
            except psutil.NoSuchProcess:
                break
            main_peak, tree_peak = max(main_peak, main), max(tree_peak, tree)
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if proc.wait() != 0:
            raise SystemExit(f"refparse parse failed: {proc.stderr.read().decode()[-2000:]}")
    return MemoryRow(n, jobs, seconds, main_peak / 2**20, tree_peak / 2**20)


def _rss(process) -> int:
    try:
        return process.memory_info().rss
    except Exception:  # a worker that just exited
        return 0


def report(rows: list[Row], dask_startup: float | None, memory: list[MemoryRow], origin: str) -> str:
    lines = [f"Machine: {os.cpu_count()} cores; references: {origin}.", "",
             "| setup | references | seconds | references/s | speed-up | load avg before/after |",
             "|---|---:|---:|---:|---:|---|"]
    base = rows[0].per_second if rows else 1.0
    for row in rows:
        lines.append(f"| {row.setup} | {row.references:,} | {row.seconds:.1f} | {row.per_second:,.0f} | "
                     f"{row.per_second / base:.2f}x | {row.load_before:.1f} / {row.load_after:.1f} |")
    if dask_startup is not None:
        lines += ["", f"Dask cluster start-up (not included above): {dask_startup:.1f} s."]
    if memory:
        lines += ["", "Streaming CLI (`refparse parse -i FILE --jobs J -f jsonl -o /dev/null`), peak resident memory:",
                  "", "| references | jobs | seconds | CLI process peak MB | CLI + workers peak MB |",
                  "|---:|---:|---:|---:|---:|"]
        for m in memory:
            lines.append(f"| {m.references:,} | {m.jobs} | {m.seconds:.1f} | {m.main_peak_mb:.0f} | "
                         f"{m.tree_peak_mb:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="references for the throughput runs (default 100,000)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="process counts to time (default: 1 2)")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--dask-workers", type=int, default=2, help="Dask worker processes; 0 skips Dask (default 2)")
    ap.add_argument("--dask-partitions", type=int, default=0, help="bag partitions (default: n / 2000)")
    ap.add_argument("--memory-sizes", type=int, nargs="*", default=[10_000, 100_000],
                    help="file sizes for the CLI memory runs (default: 10,000 and 100,000; none to skip)")
    ap.add_argument("--memory-jobs", type=int, default=2, help="--jobs of the CLI memory runs (default 2)")
    ap.add_argument("--data-dir", help="corpus folder (default: ../shared/data)")
    ap.add_argument("--output", help="also write the table (markdown) to this file")
    args = ap.parse_args(argv)

    texts, origin = reference_texts(args.n, resolve_data_dir(args.data_dir))
    rows = []
    for jobs in args.jobs:
        rows.append(time_batch(texts, jobs, args.batch_size))
        print(f"{rows[-1].setup}: {rows[-1].per_second:,.0f} references/s", file=sys.stderr)
    dask_startup = None
    if args.dask_workers:
        row, dask_startup = time_dask(texts, args.dask_workers, args.dask_partitions or max(1, args.n // 2000))
        rows.append(row)
        print(f"{row.setup}: {row.per_second:,.0f} references/s", file=sys.stderr)
    memory = []
    for n in args.memory_sizes:
        memory.append(measure_cli_memory(texts, n, args.memory_jobs))
        print(f"CLI on {n:,} lines: peak {memory[-1].tree_peak_mb:.0f} MB", file=sys.stderr)
    table = report(rows, dask_startup, memory, origin)
    print(table)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
