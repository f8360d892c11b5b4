"""JSON (one array) and JSON Lines output of :meth:`Reference.to_dict`, streamed record by record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..types import Reference


def write_json(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON array, written as records arrive (so a long batch is never held in memory)."""
    out.write("[")
    for i, ref in enumerate(records):
        out.write(("," if i else "") + "\n" + json.dumps(ref.to_dict(), ensure_ascii=False, indent=2))
    out.write("\n]\n")


def write_jsonl(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON object per line."""
    for ref in records:
        out.write(json.dumps(ref.to_dict(), ensure_ascii=False) + "\n")
