"""The rule-based reference parser: the fallback when no usable model exists (``method="rules"``).

It reads a reference in the order most styles write it, at the character level:

1. near-certain anchors anywhere in the string: citation number or key, URL, DOI, arXiv/PMID identifiers, ISBN;
2. the author list at the front, matched name by name ("Smith, J. A.", "J. A. Smith", "Smith JA",
   "John Smith", "SMITH"), joined by commas, "and", "&", "et", "und"; "(Eds.)"/"(Hrsg.)" makes it editors;
3. the date: right after the authors (author-year styles: APA, Harvard, Chicago author-date), else the year in
   brackets, else the last plausible year;
4. the title: quoted text, else the next sentence (up to a full stop that ends no initial or abbreviation);
5. "In:" / "In" opens editors and a container; otherwise the next sentence is the container, cut where the
   numbers begin ("vol.", "12(3)", "41:1-9", "pp.", a year);
6. the numbers: volume, issue and pages from their cue words (vol., no., pp., Jg., H., S., Bd.) or from
   their shapes (``12(3)``, ``41:1-9``, ``1-9``, physics ``73, 193306 (2006)``);
7. "Place: Publisher" and publisher words ("Press", "Verlag", ...) for books.

The result is the same :class:`~refparse.types.Span` list the CRF gives (``text == input[start:end]``), so the
same normalisers run on it. Each span carries its label's :data:`RULE_CONFIDENCE` (the rules' measured precision
for that field), the near-certain anchors :data:`~refparse.patterns.ANCHOR_CONFIDENCE`; a reference parsed by
the rules gets :func:`rules_confidence`. The character-level readers (names, sentences, span edges,
identifiers) are shared with the corrections in :mod:`refparse.reading`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .labels import OUTSIDE
from .lexicon import classes_of
from .patterns import (
    ANCHOR_CONFIDENCE,
    EDITION_WORDS,
    EDITOR_WORDS,
    EDITOR_WORDS_IT,
    IN_CUE,
    ISSUE_WORDS,
    LETTER,
    PAGES_WORDS,
    UP,
    VOLUME_WORDS,
    YEAR,
)
from .prepare import citation_key
from .reading import (
    Layout,
    author_list_end,
    cjk_author_end,
    find_anchors,
    quoted_span,
    sentence_end,
    skip,
)
from .tokenize import tokenize
from .types import Span, Token

#: Confidence of each field the rules find: its precision (exact match) on the dev set when this module was
#: written, rounded down; a label not listed gets :data:`DEFAULT_CONFIDENCE`. A reference parsed by the rules
#: gets the mean over its spans (:func:`rules_confidence`), so a result made mostly of titles and venues, the
#: fields the rules most often get wrong, falls below the parser's low-confidence threshold.
RULE_CONFIDENCE: dict[str, float] = {
    "author": 0.85, "editor": 0.8, "title": 0.65, "container-title": 0.65, "date": 0.95, "volume": 0.8,
    "issue": 0.7, "pages": 0.9, "publisher": 0.65, "location": 0.55, "url": 0.7,
}
DEFAULT_CONFIDENCE = 0.5

_EDITOR_MARK = re.compile(rf"\s?[,.]?\s?\(?(?:{EDITOR_WORDS}|{EDITOR_WORDS_IT})\.?\)?(?=[\s,.:;]|$)", re.I)
_CITATION_NUMBER = re.compile(r"\s*(?:\[\d{1,4}[a-z]?\]|\[[A-Za-z][\w+.\-]{0,12}\](?=\s)|\(\d{1,4}\)|\d{1,3}\.(?=\s)|\d{1,3}\s(?=\D))")
_YEAR = re.compile(rf"(?<![\d/.])({YEAR}[a-z]?)(?![\d])")
_NO_DATE = re.compile(r"\(?(?:n\.\s?d\.|o\.\s?J\.|in press|forthcoming|im Druck)\)?", re.I)

_PAGE_RANGE = r"\d+[a-zA-Z]?\s?(?:[-‐–—]+|\s-\s)\s?[A-Za-z]?\d+[a-zA-Z]?"
_PAGES_CUE = re.compile(rf"(?:\b(?:{PAGES_WORDS})\.?\s?)(({_PAGE_RANGE})|\d+f{{0,2}}\.?)", re.I)
# A cue word needs a full stop or a space before its number: "NOS3" (a gene) is no issue number.
_VOLUME_CUE = re.compile(rf"\b(?:{VOLUME_WORDS})(?:\.\s?|\s)(\d+[A-Z]?)", re.I)
ISSUE_CUE = re.compile(rf"(?:\b(?:{ISSUE_WORDS})(?:\.\s?|\s)|n°\s?|№\s?)(\d+(?:[-/]\d+)?)", re.I)
VOLUME_ISSUE = re.compile(r"(?<![\d.])(\d{1,5}[A-Z]?)\s?\((\d+(?:\s?[-/–]\s?\d+)?|Suppl\.?\s?\d*|[A-Z]?\d+)\)")
_VOLUME_PAGES = re.compile(rf"(?<![\d.])(\d{{1,5}}[A-Z]?)\s?[:,]\s?(({_PAGE_RANGE})|\d+)(?![\d(])")
BARE_RANGE = re.compile(rf"(?<![\d.])({_PAGE_RANGE})(?![\d])")
_BARE_NUMBER = re.compile(r"(?<![\w.])([A-Z]?\d{1,6})(?![\w])")
_PLACE_PUBLISHER = re.compile(
    rf"({UP}[^\d:,.;()\[\]]{{1,40}}?)\s?:\s?({UP}[^:;()\[\]]{{1,80}}?)(?=\s?[.;(]|,\s?(?:\d|S\.|pp?\.)|$)"
)
_IN = re.compile(IN_CUE)
_EDITED_BY = re.compile(r",?\s?(?:ed\.|eds\.|edited|hrsg\.|hg\.)\s(?:by\s|von\s)?", re.I)


def _citation_number(layout: Layout) -> int:
    key = citation_key(layout.text)  # the same key the model's input preparation takes off
    if key:
        layout.add(key[0], key[1], "citation-number", ANCHOR_CONFIDENCE)
        return key[2]
    m = _CITATION_NUMBER.match(layout.text)
    if m and not re.match(rf"\s*{YEAR}\b", layout.text):
        layout.add(m.start(), m.end(), "citation-number", ANCHOR_CONFIDENCE)
        return m.end()
    return 0


# ----------------------------------------------------------------------------------------------------------
# Numbers


def _numbers_start(text: str, pos: int, limit: int, bare: bool = True) -> int:
    """Where the numeric tail (volume, issue, pages, year) begins after ``pos``.

    With ``bare`` a lone number counts too ("Phys. Rev. B 88, 104412"); titles are cut only at numbers with a
    cue or a shape ("vol.", "12(3)", "41:1-9", "1-9", a year), as "Elevated interleukin 6 is ..." shows.
    """
    candidates = [limit]
    for pattern in (_VOLUME_CUE, ISSUE_CUE, _PAGES_CUE, VOLUME_ISSUE, _VOLUME_PAGES, BARE_RANGE):
        m = pattern.search(text, pos, limit)
        if m:
            candidates.append(m.start())
    # A number followed by a word is part of a name ("Proceedings of the 1988 ACM Conference", "Study 2 of").
    numbers = r"(?:\d{1,5}|" + YEAR + r")\b(?!\s[A-Za-z])" if bare else YEAR + r"\b(?!\s[A-Za-z])"
    m = re.compile(r"[,.;]?\s\(?" + numbers).search(text, pos, limit)
    if m:
        candidates.append(m.start())
    if bare:  # a volume glued to the venue: "Phys .330 (2014)", "Chin. Phys. C38(2014)", "Phys.Lett. B227, 266"
        m = re.compile(r"(?<=[A-Za-z.])\d{1,5}\s?[(,:]").search(text, pos, limit)
        if m:
            candidates.append(m.start())
    return min(candidates)


def _numbers(layout: Layout, pos: int) -> None:
    """Volume, issue and pages in the tail of the reference, from cue words first, then from shapes."""
    text = layout.text
    found = {"volume": False, "issue": False, "pages": False}

    def add(start: int, end: int, label: str) -> None:
        if not found[label] and layout.add(start, end, label):
            found[label] = True

    for pattern, label in ((_VOLUME_CUE, "volume"), (ISSUE_CUE, "issue"), (_PAGES_CUE, "pages")):
        for m in pattern.finditer(text, pos):
            if layout.free(m.start(1), m.end(1)):
                add(m.start(1), m.end(1), label)
                break
    for m in VOLUME_ISSUE.finditer(text, pos):
        if layout.free(m.start(), m.end()) and not re.fullmatch(YEAR, m.group(2)):
            add(m.start(1), m.end(1), "volume")
            add(m.start(2), m.end(2), "issue")
            break
    for m in _VOLUME_PAGES.finditer(text, pos):
        if layout.free(m.start(), m.end()) and not re.fullmatch(YEAR, m.group(1)):
            add(m.start(1), m.end(1), "volume")
            add(m.start(2), m.end(2), "pages")
            break
    for m in BARE_RANGE.finditer(text, pos):
        if layout.free(m.start(), m.end()) and not is_year_range(m.group(1)):
            add(m.start(1), m.end(1), "pages")
            break
    for m in _BARE_NUMBER.finditer(text, pos):
        if not layout.free(m.start(), m.end()) or re.fullmatch(YEAR, m.group(1)):
            continue
        if re.match(rf"\s?(?:st|nd|rd|th|e|\.)?\s?(?:{EDITION_WORDS})", text[m.end() :], re.I):
            continue
        if not found["volume"]:
            add(m.start(1), m.end(1), "volume")
        elif not found["pages"]:
            add(m.start(1), m.end(1), "pages")


def is_year_range(value: str) -> bool:
    parts = re.split(r"\D+", value)
    return len(parts) == 2 and bool(re.fullmatch(YEAR, parts[0])) and len(parts[1]) in (2, 4)


# ----------------------------------------------------------------------------------------------------------
# Dates


_DATE_AFTER = re.compile(
    rf"[\s.,:]*\(?\[?({YEAR}[a-z]?(?:,\s?([A-Za-zäé]+)\.?(?:\s\d{{1,2}})?|/\d{{2,4}})?)\]?\)?[.,:]?"
)
_DATE_AFTER_YEAR = re.compile(rf"[\s.,:]*\(?\[?({YEAR}[a-z]?)\]?\)?[.,:]?")


def _date_after(layout: Layout, pos: int) -> int:
    """A date right after the authors: ``(2001)``, ``2001a.``, ``(2001, March 3)``, ``(n.d.)``."""
    text = layout.text
    m = _DATE_AFTER.match(text, pos)
    if m and m.group(2) and "month" not in classes_of(m.group(2)):  # "1999, A&A": the year alone
        m = _DATE_AFTER_YEAR.match(text, pos)
    if m and not re.match(r"\s?[-–:]\s?\d", text[m.end(1) :]):
        layout.add(m.start(1), m.end(1), "date")
        return m.end()
    m = _NO_DATE.match(text, skip(text, pos))
    if m:
        layout.add(m.start(), m.end(), "date")
        return skip(text, m.end())
    return pos


def _date_anywhere(layout: Layout, pos: int) -> None:
    """The year when none followed the authors: one in brackets first, else the last free one."""
    text = layout.text
    if any(label == "date" for _, _, label, _ in layout.spans):
        return
    years = [m for m in _YEAR.finditer(text, pos) if layout.free(m.start(), m.end())]
    years = [m for m in years if not re.match(r"\s?[-–]\s?\d", text[m.end() :])]
    if not years:
        return
    bracketed = [m for m in years if m.start() > 0 and text[m.start() - 1] in "(["]
    chosen = bracketed[-1] if bracketed else years[-1]
    start = chosen.start()
    month = re.search(r"(?:\b[A-Z][a-z]{2,8}\.?\s(?:\d{1,2},?\s)?|\d{1,2}\.\s?\d{1,2}\.\s?)$", text[max(0, start - 20) : start])
    if month and classes_of(month.group().split()[0].strip(".,")) and "month" in classes_of(month.group().split()[0].strip(".,")):
        start -= len(month.group())
    layout.add(start, chosen.end(), "date")


# ----------------------------------------------------------------------------------------------------------
# Books


# Words before a colon that are cues, not places ("In: ...", "Available: http...").
_NOT_PLACES = frozenset("In IN in Available Retrieved URL Online DOI Hrsg Eds Ed Vol Proc Proceedings".split())


def _place_publisher(layout: Layout, pos: int, limit: int) -> int | None:
    """"Place: Publisher" or "Publisher, Place" in ``[pos, limit)``; returns where it starts."""
    text = layout.text
    for m in _PLACE_PUBLISHER.finditer(text, pos, limit):
        place = m.group(1).split()
        if len(place) <= 4 and place[0] not in _NOT_PLACES and layout.free(m.start(), m.end()):
            layout.add(m.start(1), m.end(1), "location")
            layout.add(m.start(2), m.end(2), "publisher")
            return m.start()
    for seg in re.finditer(r"[^,.;()]+", text[pos:limit]):
        words = seg.group().split()
        if any("venue" in classes_of(w) for w in words):  # "IEEE Trans. Pattern Anal." is a journal
            continue
        if words and any("publisher" in classes_of(w) for w in words) and not any(c.isdigit() for c in seg.group()):
            start = pos + seg.start()
            layout.add(start, pos + seg.end(), "publisher")
            place = re.compile(r"\s?[,]\s?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=[,.;]|$)").match(text, pos + seg.end())
            if place and "place" in classes_of(place.group(1).split()[0]):
                layout.add(place.start(1), place.end(1), "location")
            return start
    return None


# ----------------------------------------------------------------------------------------------------------
# The whole reference


def rule_spans(text: str) -> list[Span]:
    """Label ``text`` with the rules alone; spans in input order, ``span.text == text[span.start:span.end]``."""
    layout = Layout(text, RULE_CONFIDENCE, DEFAULT_CONFIDENCE)
    if not text.strip():
        return []
    pos = skip(text, _citation_number(layout), " ")
    pos = skip(text, pos, " -–—_.,•*·")  # "———. 1791." stands for the previous reference's authors
    find_anchors(layout)
    limit = layout.next_taken(pos)
    pos = _authors(layout, pos, limit)
    pos = _date_after(layout, pos)
    pos = skip(text, pos)
    limit = min(layout.next_taken(pos), len(text))
    pos = _title(layout, pos, limit)
    pos = _container(layout, skip(text, pos), limit)
    _date_anywhere(layout, 0)
    _numbers(layout, pos)
    return layout.result()


def _authors(layout: Layout, pos: int, limit: int) -> int:
    text = layout.text
    end = author_list_end(text[:limit], pos) if pos < limit else pos
    if end == pos:
        end = cjk_author_end(text[:limit], pos)
    if end == pos:
        return pos
    editor = _EDITOR_MARK.match(text, end)
    layout.add(pos, end, "editor" if editor else "author")
    return editor.end() if editor else end


def _title(layout: Layout, pos: int, limit: int) -> int:
    text = layout.text
    quoted = quoted_span(text, pos, limit)
    if quoted:
        layout.add(quoted[0], quoted[1], "title")
        return skip(text, quoted[1] + 1)
    numbers = _numbers_start(text, pos, limit, bare=False)
    venue_end = sentence_end(text, pos, numbers, venue=True)
    if venue_end >= numbers and looks_like_venue(text[pos:numbers]):
        return pos  # no title before the numbers: "A. Verger, Phys. Rev. B, 73, 193306 (2006)"
    bare = _numbers_start(text, pos, limit)
    if _VOLUME_NEXT.match(text, bare) and re.fullmatch(r"[^\s,.;:]+(?:\s[^\s,.;:]+){0,2}", text[pos:bare].strip()):
        return pos  # astronomy: "Bocchino, F. 1999, A&A, 342, 839" -- a short name straight before a volume
    end = min(sentence_end(text, pos, limit), numbers)
    if pos > 0 and text[:pos].rstrip().endswith(","):
        end = _comma_title_end(text, pos, end, numbers, bare)
    end = _title_with_subtitle(text, pos, end, numbers)
    cue = _IN_AFTER_STOP.search(text, pos, end)  # "... to C. In Conference Record of ..." (the "C." read as an initial)
    if cue:
        end = cue.start()
    imprint = _IMPRINT.search(text, pos, end)  # "Title (Oxford: Clarendon Press, 1989)"
    if imprint:
        end = imprint.start()
    layout.add(pos, end, "title")
    return end


# A place alone at the very end of a book reference: ", Boston.", ". – Weinheim.", ", Frankfurt a.M.",
# ", Durham/London", ". Newbury Park."
_PLACE_WORD = rf"{UP}[a-zäöüéè]+(?:\s(?:a\.\s?M\.|am\s{UP}[a-z]+|{UP}[a-z]+))?"
_PLACES = rf"({_PLACE_WORD}(?:\s?(?:/|u\.|und|and|&|;)\s?{_PLACE_WORD})*)\.?\s*$"
_FINAL_PLACE = re.compile(rf"(?:[,.]\s?(?:[-–]\s)?|\s[-–]\s){_PLACES}")
_ONLY_PLACES = re.compile(rf"(?:[-–]\s)?{_PLACES}")
# "Title, Milano 2007." / "Title, Torino 1983, pp. 30-76.": a place and the year close the reference (a journal
# and a year go on with numbers: "Cancer Res 2001; 61: 7044-7").
_PLACE_YEAR = re.compile(rf"({_PLACE_WORD})(?=\s{YEAR}(?:[-–]\d+)?\.?\s*(?:$|,\s?pp?\.|\())")
_CLOSING_PLACE = re.compile(rf",\s({_PLACE_WORD})\s*$")
_IN_AFTER_STOP = re.compile(r"[.,?!]\s(?:In|in|IN)(?::|\s(?=[A-Z]))")


def _title_with_subtitle(text: str, pos: int, end: int, numbers: int) -> int:
    """Extend a title over its subtitle sentences when what follows shows where the title must stop.

    "Title. Subtitle. In: Book" and "Title? Subtitle, in: Journal": the title runs up to the "In" cue.
    "Title. Subtitle. Hamburg: Rowohlt." (a book): the title runs up to "Place: Publisher". Only sentences
    without digits are taken, so an edition or a volume never becomes part of a title.
    """
    cue = _IN_AFTER_STOP.search(text, end, numbers)
    stop = cue.start() if cue else None
    if stop is None:
        imprint = _PLACE_PUBLISHER.search(text, end, numbers)
        if imprint and imprint.group(1).split()[0] not in _NOT_PLACES:
            stop = imprint.start()
    if stop is None:
        place = _FINAL_PLACE.search(text, end)
        if place and place.start() >= end:
            stop = place.start()
    if stop is None or stop <= end:
        return end
    between = text[end:stop]
    if any(c.isdigit() for c in between) or len(between) > 200 or "(" in between:
        return end
    return stop


def _comma_title_end(text: str, pos: int, end: int, numbers: int, bare: int) -> int:
    """Where a title ends in a comma-separated style ("A. Author, Title of paper, Journal, vol. 3").

    At the first comma after which a venue follows ("..., Eur. Phys. J. C 74"); else at the full stop when one
    comes before the numbers (titles hold commas: "Age and effects of the impact, western Texas, USA.");
    else at the first comma.
    """
    commas = [m.start() for m in re.finditer(r"\s?,\s?", text[pos:numbers])]
    for comma in commas:
        rest = text[pos + comma : max(bare, pos + comma)].strip(" ,")
        if looks_like_venue(rest) or rest.startswith(("In ", "in ")):
            return pos + comma
    if end < numbers or not commas:
        return end
    return pos + commas[0]


_IMPRINT = re.compile(rf"\s\((?=[^()]*[A-Za-z][^()]*\b{YEAR}\)|[^()]*:\s?[A-Z])")


_VOLUME_NEXT = re.compile(r"[,;]?\s?\d{1,4}[A-Z]?\s?[,:(]\s?[A-Z]?\d")


def looks_like_venue(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > 10:
        return False
    abbreviated = sum(1 for w in words if re.fullmatch(rf"\.?{UP}[a-z]{{0,8}}\.,?|\S*{LETTER}\.{UP}\S*", w))
    venue_words = sum(1 for w in words if "venue" in classes_of(w.strip(".,")))
    return abbreviated * 2 >= len(words) or venue_words > 0 and len(words) <= 4


def _container(layout: Layout, pos: int, limit: int) -> int:
    text = layout.text
    if pos >= len(text):
        return pos
    if text[pos] == "(" and _IMPRINT.match(text, pos - 1):
        pos += 1
    m = _IN.match(text, pos)
    if m:
        pos = skip(text, m.end(), " :")
        names_end = author_list_end(text, pos)
        editor = _EDITOR_MARK.match(text, names_end) if names_end > pos else None
        if editor:
            layout.add(pos, names_end, "editor")
            pos = skip(text, editor.end())
    # After "In:" a colon belongs to a book's subtitle ("In: Boethius: His Life"), not to "Place: Publisher".
    book = None if m else _place_publisher(layout, pos, min(limit, sentence_end(text, pos, limit) + 1))
    if book is not None and book <= pos + 1:
        return pos
    numbers = _numbers_start(text, pos, limit)
    end = min(sentence_end(text, pos, limit, venue=True), numbers)
    if m:  # a book's title after "In:" may have subtitles: up to its place, publisher or numbers
        end = _title_with_subtitle(text, pos, end, numbers)
    if book is not None:
        end = min(end, book)
    edited = _EDITED_BY.search(text, pos, end)
    if edited:
        names_end = author_list_end(text[: layout.next_taken(edited.end())], edited.end())
        if names_end > edited.end():
            layout.add(edited.end(), names_end, "editor")
        end = edited.start()
    place = _ONLY_PLACES.match(text, pos) or _PLACE_YEAR.match(text, pos)  # "Title. Boston.", "Title, Milano 2007."
    if not m and place and not any("venue" in classes_of(w) for w in place.group(1).split()):
        layout.add(place.start(1), place.end(1), "location")
        return place.end()
    closing_place = _CLOSING_PLACE.search(text, pos, end)  # "In: Book, Paris 1994, pp. 25-44"
    if closing_place and _PLACE_YEAR.match(text, closing_place.start(1)):
        layout.add(closing_place.start(1), closing_place.end(1), "location")
        end = closing_place.start()
    if end > pos:
        layout.add(pos, end, "container-title")
    if book is None:  # "In: Handbuch. Wiesbaden: VS Verlag, S. 45-67": the publisher follows the container
        _place_publisher(layout, end, limit)
    place = _FINAL_PLACE.match(text, end)
    if place:
        layout.add(place.start(1), place.end(1), "location")
    return end


def rules_confidence(spans: Sequence[Span]) -> float:
    """A rules result's confidence: the mean of its span confidences times the share of the skeleton found.

    The skeleton is author, date and a title or venue, which nearly every reference has: a string where the
    rules found only a title ("something without any structure") gets a third of its span confidence. 0.0 when
    nothing was found.
    """
    if not spans:
        return 0.0
    labels = {s.label for s in spans}
    skeleton = sum((bool(labels & {"author", "editor"}), "date" in labels, bool(labels & {"title", "container-title"})))
    return round(sum(s.confidence for s in spans) / len(spans) * skeleton / 3, 4)


def rule_tokens(text: str, spans: Sequence[Span]) -> list[Token]:
    """The tokens of ``text``, each with the label and confidence of the rule span that holds it (else "O")."""
    out = []
    ordered = sorted(spans, key=lambda s: s.start)
    i = 0
    for token in tokenize(text):
        while i < len(ordered) and ordered[i].end <= token.start:
            i += 1
        span = ordered[i] if i < len(ordered) and ordered[i].start <= token.start < ordered[i].end else None
        label, confidence = (span.label, span.confidence) if span else (OUTSIDE, DEFAULT_CONFIDENCE)
        out.append(Token(token.text, token.start, token.end, label, confidence))
    return out
