"""Output formats: JSON / JSON Lines (``Reference.to_dict``), CSL-JSON (``to_csl``), BibTeX (``to_bibtex``), RIS
(``to_ris``) and GROBID-style TEI ``biblStruct`` (``to_tei``);
and the labelled markups a person corrects and training reads back (``xml``, refparse's own; ``anystyle``;
``grobid-training``, see :mod:`refparse.formats.labelled`).

Nothing here imports a third-party package: the CSL-JSON schema check (:func:`refparse.formats.csl.validate`)
imports jsonschema only when it is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from .bibtex import citation_key, to_bibtex
from .csl import to_csl
from .json import write_array, write_json, write_jsonl

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Reference

#: Formats :func:`write` can stream (the CLI adds "text").
FORMATS: tuple[str, ...] = ("json", "jsonl", "csl", "bibtex", "ris", "tei", "xml", "anystyle", "grobid-training")
#: The formats among them that write the labelled spans, for correcting and retraining.
LABELLED_OUTPUTS: tuple[str, ...] = ("xml", "anystyle", "grobid-training")

__all__ = ["FORMATS", "LABELLED_OUTPUTS", "citation_key", "to_bibtex", "to_csl", "unique_keys", "write",
           "write_bibtex", "write_csl", "write_json", "write_jsonl", "write_labelled_references",
           "write_ris", "write_tei"]


def unique_keys(keys: Iterable[str]) -> list[str]:
    """Keys made unique in order, as one does by hand: the second "smith2001title" becomes "smith2001titleb",
    the third "smith2001titlec", and so on."""
    taker = _KeyTaker()
    return [taker(key) for key in keys]


def write_csl(records: Iterable[Reference], out: TextIO) -> None:
    """One JSON array of CSL-JSON items, written as records arrive; ids unique within the array."""
    taken = _KeyTaker()
    write_array((to_csl(ref, key=taken(citation_key(ref))) for ref in records), out)


def write_bibtex(records: Iterable[Reference], out: TextIO, unicode: bool = False) -> None:
    """BibTeX entries separated by blank lines, keys unique within the output; non-ASCII characters as LaTeX
    for pdflatex, or kept as UTF-8 with ``unicode=True`` (biber, XeLaTeX, LuaLaTeX)."""
    taken = _KeyTaker()
    for i, ref in enumerate(records):
        out.write(("\n" if i else "") + to_bibtex(ref, key=taken(citation_key(ref)), unicode=unicode))


def write_ris(records: Iterable[Reference], out: TextIO) -> None:
    """RIS records, each ending with ``ER  -`` and a blank line (what rispy and reference managers read)."""
    from .ris import to_ris, write_ris_items

    write_ris_items(map(to_ris, records), out)


def write_tei(records: Iterable[Reference], out: TextIO) -> None:
    """One TEI document with a GROBID-style ``<biblStruct xml:id="bN">`` per record inside ``listBibl``."""
    from .tei import to_tei_list

    out.write(to_tei_list(records))


def write(records: Iterable[Reference], fmt: str, out: TextIO, *, bibtex_unicode: bool = False) -> None:
    """Stream ``records`` to ``out`` in one of :data:`FORMATS` (``bibtex_unicode``: see :func:`write_bibtex`)."""
    writers = {"json": write_json, "jsonl": write_jsonl, "csl": write_csl, "ris": write_ris, "tei": write_tei,
               "bibtex": lambda refs, stream: write_bibtex(refs, stream, unicode=bibtex_unicode)}
    if fmt in LABELLED_OUTPUTS:
        write_labelled_references(records, fmt, out)
        return
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writers[fmt](records, out)


def write_labelled_references(records: Iterable[Reference], fmt: str, out: TextIO) -> None:
    """Parsed references as labelled markup, one per record: the tagger's spans as tags around the text. In
    refparse's markup an error record (an unreadable input line) is written with ``skip`` and its warning, so
    that training leaves it out and the records stay one per input line."""
    from .labelled import record_from_reference, write_labelled

    def items():
        for ref in records:
            record = record_from_reference(ref)
            failed = ref.source == "error" and fmt == "xml"
            yield (record, "; ".join(ref.warnings) or "could not be parsed") if failed else record

    write_labelled(items(), fmt, out)


class _KeyTaker:
    """Hands out each key once, suffixing repeats ("b", "c", ...) like :func:`unique_keys`, while streaming."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, key: str) -> str:
        candidate, count = key, 0
        while candidate in self._taken:
            count += 1
            candidate = key + (chr(ord("a") + count) if count < 26 else f"-{count + 1}")
        self._taken.add(candidate)
        return candidate
