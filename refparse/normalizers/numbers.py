"""Volume, issue and pages, including compounds such as "12(3):45-67" or "vol. 5, no. 2, pp. 1-10".

The tagger usually labels volume, issue and pages as separate spans, but one span may hold several of them
(rule output, or AnyStyle-style "21(3): 643–654"): :func:`split_numbers` reads any such segment, and the
label of the span only decides what a bare number means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..patterns import SPACES, YEAR

_VOLUME_CUE = re.compile(r"^\s*(?:vols?|volume|bd|band|jg|jahrgang|tome|tomo|t|v)\.?\s*", re.IGNORECASE)
_ISSUE_CUE = re.compile(
    r"^\s*(?:nos?|number|nr|num|núm|n\s?[º°o]|issue|iss|heft|h|fasc|n)(?:\.\s*|\s+|(?=\d))", re.IGNORECASE
)
# A one-letter cue needs its dot or a space: "S1" and "P12" are supplement and volume names, not pages.
_PAGES_CUE = re.compile(
    r"^\s*(?:(?:pp|pages?|pg|seiten?|págs?|art(?:icle)?(?:\s+no)?|str)\.?\s*|[ps](?:\.\s*|\s+))", re.IGNORECASE
)
_VOLUME_ISSUE = re.compile(r"^\s*([\w.-]+?)\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$|^\s*(\d+)\.(\d+)\s*$")
# vol(issue):pages with an optional leading "year;" as in Vancouver style: "2000;355(9222):1-5", "12:45-67"
_COMPOUND = re.compile(
    rf"^(?:{YEAR}[a-z]?\s*;\s*)?(?P<volume>[A-Za-z]?\d+[A-Za-z]?)\s*"
    r"(?:[(\[]\s*(?P<issue>[^()\[\]]+?)\s*[)\]])?\s*(?::\s*(?P<pages>.+))?$"
)
_OTHER_CUES = re.compile(r"\b(?:vols?|volume|bd|jg|nos?|nr|issue|heft)\b\.?\s*\d", re.IGNORECASE)
_DASH = "-–—‐‑"
_PAGE = r"[A-Za-z]{0,2}\d+[A-Za-z]?|[ivxlcdm]+"
_PAGE_RANGE = re.compile(rf"^({_PAGE})\s*(?:[{_DASH}]+|\s+to\s+)\s*({_PAGE})$", re.IGNORECASE)
_SINGLE_PAGE = re.compile(rf"^(?:{_PAGE})$", re.IGNORECASE)
_EDGE = " ,;:.()[]"


@dataclass(frozen=True, slots=True)
class Numbers:
    """Volume, issue and pages of one segment; ``pages`` as written (cue removed), plus first and last page."""

    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    first_page: str | None = None
    last_page: str | None = None


def split_numbers(text: str, bare: str = "volume") -> Numbers:
    """Read volume, issue and pages out of one segment; ``bare`` (volume, issue or pages) names what a lone
    number without a cue word is.

    >>> split_numbers("12(3):45-67")
    Numbers(volume='12', issue='3', pages='45-67', first_page='45', last_page='67')
    >>> split_numbers("S. 23-45", bare="pages").pages
    '23-45'
    """
    text = SPACES.sub(" ", text).strip(" ,;.")
    if text.isascii() and text.isdigit():  # most spans: one number, which is what ``bare`` says
        if bare == "pages":
            return Numbers(pages=text, first_page=text)
        return Numbers(issue=text) if bare == "issue" else Numbers(volume=text)
    compound = _COMPOUND.match(text)
    if compound and (compound.group("pages") or compound.group("issue")) and bare != "pages":
        numbers = Numbers(compound.group("volume"), compound.group("issue"))
        return _with_pages(numbers, compound.group("pages")) if compound.group("pages") else numbers
    if bare == "pages" and not _OTHER_CUES.search(text):  # "1-10, 15-20" is one pages value
        return _with_pages(Numbers(), text)
    numbers = Numbers()
    for piece in re.split(r"\s*[,;]\s*", text):
        numbers = _read_piece(piece.strip(), bare, numbers)
    return numbers


def _read_piece(piece: str, bare: str, numbers: Numbers) -> Numbers:
    """Fill one field of ``numbers`` from one comma-separated piece, by its cue word or its shape."""
    if not piece.strip(_EDGE):
        return numbers
    if _PAGES_CUE.match(piece) and _looks_like_pages(_PAGES_CUE.sub("", piece, count=1)):
        return _with_pages(numbers, _PAGES_CUE.sub("", piece, count=1))
    if _VOLUME_CUE.match(piece) and re.search(r"\d|^[ivxlcdm]+$", _VOLUME_CUE.sub("", piece, count=1), re.I):
        volume, issue = clean_volume(piece)
        return replace(numbers, volume=volume, issue=issue or numbers.issue)
    if _ISSUE_CUE.match(piece) and re.search(r"\d", piece):
        return replace(numbers, issue=clean_issue(piece))
    if re.match(r"^(?:suppl|supplement|special issue)\b", piece, re.IGNORECASE):
        return replace(numbers, issue=piece.strip(_EDGE))
    # A range is pages once the span's own field is filled ("12, 45-67"); before that it is a range of
    # volumes or issues ("12-13", "3-4").
    own_filled = getattr(numbers, bare, None) is not None
    is_range = bool(_PAGE_RANGE.match(piece.strip(_EDGE)))
    if bare == "pages" or (is_range and own_filled) or re.fullmatch(r"e\d{3,}", piece.strip(_EDGE)):
        if numbers.pages is None:
            return _with_pages(numbers, piece)
    if bare == "issue" and numbers.issue is None:
        return replace(numbers, issue=clean_issue(piece))
    if numbers.volume is None:
        volume, issue = clean_volume(piece)
        return replace(numbers, volume=volume, issue=issue or numbers.issue)
    return numbers


def _looks_like_pages(text: str) -> bool:
    text = text.strip(_EDGE)
    return bool(_PAGE_RANGE.match(re.sub(r"\s*([-–—‐‑])\s*", r"\1", text)) or _SINGLE_PAGE.match(text)
                or re.match(r"^\d", text))


def _with_pages(numbers: Numbers, text: str) -> Numbers:
    pages, first, last = clean_pages(text)
    return replace(numbers, pages=pages or None, first_page=first, last_page=last)


def clean_volume(text: str) -> tuple[str, str | None]:
    """``"Vol. 12(3)"`` -> ``("12", "3")``; ``"34.1"`` -> ``("34", "1")``; ``"Bd. 5"`` -> ``("5", None)``."""
    text = _VOLUME_CUE.sub("", text.strip(" ,;:.").lstrip("(["))  # keep a closing bracket: "12(3)"
    match = _VOLUME_ISSUE.match(text)
    if match:
        volume, issue = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return volume, _ISSUE_CUE.sub("", issue)
    return text.strip(_EDGE), None


def clean_issue(text: str) -> str:
    """``"no. 2"`` -> ``"2"``; ``"(3)"`` -> ``"3"``; ``"Heft 4"`` -> ``"4"``."""
    return _ISSUE_CUE.sub("", text.strip(_EDGE)).strip(_EDGE)


def clean_pages(text: str) -> tuple[str, str | None, str | None]:
    """Pages as written (without "pp."), and first and last page; "1234-56" gives last page "1256"."""
    pages = _PAGES_CUE.sub("", text.strip(_EDGE)).strip(_EDGE)
    pages = re.sub(r"\s*([-–—‐‑])\s*", r"\1", pages)
    match = _PAGE_RANGE.match(pages)
    if not match:
        first_range = re.match(rf"^({_PAGE})\s*[{_DASH}]+\s*({_PAGE})\s*[,;]", pages, re.IGNORECASE)
        if first_range:  # "1-10, 15-20": several ranges; the first page is clear, the last is not
            return pages, first_range.group(1), None
        single = _SINGLE_PAGE.match(pages)
        return pages, (pages if single else None), None
    first, last = match.group(1), match.group(2)
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # abbreviated range: 1234-56 -> 1234-1256
    return pages, first, last
