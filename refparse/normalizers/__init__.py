"""Spans -> normalised fields: an ordered chain of small steps, each filling some properties of a Reference.

Each step reads ``reference.fields`` (every segment of every label) and sets the single-valued properties;
problems go to ``reference.warnings``. Add a step by appending a function to :data:`STEPS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..types import Reference
from .dates import parse_date
from .identifiers import clean_doi, clean_isbn, clean_url, find_arxiv, find_pmcid, find_pmid
from .names import parse_names
from .numbers import split_numbers

Step = Callable[[Reference, dict[str, list[str]]], None]

_EDGE = " ,;:.()[]"
_NUMBER_LABELS = ("volume", "issue", "pages")
_TEXT_EDGE = " ,;:/"
_QUOTES = "\"'“”‘’„«»"


def _first(fields: dict[str, list[str]], label: str) -> str | None:
    values = fields.get(label)
    return values[0] if values else None


def clean_text(text: str | None) -> str | None:
    """Strip separating punctuation, surrounding quotes and a lone trailing full stop from a text field."""
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text).strip(_TEXT_EDGE)
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip(_TEXT_EDGE)
    if text.endswith(".") and not re.search(r"\b\w{1,3}\.$", text):
        text = text[:-1]
    text = text.strip(_TEXT_EDGE + _QUOTES)
    return text or None


def names_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    for label, attribute in (("author", "authors"), ("editor", "editors"), ("translator", "translators")):
        people = []
        for segment in fields.get(label, []):
            names, et_al = parse_names(segment)
            people.extend(names)
            if et_al and label == "author":
                ref.et_al = True
        setattr(ref, attribute, people)
    if fields.get("author") and not ref.authors and not ref.et_al:
        ref.warnings.append(f"could not split author field into names: {fields['author'][0]!r}")


def date_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    for segment in fields.get("date", []):
        parts = parse_date(segment)
        if parts.year is not None or parts.status:
            ref.year, ref.year_suffix = parts.year, parts.suffix
            ref.month, ref.day, ref.date_status = parts.month, parts.day, parts.status
            if parts.year is not None:
                return
    if fields.get("date") and ref.year is None and ref.date_status is None:
        ref.warnings.append(f"no year found in date field {fields['date'][0]!r}")


def numbers_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    """Volume, issue and pages: each from its own span first, then from compounds in the others."""
    parsed = {label: split_numbers(fields[label][0], bare=label) for label in _NUMBER_LABELS if fields.get(label)}
    order = sorted(parsed, key=lambda label: label != "volume")  # the volume span's reading of a compound wins
    for attribute in _NUMBER_LABELS:
        own = parsed.get(attribute)
        source = own if own is not None and getattr(own, attribute) else next(
            (parsed[label] for label in order if getattr(parsed[label], attribute)), None)
        if source is None:
            continue
        setattr(ref, attribute, getattr(source, attribute))
        if attribute == "pages":
            ref.first_page, ref.last_page = source.first_page, source.last_page
    for label in parsed:
        if getattr(ref, label) is None:
            ref.warnings.append(f"no {label} found in {label} field {fields[label][0]!r}")


def text_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    ref.title = clean_text(_first(fields, "title"))
    ref.container_title = clean_text(_first(fields, "container-title"))
    ref.collection_title = clean_text(_first(fields, "collection-title"))
    ref.publisher = clean_text(_first(fields, "publisher"))
    ref.location = clean_text(_first(fields, "location"))
    ref.edition = clean_text(_first(fields, "edition"))
    ref.genre = clean_text(_first(fields, "genre"))
    notes = [clean_text(n) for n in fields.get("note", [])]
    ref.note = "; ".join(n for n in notes if n) or None
    number = _first(fields, "citation-number")
    ref.citation_number = number.strip(" .()[]") if number else None


def identifiers_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    for segment in fields.get("doi", []) + fields.get("url", []):
        doi = clean_doi(segment)
        if doi:
            ref.doi = doi
            break
    if fields.get("doi") and not ref.doi:
        ref.warnings.append(f"doi field is not a DOI: {fields['doi'][0]!r}")
    url = _first(fields, "url")
    ref.url = clean_url(url) if url else None
    ids = fields.get("identifier", []) + fields.get("isbn", []) + fields.get("note", []) + fields.get("url", [])
    joined = " ".join(ids)
    ref.arxiv = find_arxiv(joined)
    ref.pmid = find_pmid(joined)
    ref.pmcid = find_pmcid(joined)
    isbn = _first(fields, "isbn")
    if isbn:
        ref.isbn = clean_isbn(isbn)
        if ref.isbn is None:
            ref.warnings.append(f"ISBN checksum fails or no ISBN found: {isbn!r}")
    ref.identifiers = [s.strip(_EDGE) for s in fields.get("identifier", [])]


_THESIS = re.compile(r"\b(?:thesis|dissertation|diss\.|ph\.?\s?d|doctoral|master'?s?|habilitation|th[eè]se)\b", re.I)
_REPORT = re.compile(r"\b(?:report|tech\.? rep|technical|working paper|memo)\b", re.I)
_CONFERENCE = re.compile(r"\b(?:proc\.?|proceedings|conference|conf\.|symposium|workshop|congress|meeting)\b", re.I)


def type_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    """Infer a CSL type from which fields are present and from cue words."""
    genre = " ".join(fields.get("genre", []) + fields.get("note", []))
    venue = ref.container_title or ""
    if _THESIS.search(genre):
        ref.type = "thesis"
    elif _REPORT.search(genre) or ref.identifiers and not venue and ref.publisher:
        ref.type = "report"
    elif ref.arxiv and not ref.volume:
        ref.type = "article" if venue else "preprint"
    elif venue and _CONFERENCE.search(venue):
        ref.type = "paper-conference"
    elif venue and (ref.editors or ref.publisher or ref.location) and not ref.volume:
        ref.type = "chapter"
    elif venue:
        ref.type = "article-journal"
    elif ref.publisher or ref.location or ref.edition or ref.isbn:
        ref.type = "book"
    elif ref.url and not ref.title:
        ref.type = "webpage"
    elif ref.url:
        ref.type = "webpage"
    else:
        ref.type = "article-journal" if ref.volume or ref.pages else "document"


STEPS: list[Step] = [names_step, date_step, numbers_step, text_step, identifiers_step, type_step]


def normalise(ref: Reference) -> Reference:
    """Run every step of :data:`STEPS` on ``ref`` in order and return it."""
    fields = ref.fields
    for step in STEPS:
        step(ref, fields)
    return ref
