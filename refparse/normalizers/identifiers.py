"""DOI, URL, arXiv, ISBN (with checksum), ISSN, PMID and PMCID."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..patterns import ARXIV_OLD_STYLE, ISSN

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*)", re.IGNORECASE)
_TRAILING = ".,;:"
_ARXIV = re.compile(
    r"(?:arxiv\s*:?\s*(?:abs/)?)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.IGNORECASE
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_OLD = re.compile(rf"\b({ARXIV_OLD_STYLE}(?:v\d+)?)")
_ARXIV_BARE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5}(?:v\d+)?)\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]")
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(?:PMC)?(PMC\d{4,9})\b", re.IGNORECASE)
_ISBN = re.compile(r"(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]")


def clean_doi(text: str) -> str | None:
    """The bare DOI in ``text`` ("doi:", "https://doi.org/" and trailing punctuation removed), or None."""
    text = re.sub(r"\s+", "", text)
    if "%2F" in text.upper():  # a DOI copied from a URL query: 10.1000%2Fabc
        text = unquote(text)
    text = _DOI_PREFIX.sub("", text)
    match = _DOI.search(text)
    if not match:
        return None
    doi = match.group(0)
    while doi and (doi[-1] in _TRAILING or (doi[-1] == ")" and doi.count(")") > doi.count("("))):
        doi = doi[:-1]
    return doi


def clean_url(text: str) -> str:
    """A URL with the spaces that PDF extraction put inside it removed, and trailing punctuation dropped."""
    text = text.strip()
    start = re.search(r"(?:https?|ftp)://|www\.", text, re.IGNORECASE)
    if start:  # drop "URL:", "Available at:", "Retrieved from" and the like
        text = text[start.start():]
    url = re.sub(r"\s+", "", text).strip("<>\"'“”‘’«»")
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    return url


def find_arxiv(text: str) -> str | None:
    """An arXiv id: after "arXiv:", in an arxiv.org URL, bare before a category ("1706.03762 [cs.CL]"), or an
    old-style one ("hep-ph/9706210")."""
    match = _ARXIV.search(text) or _ARXIV_URL.search(text) or _ARXIV_BARE.search(text) or _ARXIV_OLD.search(text)
    return match.group(1) if match else None


def find_pmid(text: str) -> str | None:
    match = _PMID.search(text)
    return match.group(1) if match else None


def find_pmcid(text: str) -> str | None:
    match = _PMCID.search(text)
    return match.group(1).upper() if match else None


_ISSN_ALONE = re.compile(r"\s*(\d{4}-\d{3}[\dXx])\W*")


def find_issn(text: str) -> str | None:
    """An ISSN after its cue, or a segment that is an ISSN alone (the cue left outside the span), as
    "1234-567X"."""
    match = ISSN.search(text) or _ISSN_ALONE.fullmatch(text)
    if not match:
        return None
    digits = match.group(1).replace("-", "").upper()
    return f"{digits[:4]}-{digits[4:]}"


def clean_isbn(text: str) -> str | None:
    """The first ISBN-10 or ISBN-13 in ``text`` whose checksum holds, digits only (X kept), or None."""
    for match in _ISBN.finditer(text):
        digits = re.sub(r"[-\s]", "", match.group(0)).upper()
        if isbn_checksum_ok(digits):
            return digits
    return None


def isbn_checksum_ok(digits: str) -> bool:
    if len(digits) == 10 and digits[:9].isdigit():
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        check = 10 if digits[9] == "X" else (int(digits[9]) if digits[9].isdigit() else -1)
        return (total + check) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        return (10 - total % 10) % 10 == int(digits[12])
    return False
