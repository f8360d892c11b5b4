"""Result types: tokens, spans, person names and whole references."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the input with its character offsets (``text == input[start:end]``).

    ``label`` and ``confidence`` are set once the tagger has run (``None`` before).
    """

    text: str
    start: int
    end: int
    label: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled run of the input: ``text == input[start:end]``.

    ``confidence`` is the probability that the field is right when the model is calibrated and the method is
    "auto" (:mod:`refparse.calibration`); otherwise the lowest token marginal inside the span (method "crf", a
    model without calibration), or the rules' measured precision of the field.
    """

    label: str
    text: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Name:
    """One person (or an organisation, in ``literal``)."""

    family: str | None = None
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None
    literal: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k in _NAME_PARTS if (v := getattr(self, k))}

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        parts = [family, self.given, self.suffix]
        return ", ".join(p for p in parts if p)


@dataclass(slots=True)
class Reference:
    """A parsed reference.

    ``spans`` is what the tagger found, in input order. ``fields`` keeps every segment of every label, as
    AnyStyle does (a label may occur more than once); the properties below are the normalised, single-valued
    view that most users want.
    """

    text: str
    spans: list[Span] = field(default_factory=list)
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    title: str | None = None
    container_title: str | None = None
    collection_title: str | None = None
    year: int | None = None
    year_suffix: str | None = None
    month: int | None = None
    day: int | None = None
    date_status: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    publisher: str | None = None
    location: str | None = None
    edition: str | None = None
    genre: str | None = None
    note: str | None = None
    accessed: str | None = None  # when a web page was read, ISO 8601 ("2003-10"), from an access note
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    arxiv: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    issn: str | None = None
    identifiers: list[str] = field(default_factory=list)
    citation_number: str | None = None
    et_al: bool = False
    type: str | None = None
    confidence: float | None = None
    #: label -> the confidence of its least confident span (see Span.confidence).
    field_confidence: dict[str, float] = field(default_factory=dict)
    #: Whether a person should check this record: the chance that every field is right is low.
    needs_review: bool = False
    source: str = "crf"
    warnings: list[str] = field(default_factory=list)
    # Set by refparse.parse_pdf only (to_dict leaves them out when unset, so other records serialise as before):
    # the PDF pages the reference is printed on, and its lines as extracted, before they were joined into ``text``.
    pdf_pages: list[int] | None = None
    pdf_text: str | None = None

    @property
    def fields(self) -> dict[str, list[str]]:
        """Each label's segments in input order: ``{"author": ["Smith, J."], "date": ["2001"], ...}``."""
        return spans_fields(self.spans)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: normalised fields (empty ones left out), the raw fields and the spans."""
        data: dict[str, Any] = {}
        for key in _NORMALISED_FIELDS:  # read directly: dataclasses.asdict deep-copies, at a third of a parse's cost
            value = getattr(self, key)
            if value in (None, [], False):
                continue
            if key in _PERSON_FIELDS:
                value = [name.to_dict() for name in value]
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                if not value:
                    continue
                value = dict(value)
            data[key] = value
        data["text"] = self.text
        data["fields"] = self.fields
        data["spans"] = [{"label": s.label, "text": s.text, "start": s.start, "end": s.end,
                          "confidence": s.confidence} for s in self.spans]
        data["source"] = self.source
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    def to_csl(self, key: str | None = None) -> dict[str, Any]:
        """A CSL-JSON item (for citeproc-js, citeproc-py, pandoc, Zotero); ``id`` is ``key`` or the citation key."""
        from .formats.csl import to_csl

        return to_csl(self, key)

    def to_bibtex(self, key: str | None = None) -> str:
        """One BibTeX entry with a stable citation key (family name + year + title word) and LaTeX escaping."""
        from .formats.bibtex import to_bibtex

        return to_bibtex(self, key)


_NAME_PARTS = tuple(f.name for f in fields(Name))
_PERSON_FIELDS = frozenset({"authors", "editors", "translators"})
#: The fields of a Reference that ``to_dict`` writes first, in declaration order (its text, raw fields, spans and
#: warnings follow them).
_NORMALISED_FIELDS = tuple(f.name for f in fields(Reference) if f.name not in ("text", "spans", "warnings"))


def spans_fields(spans: Sequence[Span]) -> dict[str, list[str]]:
    """label -> the texts of its spans, in input order (the form the scorer compares)."""
    out: dict[str, list[str]] = {}
    for span in spans:
        out.setdefault(span.label, []).append(span.text)
    return out
