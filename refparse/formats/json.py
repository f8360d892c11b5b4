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
    write_array_items((array_item(item) for item in items), out)


def write_array_items(items: Iterable[str], out: TextIO) -> None:
    """A JSON array of items already serialised by :func:`array_item` (in worker processes, say)."""
    out.write("[")
    try:
        for i, item in enumerate(items):
            out.write(("," if i else "") + "\n" + item)
    finally:
        out.write("\n]\n")


def array_item(item: dict) -> str:
    """One item of a JSON array as :func:`write_array` writes it."""
    return json.dumps(item, ensure_ascii=False, indent=2)


def json_item(ref: Reference) -> str:
    """A record as one item of the JSON array that :func:`write_json` writes."""
    return array_item(ref.to_dict())


def jsonl_line(ref: Reference) -> str:
    """A record as one line of JSON Lines, its newline included."""
    return json.dumps(ref.to_dict(), ensure_ascii=False) + "\n"


def numbered_line(line: str, number: int) -> str:
    """A line of :func:`jsonl_line` with ``"line": number`` put first (where the record stands in the input)."""
    return json.dumps({"line": number, **json.loads(line)}, ensure_ascii=False) + "\n"


def write_jsonl(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON object per line."""
    write_jsonl_lines(map(jsonl_line, records), out)


def write_jsonl_lines(lines: Iterable[str], out: TextIO) -> None:
    """JSON Lines already serialised by :func:`jsonl_line`."""
    for line in lines:
        out.write(line)
