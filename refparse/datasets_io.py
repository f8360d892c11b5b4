"""The bridge to Hugging Face ``datasets``: imported only by training and data tools, never by ``parse``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_dataset_jsonl(path: str | Path):
    """Load one JSONL corpus file of the shared schema as a ``datasets.Dataset``.

    Columns: ``id``, ``source``, ``text`` and the spans as three parallel lists ``span_start``, ``span_end``,
    ``span_label`` (Arrow cannot type the schema's mixed ``[start, end, label, orig]`` lists).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: {path} (set --data-dir or REFPARSE_DATA_DIR)")
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("reading corpora needs the 'datasets' package: pip install 'refparse[train]'") from exc
    datasets.disable_progress_bars()
    raw = datasets.load_dataset("text", data_files=str(path), split="train")
    raw = raw.filter(lambda row: bool(row["text"].strip()))
    return raw.map(_columns_from_line, remove_columns=["text"])


def _columns_from_line(row: dict[str, Any]) -> dict[str, Any]:
    record = json.loads(row["text"])
    spans = record.get("spans") or []
    return {
        "id": str(record.get("id", "")),
        "source": str(record.get("source", "")),
        "text": record["text"],
        "span_start": [int(s[0]) for s in spans],
        "span_end": [int(s[1]) for s in spans],
        "span_label": [str(s[2]) for s in spans],
    }


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Dataset row back in the shared schema's form."""
    spans = [list(s) for s in zip(row["span_start"], row["span_end"], row["span_label"])]
    return {"id": row["id"], "source": row["source"], "text": row["text"], "spans": spans}
