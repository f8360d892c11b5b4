"""Spans -> normalised fields: an ordered chain of small steps, each filling some properties of a Reference.

Each step reads ``reference.fields`` (every segment of every label) and sets the single-valued properties;
problems go to ``reference.warnings``. Add a step by appending a function to :data:`STEPS`. Each step runs under
its own guard: a step that raises leaves a warning naming it and the error, and the steps after it still run,
so normalisation never turns a parse into an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..patterns import QUOTE_CHARS, SPACES
from ..types import Reference
from .dates import access_date, parse_date
from .identifiers import clean_doi, clean_isbn, clean_url, find_arxiv, find_issn, find_pmcid, find_pmid
from .names import parse_names
from .numbers import split_numbers

Step = Callable[[Reference, dict[str, list[str]]], None]

_EDGE = " ,;:.()[]"
_NUMBER_LABELS = ("volume", "issue", "pages")
_TEXT_EDGE = " ,;:/"
_QUOTES = "".join(sorted(QUOTE_CHARS))
_SHORT_WORD_STOP = re.compile(r"\b\w{1,3}\.$")  # "Vol.", "Ed.", "Jr.": an abbreviation keeps its stop


def _first(fields: dict[str, list[str]], label: str) -> str | None:
    values = fields.get(label)
    return values[0] if values else None


def clean_text(text: str | None) -> str | None:
    """Strip separating punctuation, surrounding quotes and a lone trailing full stop from a text field."""
    if text is None:
        return None
    text = SPACES.sub(" ", text).strip(_TEXT_EDGE)
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip(_TEXT_EDGE)
    if text.endswith(".") and not _SHORT_WORD_STOP.search(text):
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
        ref.warnings.append(f"could not split author field into names: {_quote(fields['author'][0])}")


def date_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    for segment in fields.get("date", []):
        parts = parse_date(segment)
        if parts.year is not None or parts.status:
            ref.year, ref.year_suffix = parts.year, parts.suffix
            ref.month, ref.day, ref.date_status = parts.month, parts.day, parts.status
            if parts.year is not None:
                return
    if fields.get("date") and ref.year is None and ref.date_status is None:
        ref.warnings.append(f"no year found in date field {_quote(fields['date'][0])}")


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
            ref.warnings.append(f"no {label} found in {label} field {_quote(fields[label][0])}")


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
    ref.accessed = next((d for d in map(access_date, filter(None, notes)) if d), None)
    number = _first(fields, "citation-number")
    ref.citation_number = number.strip(" .()[]") if number else None


def identifiers_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    for segment in fields.get("doi", []) + fields.get("url", []):
        doi = clean_doi(segment)
        if doi:
            ref.doi = doi
            break
    if fields.get("doi") and not ref.doi:
        ref.warnings.append(f"doi field is not a DOI: {_quote(fields['doi'][0])}")
    url = _first(fields, "url")
    ref.url = clean_url(url) if url else None
    ids = fields.get("identifier", []) + fields.get("isbn", []) + fields.get("note", []) + fields.get("url", [])
    joined = " ".join(ids)
    ref.arxiv = find_arxiv(joined)
    ref.pmid = find_pmid(joined)
    ref.pmcid = find_pmcid(joined)
    ref.issn = next(filter(None, map(find_issn, fields.get("identifier", []))), None) or find_issn(joined)
    isbn = _first(fields, "isbn")
    if isbn:
        ref.isbn = clean_isbn(isbn)
        if ref.isbn is None:
            ref.warnings.append(f"ISBN checksum fails or no ISBN found: {_quote(isbn)}")
    ref.identifiers = [s.strip(_EDGE) for s in fields.get("identifier", [])]


_THESIS = re.compile(
    r"\b(?:thesis|dissertation|diss\.|ph\.?\s?d|doctoral|master'?s?|habilitation|th[eè]se|tesis|tesi|"
    r"diplomarbeit|magisterarbeit|masterarbeit)\b", re.I)
_REPORT = re.compile(
    r"\b(?:report|tech\.?\s?rep|technical|working paper|white paper|memo(?:randum)?|discussion paper|"
    r"research paper|occasional paper|forschungsbericht|arbeitspapier)\b", re.I)
_CONFERENCE = re.compile(
    r"\b(?:proc\.?|proceedings|conference|conf\.|symposium|workshop|congress|meeting|colloquium|tagung|"
    r"kongress|actes)\b", re.I)
_PREPRINT = re.compile(r"\b(?:arxiv|biorxiv|medrxiv|ssrn|preprint|research square|psyarxiv|osf preprints)\b", re.I)
_WEB_CUE = re.compile(r"\b(?:retrieved|accessed|available (?:at|from)|online|zugriff|abgerufen|website|web page)\b",
                      re.I)
_IN_CUE = re.compile(r"(?:^|[\s.,])(?:in|dans|en)\s*:?\s*$", re.I)


def _introduced_by_in(ref: Reference) -> bool:
    """Whether a container title follows "In" / "In:" (the mark of a chapter or a conference paper)."""
    for span in ref.spans:
        if span.label in ("container-title", "editor"):
            return bool(_IN_CUE.search(ref.text[max(0, span.start - 8) : span.start]))
    return False


def type_step(ref: Reference, fields: dict[str, list[str]]) -> None:
    """Infer the type (CSL names, plus "preprint") from which fields are present and from cue words."""
    cues = " ".join(fields.get("genre", []) + fields.get("note", []))
    venue = ref.container_title or ""
    anywhere = " ".join((cues, venue, ref.publisher or "", ref.title or ""))
    if _THESIS.search(cues) or _THESIS.search(venue) or not venue and _THESIS.search(anywhere):
        ref.type = "thesis"
    elif _PREPRINT.search(venue) or _PREPRINT.search(cues) or ref.arxiv and not ref.volume:
        ref.type = "preprint"
    elif _REPORT.search(cues) or _REPORT.search(venue) and not ref.volume or (
            not venue and (_REPORT.search(ref.title or "") or ref.identifiers and ref.publisher)):
        ref.type = "report"
    elif venue and _CONFERENCE.search(venue) and (_introduced_by_in(ref) or not ref.volume):
        # "Mayo Clin Proc 74:928-935" and "Proc Natl Acad Sci 95(3)" are journals: a volume without "In"
        ref.type = "paper-conference"
    elif venue and (ref.editors or _introduced_by_in(ref)) and not ref.issue:
        ref.type = "chapter"
    elif venue and (ref.publisher or ref.location or ref.isbn) and not (ref.volume or ref.issue):
        ref.type = "chapter"
    elif venue:
        ref.type = "webpage" if ref.url and not (ref.volume or ref.issue or ref.pages) and _WEB_CUE.search(
            ref.text) else "article-journal"
    elif ref.publisher or ref.location or ref.edition or ref.isbn:
        ref.type = "book"
    elif ref.url:
        ref.type = "webpage"
    elif ref.volume or ref.issue or ref.pages:
        ref.type = "article-journal"
    else:
        ref.type = "document"  # CSL's type for "nothing more is known"


STEPS: list[Step] = [names_step, date_step, numbers_step, text_step, identifiers_step, type_step]


def normalise(ref: Reference) -> Reference:
    """Run every step of :data:`STEPS` on ``ref`` in order and return it; never raises.

    A step that fails adds a warning that names it and the error ("normalisation step date_step failed
    (ValueError: ...)"); whatever it set before failing stays, the properties it did not reach keep their
    defaults, and the later steps run as usual."""
    fields = ref.fields
    for step in STEPS:
        try:
            step(ref, fields)
        except Exception as exc:  # noqa: BLE001 - one broken step must not lose the whole record
            name = getattr(step, "__name__", repr(step))
            ref.warnings.append(f"normalisation step {name} failed ({type(exc).__name__}: {_shorten(str(exc))}); "
                                "fields it sets may be missing")
    return ref


def _quote(value: str, limit: int = 80) -> str:
    """A field's text for a warning, shortened: a garbage field can be thousands of characters long."""
    return repr(_shorten(value, limit))


def _shorten(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
