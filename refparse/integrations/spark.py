"""Parsing on Spark: a DataFrame with a column of reference strings in, the same rows with the parsed fields out.

>>> from pyspark.sql import SparkSession
>>> from refparse.integrations.spark import parse_dataframe
>>> spark = SparkSession.builder.getOrCreate()                                         # doctest: +SKIP
>>> refs = spark.read.text("references-*.txt").withColumnRenamed("value", "text")     # doctest: +SKIP
>>> parsed = parse_dataframe(refs)                                                     # doctest: +SKIP
>>> parsed.select("ref_title", "ref_year", "ref_doi").show()                           # doctest: +SKIP
>>> parsed.select("ref_json").write.text("parsed")          # one JSON record a line    # doctest: +SKIP

It is one ``mapInPandas``: each partition goes through the executor's Python worker in Arrow batches, and each
worker process opens the model once, on its first batch, and keeps it for every later batch and task (the
process's parser, :func:`refparse.parser.shared_parser`, keyed on model and method; Spark reuses its Python
workers by default, ``spark.python.worker.reuse``). The model file must be readable on every executor (the
default is the model shipped inside the installed package, so refparse must be installed there).

One output row per input row, in the input's order within each partition and with the partitions as they were
(no shuffle); a value that is not a string (null, a number) is an error record (``ref_source == "error"``, the
reason in the record's ``warnings``) rather than a failed task. ``import refparse`` never imports pyspark:
only :func:`parse_dataframe` and :func:`parser_info` do, and the functions the executors run need only pandas.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..parser import check_method, shared_parser, shared_parser_info
from .records import PARSED_COLUMNS, flat_record

#: Spark SQL types of the parsed columns (:data:`refparse.integrations.records.PARSED_COLUMNS`).
SPARK_TYPES: dict[str, str] = {"list[string]": "array<string>", "string": "string", "int32": "int",
                               "float64": "double"}


def parsed_schema(prefix: str = "ref_") -> str:
    """The parsed columns as a Spark DDL schema string: ``ref_authors array<string>, ref_title string, ...``."""
    return ", ".join(f"`{prefix}{name}` {SPARK_TYPES[kind]}" for name, kind in PARSED_COLUMNS.items())


def parse_dataframe(df, column: str = "text", model: str | Path | None = None, method: str = "auto",
                    prefix: str = "ref_", keep: Sequence[str] | None = None):
    """Parse the reference strings of ``df[column]``; return a DataFrame (lazy, like any transformation) of the
    ``keep`` columns (default: all of ``df``'s) followed by the parsed ones.

    Parsed columns: ``ref_authors`` (array of "Family, Given"), ``ref_title``, ``ref_container_title``,
    ``ref_year`` (int), ``ref_volume``, ``ref_issue``, ``ref_pages``, ``ref_publisher``, ``ref_doi``,
    ``ref_type``, ``ref_source`` ("crf", "hybrid", "rules", or "error" for a value that is not a string),
    ``ref_confidence`` (double) and ``ref_json`` (the whole record, ``Reference.to_dict()`` as JSON: editors,
    identifiers, raw fields, spans, warnings). ``model``: a .crfsuite path readable on every executor (default:
    the shipped model); ``method`` as in :meth:`refparse.parser.Parser.parse`. Kept columns go through
    Spark's pandas conversion unchanged for the usual types; carry an id column to join anything else back.
    """
    from pyspark.sql.types import StructType, _parse_datatype_string

    check_method(method)
    if column not in df.columns:
        raise ValueError(f"the DataFrame has no column {column!r}; its columns are {df.columns}")
    kept = list(df.columns) if keep is None else list(keep)
    missing = [name for name in kept if name not in df.columns]
    if missing:
        raise ValueError(f"keep names columns the DataFrame does not have: {missing}; its columns are {df.columns}")
    parsed = _parse_datatype_string(parsed_schema(prefix))
    clash = sorted(set(kept) & set(parsed.fieldNames()))
    if clash:
        raise ValueError(f"the DataFrame already has the columns {clash}: pass another prefix or leave them out "
                         f"of keep")
    schema = StructType([df.schema[name] for name in kept] + list(parsed.fields))
    needed = kept + ([column] if column not in kept else [])
    run = functools.partial(parse_batches, column=column, model=None if model is None else str(model),
                            method=method, prefix=prefix, keep=kept)
    return df.select(*[df[name] for name in needed]).mapInPandas(run, schema=schema)


def parse_batches(batches: Iterable, column: str = "text", model: str | None = None, method: str = "auto",
                  prefix: str = "ref_", keep: Sequence[str] | None = None) -> Iterator:
    """What each executor runs (no Spark needed): for each pandas DataFrame of ``batches``, the same rows'
    ``keep`` columns (default: all) with the parsed columns added, one row per row, in order."""
    import pandas as pd

    for batch in batches:
        parser = shared_parser(model, method)  # one per worker process, whatever the number of batches and tasks
        refs = [parser.parse(_missing_as_none(value), errors="record") for value in batch[column].tolist()]
        out = (batch if keep is None else batch[list(keep)]).reset_index(drop=True).copy()
        rows = [flat_record(ref) for ref in refs]
        for name, kind in PARSED_COLUMNS.items():
            values = [row[name] for row in rows]
            if kind == "int32":
                values = pd.array(values, dtype="Int32")
            elif kind == "float64":
                values = pd.array(values, dtype="Float64")
            else:
                values = pd.Series(values, dtype=object)
            out[prefix + name] = values
        yield out


def _missing_as_none(value: object) -> object:
    """pandas may hand a null of a string column over as NaN or ``pd.NA``: make it None, so its error record
    says "not NoneType" (a null) rather than "not float"."""
    import pandas as pd

    if value is None or isinstance(value, str):
        return value
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


def parser_info(df):
    """One row per partition of ``df``, computed by the Python worker that ran it: ``pid``, ``parsers`` (how
    many :func:`~refparse.parser.shared_parser` parsers that process holds) and ``loads`` (how many it ever
    built). After :func:`parse_dataframe` has run, each worker process shows ``loads == 1``, however many
    partitions it parsed (workers that Spark started since show 0)."""
    return df.select(df.columns[0]).mapInPandas(_partition_info, schema="pid long, parsers int, loads int")


def _partition_info(batches: Iterable) -> Iterator:
    import pandas as pd

    for _ in batches:  # the whole partition, then one row for it
        pass
    info = shared_parser_info()
    yield pd.DataFrame({"pid": [os.getpid()], "parsers": [info["parsers"]], "loads": [info["built"]]})
