"""GROBID's citation training TEI, read and written: ``<listBibl><bibl><author>…</author>, <title level="a">…``.

This is the file GROBID's citation model trains on (one ``<bibl>`` per reference, the punctuation between the
fields left outside the tags), not the ``<biblStruct>`` records GROBID returns. Tags map to refparse's labels as
``../shared/data/README.md`` says: ``title[level=a]`` is title, ``level=j`` container-title, ``level=m``
container-title when the reference also has an article title (else title), ``level=s`` collection-title;
``biblScope[unit=volume|issue|page]``; ``pubPlace`` location; ``orgName[type=collaboration]`` author, another
``orgName`` publisher; ``note[type=report]`` genre; ``idno`` doi / isbn / identifier by type; ``ptr[type=web]``
url. Labels GROBID lacks are written as TEI has them: ``<editor role="translator">``, ``<edition>``,
``<label>`` (citation number), ``<note type="other">``. Whitespace runs are read as one space.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ._xml import (Element, LabelledFileError, LabelledRecord, assemble, check_spans, escape, parse_xml,
                   unknown_label_message)

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
          "\t<teiHeader>\n\t\t<fileDesc>\n\t\t\t<titleStmt/>\n\t\t\t<publicationStmt/>\n\t\t\t<sourceDesc/>\n"
          "\t\t</fileDesc>\n\t</teiHeader>\n\t<text>\n\t\t<back>\n\t\t\t<listBibl>\n")
FOOTER = "\t\t\t</listBibl>\n\t\t</back>\n\t</text>\n</TEI>\n"

_PLAIN = {"author": "author", "editor": "editor", "date": "date", "publisher": "publisher", "location": "pubPlace",
          "edition": "edition", "note": "note", "citation-number": "label"}
_WITH_ATTRIBUTE = {"translator": ("editor", 'role="translator"'), "collection-title": ("title", 'level="s"'),
                   "volume": ("biblScope", 'unit="volume"'), "issue": ("biblScope", 'unit="issue"'),
                   "pages": ("biblScope", 'unit="page"'), "genre": ("note", 'type="report"'),
                   "other": ("note", 'type="other"'), "doi": ("idno", 'type="DOI"'), "isbn": ("idno", 'type="ISBN"'),
                   "identifier": ("idno", ""), "url": ("ptr", 'type="web"')}

#: Tags read, for the error message on an unknown one.
KNOWN_TAGS = ("author", "editor", "title", "date", "biblScope", "publisher", "pubPlace", "orgName", "institution",
              "note", "idno", "ptr", "edition", "label", "lb")


def tei_tag(label: str, record: LabelledRecord) -> tuple[str, str]:
    """``(element, attributes)`` for a label in this record (titles depend on the record's other fields)."""
    labels = {lab for _, _, lab in record.spans}
    if label == "title":
        return "title", 'level="a"' if "container-title" in labels else 'level="m"'
    if label == "container-title":
        # a book that holds the work (editors or a publisher, no volume) is level m; m is read back as the
        # container only beside an article title, so without a title it is a journal (j)
        book = bool(labels & {"editor", "publisher"}) and not labels & {"volume", "issue"}
        return "title", 'level="m"' if book and "title" in labels else 'level="j"'
    if label in _PLAIN:
        return _PLAIN[label], ""
    return _WITH_ATTRIBUTE[label]


def bibl_line(record: LabelledRecord) -> str:
    check_spans(record)
    parts, position = [], 0
    for start, end, label in record.spans:
        element, attributes = tei_tag(label, record)
        opening = f"{element} {attributes}" if attributes else element
        parts.append(escape(record.text[position:start]) + f"<{opening}>{escape(record.text[start:end])}</{element}>")
        position = end
    parts.append(escape(record.text[position:]))
    return f"<bibl>{''.join(parts)}</bibl>"


def write_grobid_training(records: Iterable[LabelledRecord], out: TextIO) -> None:
    out.write(HEADER)
    try:
        for record in records:
            out.write(bibl_line(record) + "\n")
    finally:
        out.write(FOOTER)


def read_grobid_training(path: str | Path, data: str | None = None) -> list[LabelledRecord]:
    """Every ``<bibl>`` of a TEI file (or a ``teiCorpus`` of them), in order; an unknown tag inside a bibl
    raises LabelledFileError with its line."""
    data = Path(path).read_text(encoding="utf-8") if data is None else data
    root = parse_xml(data, path)
    if root.tag not in ("TEI", "teiCorpus", "tei"):
        raise LabelledFileError(path, root.line, f"expected GROBID's root element <TEI>, found <{root.tag}>")
    records = []
    for number, bibl in enumerate(root.iter("bibl"), 1):
        text, spans = assemble(list(_pieces(bibl, path)), collapse=True)
        if text:
            records.append(LabelledRecord(text, spans, f"{Path(path).name}/{number}", "grobid", bibl.line))
    return records


def _pieces(bibl: Element, path: str | Path) -> Iterator[tuple[str, str | None, int]]:
    has_article_title = any(t.attrs.get("level") == "a" for t in bibl.elements("title"))
    for child in bibl.children:
        if isinstance(child, str):
            yield child, None, bibl.line
        elif child.tag == "lb":
            yield " ", None, child.line  # a line break of the PDF: a space once whitespace is collapsed
        else:
            yield child.text(), label_of(child, has_article_title, path), child.line


def label_of(element: Element, has_article_title: bool, path: str | Path) -> str:
    """The refparse label of one tagged field of a bibl."""
    tag, attrs = element.tag, element.attrs
    kind = (attrs.get("type") or attrs.get("unit") or "").lower()
    if tag == "title":
        level = attrs.get("level", "")
        return {"a": "title", "j": "container-title", "s": "collection-title",
                "m": "container-title" if has_article_title else "title"}.get(level, "title")
    if tag == "biblScope":
        return {"volume": "volume", "vol": "volume", "issue": "issue", "page": "pages", "pp": "pages",
                "pages": "pages"}.get(kind, "other")
    if tag == "idno":
        return {"doi": "doi", "isbn": "isbn"}.get(kind, "identifier")
    if tag == "editor":
        return "translator" if attrs.get("role") == "translator" else "editor"
    if tag == "note":
        return {"report": "genre", "other": "other"}.get(kind, "note")
    if tag == "orgName":
        return "author" if kind == "collaboration" else "publisher"
    simple = {"author": "author", "date": "date", "publisher": "publisher", "institution": "publisher",
              "pubPlace": "location", "ptr": "url", "edition": "edition", "label": "citation-number"}
    if tag not in simple:
        raise LabelledFileError(path, element.line, unknown_label_message(tag, KNOWN_TAGS).replace(
            "unknown label", "unknown GROBID tag"), element.column)
    return simple[tag]
