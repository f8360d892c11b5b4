"""refparse's own labelled markup: references a person corrects in any editor and ``refparse train --add`` reads.

One reference per line, labels as tags around the text, everything between the tags (punctuation, cue words,
spaces) unlabelled::

    <?xml version="1.0" encoding="utf-8"?>
    <references>
    <ref check="5c1f0e0a9b2d"><author>Smith, J.</author> (<date>2001</date>). <title>A title</title>. ...</ref>
    </references>

To correct a reference, move, add or remove tags; leave the characters as they are. ``check`` is a digest of
the reference's text: reading refuses a reference whose text no longer matches it (a character typed or deleted
by mistake), naming the line; delete the attribute when the text was changed on purpose. A reference with a
``skip`` attribute is left out (the parser writes one for an input line it could not read). Reading gives
exactly the text and spans that were written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..labels import LABELS
from ._xml import (Element, LabelledFileError, LabelledRecord, assemble, check_spans, escape, parse_xml,
                   unknown_label_message)

ROOT, RECORD = "references", "ref"

HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n'
          "<!-- Labelled references, one <ref> per line. Correct a reference by moving, adding or removing the tags\n"
          "     around its fields; do not change the characters (the check attribute catches that: delete it if you\n"
          "     changed a reference on purpose). Labels:\n     " + ", ".join(LABELS) + ".\n"
          "     Add skip=\"why\" to a <ref> to leave it out. Retrain with the add option of refparse train. -->\n")


def text_check(text: str) -> str:
    """The ``check`` attribute of a reference: the first 12 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def record_line(record: LabelledRecord, skip: str | None = None) -> str:
    """One ``<ref>`` element on one line."""
    check_spans(record)
    attrs = [(name, value) for name, value in (("id", record.id), ("source", record.source)) if value]
    if skip is not None:
        attrs.append(("skip", skip))
    elif record.text:
        attrs.append(("check", text_check(record.text)))
    opening = RECORD + "".join(f' {name}="{escape(value)}"' for name, value in attrs)
    if not record.text:
        return f"<{opening}/>"
    return f"<{opening}>{inline_markup(record)}</{RECORD}>"


def inline_markup(record: LabelledRecord) -> str:
    """The reference's text with its labels as tags: ``<author>Smith, J.</author> (<date>2001</date>). ...``"""
    parts, position = [], 0
    for start, end, label in record.spans:
        parts.append(escape(record.text[position:start]))
        parts.append(f"<{label}>{escape(record.text[start:end])}</{label}>")
        position = end
    parts.append(escape(record.text[position:]))
    return "".join(parts)


def write_markup(records: Iterable[LabelledRecord | tuple[LabelledRecord, str]], out: TextIO) -> None:
    """The whole file, written as records arrive; a ``(record, reason)`` pair is written with ``skip=reason``.
    The closing tag is written even when producing the records fails, so what was written stays readable."""
    out.write(HEADER + f"<{ROOT}>\n")
    try:
        for item in records:
            record, skip = item if isinstance(item, tuple) else (item, None)
            out.write(record_line(record, skip) + "\n")
    finally:
        out.write(f"</{ROOT}>\n")


def read_markup(path: str | Path, data: str | None = None) -> list[LabelledRecord]:
    """The references of a markup file, in order (empty and skipped ones left out). Mistakes of a hand edit (an
    unknown label, an unclosed or nested tag, a changed text, text outside any reference) raise
    :class:`LabelledFileError` naming the file, the line and what to fix."""
    data = Path(path).read_text(encoding="utf-8") if data is None else data
    root = parse_xml(data, path)
    if root.tag != ROOT:
        raise LabelledFileError(path, root.line, f"expected the root element <{ROOT}> of a refparse labelled file, "
                                f"found <{root.tag}> (AnyStyle's <dataset> and GROBID's <TEI> are read by "
                                "refparse convert and train --add when the file is named with --format, or detected)")
    return list(_records(root, path))


def _records(root: Element, path: str | Path) -> Iterator[LabelledRecord]:
    for number, child in enumerate(_record_elements(root, path), 1):
        if "skip" in child.attrs:
            continue
        text, spans = assemble(list(_pieces(child, path)), collapse=False)
        _check_text(child, text, path)
        if text:
            yield LabelledRecord(text, spans, child.attrs.get("id") or f"{Path(path).name}/{number}",
                                 child.attrs.get("source", ""), child.line)


def _record_elements(root: Element, path: str | Path) -> Iterator[Element]:
    for child in root.children:
        if isinstance(child, str):
            if child.strip():
                raise LabelledFileError(path, root.line, f"text outside any <{RECORD}>: {child.strip()[:40]!r}; "
                                        f"put it inside a <{RECORD}> or delete it")
            continue
        if child.tag != RECORD:
            raise LabelledFileError(path, child.line, f"<{child.tag}> outside any <{RECORD}>: each reference is one "
                                    f"<{RECORD}>...</{RECORD}>, with the labels inside it", child.column)
        yield child


def _pieces(ref: Element, path: str | Path) -> Iterator[tuple[str, str | None, int]]:
    for child in ref.children:
        if isinstance(child, str):
            yield child, None, ref.line
            continue
        if child.tag not in LABELS:
            raise LabelledFileError(path, child.line, unknown_label_message(child.tag), child.column)
        inner = next(child.elements(), None)
        if inner is not None:
            raise LabelledFileError(path, inner.line, f"<{inner.tag}> inside <{child.tag}> (opened at column "
                                    f"{child.column}): labels cannot nest; close </{child.tag}> before opening "
                                    f"<{inner.tag}>", inner.column)
        yield child.text(), child.tag, child.line


def _check_text(ref: Element, text: str, path: str | Path) -> None:
    expected = ref.attrs.get("check")
    if expected is not None and text_check(text) != expected:
        raise LabelledFileError(path, ref.line, "the text of this reference changed since it was written (its check "
                                "attribute no longer matches): move only the tags, and undo the change to the "
                                "characters between them; if you changed the reference on purpose, delete "
                                'check="..."')
