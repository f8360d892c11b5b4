"""Dates: year (int), disambiguation suffix ("2022b"), month, day, and "n.d." / "in press" / "forthcoming"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import key
from ..patterns import ACCESS_WORDS, YEAR

# The suffix letter must stand alone: in "2019 in press" the "i" begins a word.
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?:\s?([a-z])(?![^\W\d_]))?(?![\d])")
_DAY = re.compile(r"(?<!\d)([0-3]?\d)(?!\d)")
_STATUS = (
    (re.compile(r"\bn\.?\s?d\b\.?|\bo\.\s?j\b\.?|\bs\.\s?d\b\.?|\bno date\b", re.IGNORECASE), "no-date"),
    (re.compile(r"\bin press\b|\bim druck\b|\bsous presse\b|\ben prensa\b", re.IGNORECASE), "in-press"),
    (re.compile(r"\bforthcoming\b|\bto appear\b|\baccepted\b|\bsubmitted\b|\bin preparation\b", re.IGNORECASE), "forthcoming"),
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "january jan januar janvier enero gennaio janeiro",
            "february feb februar fevrier febrero febbraio fevereiro",
            "march mar marz mars marzo marco",
            "april apr avril abril aprile",
            "may mai mayo maggio maio",
            "june jun juni juin junio giugno junho",
            "july jul juli juillet julio luglio julho",
            "august aug aout agosto",
            "september sep sept septembre septiembre settembre setembro",
            "october oct oktober octobre octubre ottobre outubro",
            "november nov novembre noviembre novembro",
            "december dec dezember decembre diciembre dicembre dezembro",
        ),
        start=1,
    )
    for m in names.split()
}

_ACCESS_NOTE = re.compile(rf"[(\[]?\s*{ACCESS_WORDS}(?=\d|[^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateParts:
    year: int | None = None
    suffix: str | None = None
    month: int | None = None
    day: int | None = None
    status: str | None = None


def parse_date(text: str) -> DateParts:
    """Read the first year of ``text`` and whatever month, day or status word goes with it."""
    status = next((name for pattern, name in _STATUS if pattern.search(text)), None)
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    suffix = year_match.group(2) if year_match and year_match.group(2) else None
    month = next((_MONTHS[key(w)] for w in re.findall(r"[^\W\d_]+", text) if key(w) in _MONTHS), None)
    if month is None:  # numeric dates: 2001-05-17, 17.05.2001
        numeric = re.search(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if numeric and numeric.group(1):
            month = _valid_month(numeric.group(2))
            return DateParts(year, suffix, month, _valid_day(numeric.group(3)) if month else None, status)
        if numeric and numeric.group(4):
            month = _valid_month(numeric.group(5))
            return DateParts(year, suffix, month, _valid_day(numeric.group(4)) if month else None, status)
        return DateParts(year, suffix, None, None, status)
    rest = _YEAR.sub(" ", text)
    day_match = _DAY.search(rest)
    return DateParts(year, suffix, month, _valid_day(day_match.group(1)) if day_match else None, status)


def _valid_month(text: str | None) -> int | None:
    return int(text) if text and 1 <= int(text) <= 12 else None


def _valid_day(text: str | None) -> int | None:
    return int(text) if text and 1 <= int(text) <= 31 else None


def access_date(note: str) -> str | None:
    """The date a note says a web page was read, as ISO 8601 with the parts it gives ("Stand Oktober 2003" ->
    "2003-10", "accessed 26 October 2006" -> "2006-10-26"); None if the note opens with no access cue or no year."""
    cue = _ACCESS_NOTE.match(note)
    date = parse_date(note[cue.end():]) if cue else None
    if date is None or date.year is None:
        return None
    parts = [f"{date.year:04d}"] + [f"{n:02d}" for n in (date.month, date.day if date.month else None) if n]
    return "-".join(parts)
