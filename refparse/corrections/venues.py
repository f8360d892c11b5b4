"""Venues: the journal or book a work appeared in, told apart from a title."""

from __future__ import annotations

import re
from dataclasses import replace

from ..patterns import UPPER_CHARS
from ..reading import ends_abbreviation, sliced, trim
from ..types import Span
from .base import (
    correction,
    numbers_follow,
)


@correction("lone-container", reads="title container-title volume issue pages publisher location", writes="title")
def lone_container(text: str, spans: list[Span]) -> list[Span]:
    """A venue with no title beside it and no volume, issue or pages after it is a book's title ("Han, P. (2000),
    Soziologie der Migration, Stuttgart"): in the training data a reference with a container and no title has
    numbers 1,709 times in 1,729 (a journal article cited without its title, physics style). So is one with a
    volume but no issue or pages, when a publisher or place names a book ("Marx, Karl (1967), Das Kapital, Bd. I,
    Hamburg"): in the training and dev data such references have a title 100 times in 106."""
    labels = [s.label for s in spans]
    if "title" in labels or labels.count("container-title") != 1 or {"issue", "pages"} & set(labels):
        return spans
    if "volume" in labels and not {"publisher", "location"} & set(labels):
        return spans
    return [replace(s, label="title") if s.label == "container-title" else s for s in spans]


# The last sentence break inside a title: ". ", "? " or "! " before a capital letter.
_TITLE_BREAK = re.compile(rf"[.?!]\s+(?=[{UPPER_CHARS}])")


_VENUE_WORDS = 10


_SHORTEST_VENUE = 3  # characters: "Auk" is a journal, "Fr" rather the tail of an abbreviated name


_PART_NUMBER = re.compile(r"[IVX]+\.\s")  # "Fourier integral operators. I. Acta mathematica": part I of a title


def _last_sentence_apart(text: str, span: Span) -> tuple[Span, Span] | None:
    """``span`` cut before its last sentence, ("Title. Subtitle", "Journal") as (title, container title); None
    when it has no sentence break or the last sentence is too long to be a journal's name."""
    breaks = [m for m in _TITLE_BREAK.finditer(text, span.start, span.end)
              if not (text[m.start()] == "." and ends_abbreviation(text[span.start:m.start() + 1]))]
    if not breaks:
        return None
    # A journal's name rarely holds a comma: in "Title. Subtitle, Journal" the subtitle is the title's.
    comma = text.rfind(", ", breaks[-1].end(), span.end)
    head_end, venue_start = (comma, comma + 2) if comma >= 0 else (breaks[-1].start(), breaks[-1].end())
    if text[head_end] in "?!":
        head_end += 1
    venue = sliced(text, span, *trim(text, venue_start, span.end), label="container-title")
    if len(venue.text) < _SHORTEST_VENUE or len(venue.text.split()) > _VENUE_WORDS or _PART_NUMBER.match(venue.text):
        return None  # "Bull. Soc. Chim. Fr." is not "Bull. Soc. Chim" and a journal "Fr"
    return sliced(text, span, *trim(text, span.start, head_end), label="title"), venue


@correction("venue-in-title", reads="title container-title volume issue pages date publisher location",
            writes="title container-title")
def venue_in_title(text: str, spans: list[Span]) -> list[Span]:
    """A title run on into the journal's name, with volume, issue or pages right after it and no venue in the
    reference ("How European am I? Prejudice expression. Self and Identity, 2, 251-264"): its last sentence is
    the venue. In the training data a title is followed straight by numbers, with no venue in the reference, 42
    times in 7,817, while journal articles name their venue thousands of times. A journal article's date after
    the venue counts as its numbers ("Title. Cornea. 2013 Jul; 32(7)"); on the training and dev data's own labels
    that reading changes two references, one of them a label error.

    The same holds for a venue that took the title in, in a reference with no title ("Theorienvergleich in den
    Sozialwissenschaften. Ethik und Sozialwissenschaften, 4, 483-495"), where the part before the last sentence
    reads as running text (two lower-case words at least): of the 1,479 such venues in the training data
    (physics style, "J. Phys. G: Nucl. Part. Phys. 41") none is cut so. Where a title comes right before such a
    venue, the part cut off is the title's subtitle ("Segregierte Armut in der Stadtgesellschaft. Problemstrukturen
    und Handlungskonzepte im Stadtteil. Informationen zur Stadtentwicklung 3/4"); no venue in the training or dev
    data is cut so either."""
    labels = [s.label for s in spans]
    if labels.count("title") == 1 and "container-title" not in labels:
        i = labels.index("title")
    elif labels.count("container-title") == 1 and labels.count("title") <= 1:
        i = labels.index("container-title")
    else:
        return spans
    parts = _last_sentence_apart(text, spans[i]) if numbers_follow(text, spans, i) else None
    if not parts:
        return spans
    if spans[i].label == "container-title":
        if len(_LOWER_WORD.findall(parts[0].text)) < _RUNNING_TEXT:
            return spans
        if "title" in labels:
            j = labels.index("title")
            if j != i - 1 or not _SUBTITLE_GAP.fullmatch(text, spans[j].end, spans[i].start):
                return spans
            head = sliced(text, spans[j], spans[j].start, parts[0].end)
            return spans[:j] + [head, parts[1]] + spans[i + 1:]
    return spans[:i] + list(parts) + spans[i + 1:]


_SUBTITLE_GAP = re.compile(r"[.?!:]\s+")


_LOWER_WORD = re.compile(r"(?<!\S)[a-zß-ÿ]{2,}\b")


_RUNNING_TEXT = 2  # lower-case words before the last sentence that make it running text, not a venue's name
