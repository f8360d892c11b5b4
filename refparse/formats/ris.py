"""RIS: one tagged record per reference, as reference managers (Zotero, EndNote, Mendeley) import and rispy reads.

Each line is ``TAG  - value``; a record opens with ``TY`` and closes with ``ER  -``. The tags written:

* ``TY`` the type, from the record's CSL type (:data:`RIS_TYPES`: JOUR, BOOK, CHAP, CPAPER, THES, RPRT, ELEC,
  UNPB for a preprint, GEN otherwise);
* ``AU`` per author and ``ED`` per editor as "Family, Given" (the particle before the family name, a suffix
  after the given names: "van Gogh, Vincent, Jr."), an organisation as its name; ``A4`` per translator;
* ``TI`` the title; ``T2`` the container (journal, book, proceedings), and also ``JO`` for a journal;
  ``T3`` the series;
* ``PY`` the year, ``DA`` the date as ``YYYY/MM/DD/`` when the month is known; ``Y2`` the access date;
* ``VL``, ``IS``, ``SP``/``EP`` (first and last page; a page that is not a range in ``SP``), ``PB``, ``CY``,
  ``ET``, ``M3`` (genre: "PhD thesis"), ``DO``, ``UR``, ``SN`` (the ISBN, else the ISSN);
* ``N1`` notes: the record's note, the identifiers RIS has no tag for ("arXiv: ...", "PMID: ...",
  "PMCID: ...", "ISSN: ..." when an ISBN took ``SN``), "in press" and the like.

Values are single lines (line breaks become spaces); lines end with LF, which rispy and the reference managers
read as they read CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Name, Reference

#: CSL-style type (Reference.type) -> RIS type; anything else is "GEN".
RIS_TYPES = {
    "article-journal": "JOUR",
    "article": "JOUR",
    "paper-conference": "CPAPER",
    "chapter": "CHAP",
    "book": "BOOK",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "preprint": "UNPB",
}
_LINE_BREAK = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


def ris_type(ref: Reference) -> str:
    """The RIS type of ``ref`` (:data:`RIS_TYPES`)."""
    return RIS_TYPES.get(ref.type or "", "GEN")


def ris_name(name: Name) -> str:
    """"Family, Given" (with the particle and suffix: "van Gogh, Vincent, Jr."); an organisation as written."""
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.particle, name.family) if p)
    return ", ".join(p for p in (family, name.given, name.suffix) if p)


def ris_fields(ref: Reference) -> list[tuple[str, str]]:
    """The record's ``(tag, value)`` pairs in output order, ``TY`` first and ``ER`` left out."""
    kind = ris_type(ref)
    out: list[tuple[str, str]] = [("TY", kind)]

    def put(tag: str, value: str | None) -> None:
        if value is not None and value.strip():
            out.append((tag, _one_line(value)))

    for tag, names in (("AU", ref.authors), ("ED", ref.editors), ("A4", ref.translators)):
        for name in names:
            put(tag, ris_name(name))
    put("TI", ref.title)
    put("T2", ref.container_title)
    if kind == "JOUR":
        put("JO", ref.container_title)
    put("T3", ref.collection_title)
    put("PY", f"{ref.year:04d}" if ref.year else None)
    if ref.year and ref.month:
        put("DA", f"{ref.year:04d}/{ref.month:02d}/{f'{ref.day:02d}' if ref.day else ''}/")
    put("VL", ref.volume)
    put("IS", ref.issue)
    if ref.first_page:
        put("SP", ref.first_page)
        put("EP", ref.last_page)
    else:
        put("SP", ref.pages)
    put("PB", ref.publisher)
    put("CY", ref.location)
    put("ET", ref.edition)
    put("M3", ref.genre)
    put("DO", ref.doi)
    put("UR", ref.url)
    put("Y2", ref.accessed)
    put("SN", ref.isbn or ref.issn)
    for note in _notes(ref):
        put("N1", note)
    return out


def _notes(ref: Reference) -> list[str]:
    notes = [ref.note] if ref.note else []
    for label, value in (("arXiv", ref.arxiv), ("PMID", ref.pmid), ("PMCID", ref.pmcid)):
        if value:
            notes.append(f"{label}: {value}")
    if ref.isbn and ref.issn:
        notes.append(f"ISSN: {ref.issn}")
    if ref.date_status and not ref.year:
        notes.append({"in-press": "in press", "no-date": "n.d."}.get(ref.date_status, ref.date_status))
    return notes


def _one_line(value: str) -> str:
    return _LINE_BREAK.sub(" ", value.strip())


def to_ris(ref: Reference) -> str:
    """One RIS record for ``ref``: ``TY  - ...`` through ``ER  -``, each line ending in a newline."""
    lines = [f"{tag}  - {value}" for tag, value in ris_fields(ref)]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def write_ris_items(items: Iterable[str], out: TextIO) -> None:
    """RIS records already made by :func:`to_ris` (in worker processes, say), each followed by a blank line."""
    for item in items:
        out.write(item + "\n")
