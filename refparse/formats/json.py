"""JSON (one array) and JSON Lines output of :meth:`Reference.to_dict`, streamed record by record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Reference


def write_json(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON array, written as records arrive (so a long batch is never held in memory)."""
    write_array((ref.to_dict() for ref in records), out)


def write_array(items: Iterable[dict], out: TextIO) -> None:
    """A JSON array of ``items``, written as they arrive. The array is closed even when producing the items
    fails (an undecodable input line): what was written stays valid JSON."""
    out.write("[")
    try:
        for i, item in enumerate(items):
            out.write(("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False, indent=2))
    finally:
        out.write("\n]\n")


def write_jsonl(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON object per line."""
    for ref in records:
        out.write(json.dumps(ref.to_dict(), ensure_ascii=False) + "\n")
