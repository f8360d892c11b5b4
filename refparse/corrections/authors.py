"""Author lists the model cut short or ran on into the title."""

from __future__ import annotations

import re

from ..patterns import LETTER, UP, YEAR
from ..reading import author_list_end, sliced, trim
from ..types import Span
from .base import (
    LEADING_EDITOR_CUE,
    correction,
    cut,
    opening_span,
)

_INITIAL = r"[A-Z][a-z]?\s?\."


_GIVEN_FIRST = re.compile(rf"(?:{_INITIAL}\s?-?\s?)+[A-ZÀ-Þ]")


# What may follow a comma inside a list of given-first names: a name with its initials, "and" with one, a suffix,
# "et al.", a full given name ("Changbiao Wang").
_NEXT_NAME = re.compile(rf"(?:(?:and|&|und|et|e|y)\s*)?(?:{_INITIAL}|J[Rr]\b|S[Rr]\b|I+\b|IV\b|et\.? ?al|others"
                        rf"|[A-ZÀ-Þ][\w'’-]+\s+{_INITIAL}|[A-Z]\b)")


@correction("author-overrun", reads="author title container-title", writes="author title")
def author_overrun(text: str, spans: list[Span]) -> list[Span]:
    """In "L. Bottin, Ermeneutica e oralità, Roma 1983" the model takes the short title for another name: a list
    of given-first names goes on only with initials ("B. Jones", "and C. Wu"), so where it goes on with something
    else (not in capitals) in a reference with neither title nor container, that part is the title. (Of 2,214
    given-first author spans in the training data, 16 would be cut by this, most of them full given names or
    label errors; none lacks a title.)"""
    if any(s.label in ("title", "container-title") for s in spans):
        return spans  # with a container and no title it is physics style ("R. Diener, LCTPC Collaboration, Phys.")
    author = opening_span(spans)
    if author is None or author.label != "author" or not _GIVEN_FIRST.match(author.text):
        return spans
    for comma in re.finditer(r",\s*", author.text):
        rest = author.text[comma.end():]
        if rest and not _NEXT_NAME.match(rest) and not rest.isupper():
            cut, title_start = author.start + comma.start(), author.start + comma.end()
            names = sliced(text, author, author.start, cut)
            title = sliced(text, author, title_start, author.end, label="title")
            return [part for s in spans for part in ((names, title) if s is author else (s,))]
    return spans


_MORE_NAMES = re.compile(r",?\s?(?:/|&|;|und\b|and\b)")  # the rest of a name list: "/ Maier, Jürgen"


_GIVEN_NAMES_ONLY = re.compile(rf",\s?{UP}{LETTER}+(?:[\s-]{UP}{LETTER}+)?")


_AFTER_NAMES = re.compile(rf"\s?(?:[(:.]|{YEAR})")  # the names end where the date or the title begins


_LEADING_YEAR = re.compile(rf"\(?({YEAR}[a-z]?)\)?[:.,]?\s")


@correction("given-names", reads="author date title", writes="author editor date")
def given_names(text: str, spans: list[Span]) -> list[Span]:
    """A family name alone as the author, when the name's own given names follow ("Assmann, Jan (1997)",
    "Boas, Franz 1932 Notes on ...", "Stagl, Justin: Title"): the model, not knowing the given name, gives it to
    the date, the title or a place; the rules' name forms read "Family, Given" whole. In the training data, where
    "Family, Given" opens a reference before a date or a title mark, the author takes the given names 203 times
    in 205. The year a title then opens with is the date.

    So too where the model cut a list of several names short ("Heine, Susanne/Theophil Müller: Rituale ...",
    "Hauptmann, Alexander & McAvinney, Paul: Gestures ..."): where the rules read such a list before a date or a
    title mark, the training data's names end there 510 times in 520 (most of the rest hold an editor cue). An
    editor cue after the list makes it the editors."""
    first = opening_span(spans)
    if first is None or first.label != "author":
        return spans
    end = author_list_end(text, first.start)
    if end <= first.end or not _AFTER_NAMES.match(text, end):
        return spans
    rest = first.end
    given = _GIVEN_NAMES_ONLY.match(text, rest) if not re.search(r"[\s,.]", first.text) else None
    if given:
        rest = given.end()
    if rest != end and not _MORE_NAMES.match(text, rest):
        return spans
    label = "editor" if LEADING_EDITOR_CUE.match(text, end) else "author"
    author = sliced(text, first, first.start, end, label=label)
    out = [author] + [part for s in spans if s is not first for part in cut(text, s, [author])]
    if not any(s.label == "date" for s in out):
        out = [part for s in out for part in (_year_split(text, s) if s.start >= end else [s])]
    return sorted(out, key=lambda s: s.start)


def _year_split(text: str, span: Span) -> list[Span]:
    """A title that opens with the reference's year ("1932 Notes on ..."): the year apart, as the date."""
    m = _LEADING_YEAR.match(span.text) if span.label == "title" else None
    if not m:
        return [span]
    rest = sliced(text, span, *trim(text, span.start + m.end(), span.end))
    return [sliced(text, span, span.start + m.start(1), span.start + m.end(1), label="date"), rest]
