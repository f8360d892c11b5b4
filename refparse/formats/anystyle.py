"""AnyStyle's parser training XML, read and written: ``<dataset><sequence><author>…</author><date>…</date>…``.

AnyStyle tags every token; its tags map to refparse's labels as ``../shared/data/README.md`` says (``journal``,
``container-title`` and ``source`` are container-title, ``medium`` genre, ``director`` and ``producer`` other).
The labels AnyStyle lacks (issue, identifier, other) are written under their own names, which AnyStyle trains on
like any other tag.

Writing keeps the text between fields (punctuation, cue words) as text between the segments, so that reading
the file back gives the same text and spans; AnyStyle itself reads only the segments. With
``attach_unlabelled=True`` that text is appended to the segment before it instead, AnyStyle's own convention
(``<date>(2001).</date>``), for a file meant for AnyStyle alone; reading it back then gives wider spans.
Reading collapses whitespace runs to one space (segments are joined by single spaces, as AnyStyle joins them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..labels import LABELS
from ._xml import (Element, LabelledFileError, LabelledRecord, assemble, check_spans, escape, parse_xml,
                   unknown_label_message)

#: AnyStyle tags that are not refparse labels, and the label each maps to.
TAG_LABELS: dict[str, str] = {"journal": "container-title", "source": "container-title", "medium": "genre",
                              "director": "other", "producer": "other", "collection-number": "volume"}
KNOWN_TAGS: tuple[str, ...] = LABELS + tuple(TAG_LABELS)


def anystyle_tag(label: str, record: LabelledRecord) -> str:
    """The tag a label is written with: a venue beside a volume or an issue is a ``journal`` (AnyStyle's tag for
    periodicals), any other venue a ``container-title``; every other label keeps its name."""
    if label == "container-title" and any(lab in ("volume", "issue") for _, _, lab in record.spans):
        return "journal"
    return label


def sequence_line(record: LabelledRecord, attach_unlabelled: bool = False) -> str:
    check_spans(record)
    parts, position = [], 0
    for start, end, label in _segments(record, attach_unlabelled):
        tag = anystyle_tag(label, record)
        parts.append(escape(record.text[position:start]) + f"<{tag}>{escape(record.text[start:end])}</{tag}>")
        position = end
    parts.append(escape(record.text[position:]))
    return f"  <sequence>{''.join(parts)}</sequence>"


def _segments(record: LabelledRecord, attach_unlabelled: bool) -> Iterator[tuple[int, int, str]]:
    """The spans, or with ``attach_unlabelled`` each widened to take the unlabelled text after it (up to the
    space before the next field), the first also the text before it."""
    spans = record.spans
    for i, (start, end, label) in enumerate(spans):
        if attach_unlabelled:
            following = spans[i + 1][0] if i + 1 < len(spans) else len(record.text)
            start, end = (0 if i == 0 else start), max(end, len(record.text[:following].rstrip()))
        yield start, end, label


def write_anystyle(records: Iterable[LabelledRecord], out: TextIO, attach_unlabelled: bool = False) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<dataset>\n')
    try:
        for record in records:
            out.write(sequence_line(record, attach_unlabelled) + "\n")
    finally:
        out.write("</dataset>\n")


def read_anystyle(path: str | Path, data: str | None = None) -> list[LabelledRecord]:
    """The sequences of an AnyStyle dataset, in order; an unknown tag raises LabelledFileError with its line."""
    data = Path(path).read_text(encoding="utf-8") if data is None else data
    root = parse_xml(data, path)
    if root.tag != "dataset":
        raise LabelledFileError(path, root.line, f"expected AnyStyle's root element <dataset>, found <{root.tag}>")
    return [record for record in _records(root, path) if record.text]


def _records(root: Element, path: str | Path) -> Iterator[LabelledRecord]:
    for number, sequence in enumerate(root.iter("sequence"), 1):
        text, spans = assemble(list(_pieces(sequence, path)), collapse=True)
        yield LabelledRecord(text, spans, f"{Path(path).name}/{number}", "anystyle", sequence.line)


def _pieces(sequence: Element, path: str | Path) -> Iterator[tuple[str, str | None, int]]:
    for child in sequence.children:
        if isinstance(child, str):
            yield child, None, sequence.line
            continue
        label = TAG_LABELS.get(child.tag, child.tag)
        if label not in LABELS:
            raise LabelledFileError(path, child.line, unknown_label_message(child.tag, KNOWN_TAGS), child.column)
        yield child.text(), label, child.line
