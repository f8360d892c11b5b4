"""Volume, issue and pages, including compounds such as "12(3):45-67" or "vol. 5, no. 2, pp. 1-10"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VOLUME_CUE = re.compile(r"^\s*(?:vols?|volume|bd|band|jg|jahrgang|tome|tomo|t|v)\.?\s*", re.IGNORECASE)
_ISSUE_CUE = re.compile(r"^\s*(?:nos?|number|nr|num|núm|n\.º|issue|iss|heft|h|fasc|n)\.?\s*", re.IGNORECASE)
_PAGES_CUE = re.compile(r"^\s*(?:pp|p|pages?|pg|s|seiten?|pág?s?)\.?\s*", re.IGNORECASE)
_VOLUME_ISSUE = re.compile(r"^\s*([\w.-]+?)\s*[(\[]\s*([\w./–-]+)\s*[)\]]\s*$|^\s*(\d+)\.(\d+)\s*$")
_PAGE_RANGE = re.compile(r"^([A-Za-z]?\d+[A-Za-z]?|[ivxlcdm]+)\s*(?:[-–—‐‑]+|\s+to\s+)\s*([A-Za-z]?\d+[A-Za-z]?|[ivxlcdm]+)$", re.IGNORECASE)
_EDGE = " ,;:.()[]"


@dataclass(frozen=True, slots=True)
class Numbers:
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    first_page: str | None = None
    last_page: str | None = None


def clean_volume(text: str) -> tuple[str, str | None]:
    """``"Vol. 12(3)"`` -> ``("12", "3")``; ``"34.1"`` -> ``("34", "1")``; ``"Bd. 5"`` -> ``("5", None)``."""
    text = _VOLUME_CUE.sub("", text.strip(_EDGE))
    match = _VOLUME_ISSUE.match(text)
    if match:
        volume, issue = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return volume, _ISSUE_CUE.sub("", issue)
    return text.strip(_EDGE), None


def clean_issue(text: str) -> str:
    return _ISSUE_CUE.sub("", text.strip(_EDGE)).strip(_EDGE)


def clean_pages(text: str) -> tuple[str, str | None, str | None]:
    """Pages as written (without "pp."), and first and last page; "1234-56" gives last page "1256"."""
    pages = _PAGES_CUE.sub("", text.strip(_EDGE)).strip(_EDGE)
    pages = re.sub(r"\s*([-–—‐‑])\s*", r"\1", pages)
    match = _PAGE_RANGE.match(pages)
    if not match:
        single = re.fullmatch(r"[A-Za-z]?\d+[A-Za-z]?", pages)
        return pages, (pages if single else None), None
    first, last = match.group(1), match.group(2)
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # abbreviated range: 1234-56 -> 1234-1256
    return pages, first, last
