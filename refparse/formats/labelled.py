"""Labelled references in every format refparse reads and writes for training: the shared corpus's JSON Lines,
refparse's own markup (:mod:`.markup`), AnyStyle's parser XML (:mod:`.anystyle`) and GROBID's citation training
TEI (:mod:`.grobid_training`). :func:`read_labelled` finds the format from the file itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..labels import LABELS
from ._xml import LabelledFileError, LabelledRecord
from .anystyle import read_anystyle, write_anystyle
from .grobid_training import read_grobid_training, write_grobid_training
from .markup import read_markup, write_markup

if TYPE_CHECKING:  # annotations only: types imports formats, never the reverse
    from ..types import Reference

#: Labelled formats: name -> what it is.
LABELLED_FORMATS: dict[str, str] = {
    "jsonl": "the shared corpus schema, one JSON object per line",
    "xml": "refparse's markup, one <ref> per line, labels as tags",
    "anystyle": "AnyStyle's parser XML (<dataset><sequence>)",
    "grobid-training": "GROBID's citation training TEI (<listBibl><bibl>)",
}

__all__ = ["LABELLED_FORMATS", "LabelledFileError", "LabelledRecord", "detect_format", "read_labelled",
           "record_from_reference", "write_labelled"]


def detect_format(path: str | Path, data: str) -> str:
    """The format of a labelled file: JSON Lines by a first line that is a JSON object, else the root element
    of the XML (``references``, ``dataset``, ``TEI``)."""
    head = data.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "jsonl"
    # the first element after the declaration, comments and processing instructions
    match = re.search(r"<([A-Za-z_][\w.:-]*)", re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.S))
    root = match.group(1).rsplit(":", 1)[-1] if match else ""
    by_root = {"references": "xml", "dataset": "anystyle", "TEI": "grobid-training", "teiCorpus": "grobid-training"}
    if root not in by_root:
        raise LabelledFileError(path, 1, "not a labelled file refparse knows: expected JSON Lines of the shared "
                                "schema or XML whose root is <references> (refparse), <dataset> (AnyStyle) or "
                                f"<TEI> (GROBID){f', found <{root}>' if root else ''}")
    return by_root[root]


def read_labelled(path: str | Path, fmt: str | None = None) -> list[LabelledRecord]:
    """The labelled references of ``path`` in ``fmt`` (None: detected); errors name the file and line."""
    data = Path(path).read_text(encoding="utf-8")
    fmt = fmt or detect_format(path, data)
    readers = {"jsonl": _read_jsonl, "xml": read_markup, "anystyle": read_anystyle,
               "grobid-training": read_grobid_training}
    if fmt not in readers:
        raise ValueError(f"unknown labelled format {fmt!r}; choose one of {', '.join(LABELLED_FORMATS)}")
    return readers[fmt](path, data)


def write_labelled(records: Iterable[LabelledRecord], fmt: str, out: TextIO, attach_unlabelled: bool = False) -> None:
    """Write ``records`` in one of :data:`LABELLED_FORMATS` (``attach_unlabelled``: AnyStyle's convention, see
    :mod:`.anystyle`)."""
    if fmt == "anystyle":
        write_anystyle(records, out, attach_unlabelled)
        return
    writers = {"jsonl": _write_jsonl, "xml": write_markup, "grobid-training": write_grobid_training}
    if fmt not in writers:
        raise ValueError(f"unknown labelled format {fmt!r}; choose one of {', '.join(LABELLED_FORMATS)}")
    writers[fmt](records, out)


def record_from_reference(ref: Reference) -> LabelledRecord:
    """A parsed reference as a labelled record: its text and the tagger's spans."""
    return LabelledRecord(ref.text, tuple((s.start, s.end, s.label) for s in ref.spans))


def _read_jsonl(path: str | Path, data: str) -> list[LabelledRecord]:
    records = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            spans = tuple(sorted((int(s[0]), int(s[1]), str(s[2])) for s in item.get("spans") or ()))
            text = item["text"]
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise LabelledFileError(path, number, f"not a reference of the shared schema ({exc})") from None
        unknown = sorted({label for _, _, label in spans} - set(LABELS))
        if unknown:
            raise LabelledFileError(path, number, f"labels outside the label set: {unknown}")
        records.append(LabelledRecord(text, spans, str(item.get("id") or f"{Path(path).name}/{number}"),
                                      str(item.get("source", "")), number))
    return records


def _write_jsonl(records: Iterable[LabelledRecord], out: TextIO) -> None:
    for record in records:
        item = {"id": record.id, "source": record.source, "text": record.text,
                "spans": [[start, end, label] for start, end, label in record.spans]}
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
