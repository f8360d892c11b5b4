"""Shared fixtures. Corpus-dependent tests use the ``corpus`` marker / ``data_dir`` fixture: they skip with a
reason when ../shared/data is absent, and fail instead when REFPARSE_REQUIRE_DATA=1 (as in .ci/run). The Spark tests
(tests/integrations/test_spark.py) do the same for pyspark and a Java runtime under REFPARSE_REQUIRE_SPARK=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refparse.corpus import resolve_data_dir

REQUIRE_DATA = os.environ.get("REFPARSE_REQUIRE_DATA") == "1"


def _data_dir() -> Path:
    return resolve_data_dir()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared corpus folder; skips (or fails under REFPARSE_REQUIRE_DATA=1) when it is missing."""
    path = _data_dir()
    if not (path / "parse" / "dev.jsonl").is_file():
        message = f"shared corpora not found at {path} (set REFPARSE_DATA_DIR or place them at ../shared/data)"
        if REQUIRE_DATA:
            pytest.fail(message + "; REFPARSE_REQUIRE_DATA=1 makes these tests mandatory")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def parser():
    """The shipped-model parser, loaded once for the whole session."""
    from refparse.parser import default_parser

    return default_parser()
