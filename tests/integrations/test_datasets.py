"""Hugging Face datasets: our labelled JSONL as a Dataset, and Dataset.map parsing (batched, num_proc)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

datasets = pytest.importorskip("datasets")

import refparse  # noqa: E402
from refparse.corpus import load_dataset_jsonl, read_jsonl, read_jsonl_plain, record_from_row  # noqa: E402
from refparse.integrations.datasets import PARSED_COLUMNS, parse_dataset  # noqa: E402

RECORDS = [
    {"id": "a/1", "source": "a", "text": "Smith, J. (2001). A title. Journal of Things, 3(2), 1-9.",
     "spans": [[0, 9, "author", "author"], [11, 15, "date", "date"], [18, 25, "title", "title"],
               [27, 44, "container-title", "journal"]]},
    {"id": "a/2", "source": "a", "text": "Doe, A. 1999. Another one. Press.",
     "spans": [[0, 7, "author", "author"], [8, 12, "date", "date"]]},
]


def texts(n: int) -> list[str]:
    return [f"Author{i}, B. ({1960 + i % 50}). Paper {i}. Review {i % 7}, {i % 30}({i % 4 + 1}), {i}-{i + 3}."
            for i in range(n)]


def test_importing_refparse_and_parsing_does_not_import_datasets():
    code = "import refparse, sys; refparse.parse('x'); assert 'datasets' not in sys.modules, 'datasets imported'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_labelled_jsonl_loads_as_a_dataset_for_training(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n\n", encoding="utf-8")
    ds = load_dataset_jsonl(path)
    assert isinstance(ds, datasets.Dataset) and len(ds) == 2
    assert {"id", "source", "text", "span_start", "span_end", "span_label"} <= set(ds.column_names)
    assert [record_from_row(row)["spans"] for row in ds] == [[s[:3] for s in r["spans"]] for r in RECORDS]
    # the training readers (train.py uses read_jsonl) see the same examples through datasets as without it
    assert read_jsonl(path) == read_jsonl_plain(path)


def test_dataset_map_adds_typed_parsed_columns_in_order():
    values = texts(40) + ["", "%%%"]
    ds = datasets.Dataset.from_dict({"id": list(range(len(values))), "text": values})
    parsed = parse_dataset(ds, batch_size=8)
    assert len(parsed) == len(ds) and parsed["id"] == ds["id"] and parsed["text"] == values
    assert set(f"ref_{c}" for c in PARSED_COLUMNS) <= set(parsed.column_names)
    assert parsed.features["ref_year"].dtype == "int32"
    expected = refparse.parse_many(values)
    assert [json.loads(j) for j in parsed["ref_json"]] == [json.loads(json.dumps(r.to_dict())) for r in expected]
    assert parsed["ref_year"] == [r.year for r in expected]
    assert parsed["ref_authors"][0] == [str(n) for n in expected[0].authors] != []


def test_dataset_map_on_two_processes_gives_the_same_rows():
    ds = datasets.Dataset.from_dict({"text": texts(120)})
    one = parse_dataset(ds, batch_size=16)
    two = parse_dataset(ds, batch_size=16, num_proc=2)
    assert two.to_list() == one.to_list()


def test_a_column_that_is_missing_or_holds_none_is_handled():
    ds = datasets.Dataset.from_dict({"ref": ["Smith, J. (2001). T. J, 1, 2-3.", None]})
    with pytest.raises(ValueError, match="no column 'text'"):
        parse_dataset(ds)
    parsed = parse_dataset(ds, column="ref", method="rules", prefix="p_")
    assert parsed["p_source"] == ["rules", "error"] and parsed["p_year"] == [2001, None]


@pytest.mark.corpus
def test_dev_corpus_as_dataset_parses_with_num_proc(data_dir):
    dev = load_dataset_jsonl(data_dir / "parse" / "dev.jsonl").select(range(150))
    parsed = parse_dataset(dev, num_proc=2, batch_size=32)
    assert parsed["id"] == dev["id"] and "ref_title" in parsed.column_names
    assert sum(s != "error" for s in parsed["ref_source"]) == 150
    expected = refparse.parse_many(dev["text"])
    assert parsed["ref_title"] == [r.title for r in expected]
    assert parsed["ref_year"] == [r.year for r in expected]
    assert sum(y is not None for y in parsed["ref_year"]) >= 120  # generous floor, any reasonable model
