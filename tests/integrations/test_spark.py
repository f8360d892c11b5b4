"""The Spark recipe on a local SparkSession (``local[2]``): the records of ``refparse.parse``, one row per row in
order, bad values as error records, the model opened once per Python worker however many partitions and batches
it parses.

The session tests skip, saying why, without pyspark or a Java runtime; under REFPARSE_REQUIRE_SPARK=1 (as in
.ci/run) they fail instead. They are ``slow`` (a Spark start-up is 5-15 s), so ``.ci/run`` runs them and the
default ``pytest`` does not; the pandas-level test runs everywhere pandas is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import refparse
from refparse.integrations.records import PARSED_COLUMNS
from refparse.integrations.spark import parse_batches, parse_dataframe, parsed_schema, parser_info

REQUIRE_SPARK = os.environ.get("REFPARSE_REQUIRE_SPARK") == "1"
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


def items(n: int) -> list[object]:
    out: list[object] = [f"Writer{i}, K. ({1950 + i % 60}). Study {i}. Annals {i % 9}, {i % 40}, {i}-{i + 5}."
                         for i in range(n)]
    out[5], out[17], out[19] = "", None, "%%% garbage %%%"
    return out


def expected_json(values: list[object]) -> list[dict]:
    return json.loads(json.dumps([r.to_dict() for r in refparse.parse_many(values)]))


def test_importing_refparse_and_the_spark_module_does_not_import_pyspark():
    code = ("import refparse, sys; refparse.parse('x'); import refparse.integrations.spark; "
            "assert not any(m.split('.')[0] in ('pyspark', 'py4j') for m in sys.modules), 'pyspark imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_parse_batches_keeps_rows_and_order_and_marks_bad_values():
    pd = pytest.importorskip("pandas")
    values = items(30)
    batches = [pd.DataFrame({"id": range(i, i + 10), "text": values[i:i + 10]}, index=range(100 + i, 110 + i))
               for i in range(0, 30, 10)]
    batches[1].loc[batches[1].index[7], "text"] = float("nan")  # a null as pandas may give it: row 17 again
    out = list(parse_batches(iter(batches)))
    assert [len(b) for b in out] == [10, 10, 10]
    rows = pd.concat(out, ignore_index=True)
    assert rows["id"].tolist() == list(range(30))
    assert [json.loads(j) for j in rows["ref_json"]] == expected_json(values)
    assert rows["ref_source"][17] == "error" and rows["ref_source"][5] != "error"
    assert "not NoneType" in json.loads(rows["ref_json"][17])["warnings"][0]
    assert list(rows.columns) == ["id", "text"] + [f"ref_{name}" for name in PARSED_COLUMNS]
    assert parsed_schema().startswith("`ref_authors` array<string>, `ref_title` string")


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install '.[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and (Path(java_home) / "bin" / "java").is_file()):
        return "no Java runtime (java not on PATH, no JAVA_HOME); e.g. apt-get install default-jre-headless"
    return None


@pytest.fixture(scope="module")
def spark():
    missing = _spark_missing()
    if missing:
        if REQUIRE_SPARK:
            pytest.fail(f"{missing}; REFPARSE_REQUIRE_SPARK=1 makes the Spark tests mandatory", pytrace=False)
        pytest.skip(missing)
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter (and refparse)
    session = (SparkSession.builder.master("local[2]").appName("refparse-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "4")  # several batches per partition
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.slow
def test_a_dataframe_on_local_spark_matches_parsing_here_and_loads_the_model_once_per_worker(spark):
    values = items(50)
    df = spark.sparkContext.parallelize(list(enumerate(values)), 6).toDF("id long, text string")
    parsed = parse_dataframe(df)
    assert parsed.columns == ["id", "text"] + [f"ref_{name}" for name in PARSED_COLUMNS]
    rows = parsed.collect()
    assert [r.id for r in rows] == list(range(50))  # one row per row, in order, no shuffle
    records = [json.loads(r.ref_json) for r in rows]
    assert records == expected_json(values)
    expected = refparse.parse_many(values)
    assert [r.ref_year for r in rows] == [e.year for e in expected]
    assert [r.ref_title for r in rows] == [e.title for e in expected]
    assert rows[0].ref_authors == [str(n) for n in expected[0].authors] != []
    assert [r.ref_source for r in rows].count("error") == 1 and rows[17].ref_source == "error"
    assert rows[17].text is None and rows[19].ref_source != "error" and rows[5].ref_source != "error"
    # 6 partitions of up to 4-row batches on 2 reused Python workers: each built its parser once
    info = parser_info(df).collect()
    loads = {row.pid: row.loads for row in info}
    assert 1 <= len(loads) <= 2 < len(info) and set(loads.values()) == {1}
    assert all(row.parsers == 1 for row in info)


@pytest.mark.slow
def test_spark_non_string_values_keep_and_prefix_and_argument_errors(spark):
    df = spark.createDataFrame([(1, 7, "Doe, J. (2001). A title. Journal 3, 1-9."), (2, None, "")],
                               "id int, number int, text string")
    rows = parse_dataframe(df, column="number", keep=["id"], prefix="p_", method="rules").collect()
    assert [r.id for r in rows] == [1, 2] and list(rows[0].asDict()) == ["id"] + [f"p_{n}" for n in PARSED_COLUMNS]
    assert [r.p_source for r in rows] == ["error", "error"]
    warned = [json.loads(r.p_json)["warnings"] for r in rows]
    assert warned[0][0].startswith("TypeError: text must be a str, not ")  # int, or float as pandas may make it
    assert warned[1] == ["TypeError: text must be a str, not NoneType"]
    assert parse_dataframe(df, method="rules").collect()[0].ref_source == "rules"
    with pytest.raises(ValueError, match="no column 'body'"):
        parse_dataframe(df, column="body")
    with pytest.raises(ValueError, match="method must be one of"):
        parse_dataframe(df, method="quick")
    with pytest.raises(ValueError, match="already has the columns"):
        parse_dataframe(parse_dataframe(df))
