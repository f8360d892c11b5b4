"""Dates: a second date that says when a page was read."""

from __future__ import annotations

import re

from ..patterns import ACCESS_WORDS, UP
from ..reading import sliced, trim
from ..types import Span
from .base import (
    correction,
)


_DAY_MONTH = r"(?:\d{1,2}\s?[./-]\s?){0,2}"  # "02.03." before the year the model took for the date


_CUED_DATE = re.compile(rf"{ACCESS_WORDS}{_DAY_MONTH}$", re.I)


_CUE_ONLY = re.compile(rf"[(\[]?\s*{ACCESS_WORDS}{_DAY_MONTH}\d{{0,2}}", re.I)  # "Zugriff am 15"


_ACCESS_CUE = re.compile(rf"{ACCESS_WORDS}(?=\d|{UP})", re.I)


_DAY_DATE = re.compile(r"\d{1,2}\s?[./-]\s?\d|\d{1,2}\.?\s[A-Za-zäé]{3}")


_BRACKET_AFTER_URL = re.compile(rf"[\s.,;:]*[(\[]\s*(?:{ACCESS_WORDS})?{_DAY_MONTH}", re.I)


@correction("access-date", reads="date url", writes="note")
def access_date(text: str, spans: list[Span]) -> list[Span]:
    """A second date that says when a web page was read, not when it appeared, is a note ("http://www.sm.dk (Stand
    Oktober 2003)", "Accessed March 24, 2015", "(Aufruf: 02.03.2010)"): one that an access cue opens, or a day's
    date in brackets right after a URL. The training data is split on it (after the reference's own date, GROBID
    labels it a date 10 times and AnyStyle a note 10 times, AnyStyle "good" a note 28 times); CSL keeps it apart
    from the date of issue, and a user asking for the year wants the latter. The only date of a reference stays
    its date."""
    out: list[Span] = []
    for span in spans:
        lead = _access_lead(text, out, span) if span.label == "date" and any(s.label == "date" for s in out) else None
        if lead is None:
            out.append(span)
            continue
        while out and out[-1].start >= lead:
            out.pop()
        out.append(sliced(text, span, lead, span.end, "note"))
    return out


def _access_lead(text: str, before: list[Span], date: Span) -> int | None:
    """Where the access cue before ``date`` begins (or the date itself, in brackets after a URL); None if none.
    Numbers the model read between them ("(1. Juli 2007)": "1" as a volume) are the day and month."""
    if _ACCESS_CUE.match(text, date.start):  # the model took the cue in ("Stand Januar 2003")
        return date.start
    words = [s for s in before if any(c.isalpha() for c in s.text) and not _CUE_ONLY.fullmatch(s.text)]
    floor = words[-1].end if words else 0
    cue = _CUED_DATE.search(text, max(floor, date.start - 40), date.start)
    if cue:
        return cue.start()
    if words and words[-1].label == "url" and _BRACKET_AFTER_URL.fullmatch(text, floor, date.start):
        lead = trim(text, floor, date.start)[0]
        # With no cue, only a day's date: "(2019)" after a link is when the work appeared.
        return lead if _DAY_DATE.search(text, lead, date.end) else None
    return None
