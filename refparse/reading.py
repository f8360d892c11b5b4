"""Reading a reference at the character level: names, sentences, quotes, identifiers, span edges.

The rule-based parser (:mod:`refparse.fallback`) and the corrections (:mod:`refparse.corrections`) read the
same things in a reference string: where a list of names ends, where a sentence ends (not after an initial or
an abbreviation), where a quoted title closes, which identifiers it holds, and which punctuation at a span's
edge is not part of the value. They read them here, so both read them alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .lexicon import classes_of
from .patterns import (
    ABBREVIATIONS,
    ANCHOR_CONFIDENCE,
    ARXIV_OLD_STYLE_ARCHIVES,
    ARXIV_OR_PUBMED,
    ARXIV_WITH_CATEGORY,
    BRACKET_PAIRS,
    DOI,
    ISBN,
    ISBN13_HYPHENATED,
    ISSN,
    LETTER,
    QUOTE_PAIRS,
    UP,
    URL,
    YEAR,
)
from .tokenize import trim_identifier
from .types import Span

# ----------------------------------------------------------------------------------------------------------
# Span edges

#: Separating punctuation that is never part of a value at its edge.
SPAN_EDGE = " \t,;:.-–—/"
_BRACKET_OPENERS = {close: open_ for open_, close in BRACKET_PAIRS.items()}


def sliced(text: str, span: Span, start: int, end: int, label: str | None = None) -> Span:
    """``span`` moved to ``text[start:end]`` (and relabelled, if ``label`` is given), its confidence kept."""
    return Span(label or span.label, text[start:end], start, end, span.confidence)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop separating punctuation and unbalanced brackets or quotes from both ends of a span."""
    while True:
        before = (start, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start] in SPAN_EDGE + "([{\"“„‘'«":
            if text[start] in "([{" and _closes(text, start, end):
                break
            start += 1
        while end > start and text[end - 1] in SPAN_EDGE + ")]}\"”’'»":
            if text[end - 1] == "." and re.search(rf"(?:^|[\s.]){UP}[a-z]?\.$|\b[A-Za-z]{{1,5}}\.$", text[start:end]):
                if ends_abbreviation(text[start:end]):
                    break
            if text[end - 1] in ")]}" and _opens(text, start, end):
                break
            end -= 1
        if (start, end) == before:
            return start, end


def _closes(text: str, start: int, end: int) -> bool:
    pair = BRACKET_PAIRS[text[start]]
    return text.count(pair, start, end) >= text.count(text[start], start, end)


def _opens(text: str, start: int, end: int) -> bool:
    pair = _BRACKET_OPENERS[text[end - 1]]
    return text.count(pair, start, end) >= text.count(text[end - 1], start, end)


def ends_abbreviation(segment: str) -> bool:
    """Whether the full stop ending ``segment`` belongs to an initial or an abbreviation (keep it)."""
    word = re.search(r"(\S+)\.$", segment)
    if not word:
        return False
    last = word.group(1).split(".")[-1]
    return len(last) <= 1 or last.lower() in ABBREVIATIONS


class Layout:
    """The spans found so far, with the characters they cover."""

    def __init__(self, text: str, confidences: Mapping[str, float] | None = None, default: float = 0.5):
        self.text = text
        self._confidences = confidences or {}
        self._default = default
        self.taken = bytearray(len(text))
        self.spans: list[tuple[int, int, str, float]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, label: str, confidence: float | None = None) -> bool:
        start, end = trim(self.text, start, end)
        if confidence is None:
            confidence = self._confidences.get(label, self._default)
        if end <= start or not self.free(start, end):
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        self.spans.append((start, end, label, confidence))
        return True

    def next_taken(self, pos: int) -> int:
        """The first taken character at or after ``pos`` (the text length when none)."""
        index = self.taken.find(b"\x01", pos)
        return len(self.text) if index < 0 else index

    def result(self) -> list[Span]:
        return [Span(label, self.text[s:e], s, e, c) for s, e, label, c in sorted(self.spans)]


# ----------------------------------------------------------------------------------------------------------
# Identifiers


#: The label each kind of identifier takes (docs/conventions.md): a doi.org link is a ``url``, the DOI normaliser
#: reads the DOI out of it.
IDENTIFIER_LABELS: dict[str, str] = {
    "url": "url", "doi": "doi", "isbn": "isbn", "arxiv": "identifier", "pmid": "identifier", "pmcid": "identifier",
    "issn": "identifier",
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier written in a reference, at ``text[start:end]`` (PDF extraction's stray spaces included)."""

    kind: str  # a key of IDENTIFIER_LABELS
    start: int
    end: int
    inside: bool = False  # part of a URL found before it (the DOI of a doi.org link): the URL's span holds it

    @property
    def label(self) -> str:
        return IDENTIFIER_LABELS[self.kind]


def find_identifiers(text: str) -> list[Identifier]:
    """Every URL, DOI, arXiv id, PMID, PMCID, ISBN and ISSN written in ``text``, in text order.

    URLs come first; a DOI or an id inside one is listed with ``inside=True``; the others never overlap. Breaks
    that PDF extraction puts into an identifier ("https://doi. org/10.1016/…", "10.1016/j. cortex.2013.07.011",
    a URL cut after a slash) are joined where what follows the break can only continue it (:func:`_continues`).
    """
    found: list[Identifier] = []
    taken = bytearray(len(text))  # 1 under a URL, 2 under any other identifier

    def add(kind: str, start: int, end: int) -> None:
        under = set(taken[start:end])
        if under == {1}:
            found.append(Identifier(kind, start, end, inside=True))
        elif under == {0}:
            found.append(Identifier(kind, start, end))
            taken[start:end] = (b"\x01" if kind == "url" else b"\x02") * (end - start)

    # Most references hold no identifier: a pattern that needs a literal the text lacks is not run.
    has = _literal_test(text)
    if has("http", "ftp", "www"):
        for m in URL.finditer(text):
            add("url", m.start(), _joined_end(text, m.start(), m.end()))
    if "10." in text:
        for m in DOI.finditer(text):
            add("doi", m.start(), _joined_end(text, m.start(), m.end()))
    if has("arxiv", "pmid", "pmc", *ARXIV_OLD_STYLE_ARCHIVES):
        for m in ARXIV_OR_PUBMED.finditer(text):
            word = m.group().lower()
            kind = "pmcid" if word.startswith("pmc") else "pmid" if word.startswith("pmid") else "arxiv"
            add(kind, m.start(), m.end())
    if "[" in text:
        for m in ARXIV_WITH_CATEGORY.finditer(text):
            add("arxiv", m.start(), m.end())
    if "ISBN" in text:
        for m in ISBN.finditer(text):
            add("isbn", m.start(1), _trim_identifier(text, m.start(1), m.end(1)))
    if "978-" in text or "979-" in text:
        for m in ISBN13_HYPHENATED.finditer(text):
            add("isbn", m.start(), m.end())
    if has("issn"):
        for m in ISSN.finditer(text):
            add("issn", m.start(), m.end())  # the cue is part of it, as with "PMID:" and "arXiv:" (the corpora)
    return sorted(found, key=lambda i: (i.start, i.inside))


#: The characters other than A-Z and a-z that a case-insensitive pattern matches to an ASCII letter.
_FOLDING_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _literal_test(text: str) -> Callable[..., bool]:
    """``has(*literals)``: whether ``text`` holds one of the lower-case ASCII ``literals`` in any case, as the
    case-insensitive patterns would see it. Always true for a text with a character that folds to an ASCII
    letter (Turkish dotted and dotless i, long s, the Kelvin sign), so no identifier is ever missed."""
    if any(ch in text for ch in _FOLDING_TO_ASCII):
        return lambda *literals: True
    lower = text.lower()
    return lambda *literals: any(literal in lower for literal in literals)


def find_anchors(layout: Layout) -> None:
    """Add the identifiers of ``layout.text`` (:func:`find_identifiers`) to it, near-certain anchors."""
    for ident in find_identifiers(layout.text):
        if not ident.inside:
            layout.add(ident.start, ident.end, ident.label, ANCHOR_CONFIDENCE)


#: The space PDF extraction leaves inside an identifier: one or two blanks, at most one line break.
_BREAK = re.compile(r"[ \t]{0,2}\n?[ \t]{0,2}(?=\S)")
#: The characters after which an identifier cannot end (a host, a path or a DOI suffix goes on after them).
_OPEN_END = tuple("/-_.=&?#%~(")
#: A piece that continues an identifier: lower case or digits first, a separator inside, no sentence in it.
_CONTINUATION = re.compile(r"[a-z0-9(][\w()\[\]<>;:%~+=&?#@-]*[./_=?&#%-][\w()\[\]<>;:%~+=&?#@./-]*")


def _joined_end(text: str, start: int, end: int) -> int:
    """The end of the identifier ``text[start:end]`` with the pieces that a break cut off joined to it."""
    while True:
        gap = _BREAK.match(text, end)
        if not gap or gap.end() == end:
            return _trim_identifier(text, start, end)
        piece = re.match(r"\S+", text[gap.end():]).group()
        piece_end = _trim_identifier(text, gap.end(), gap.end() + len(piece))
        if piece_end <= gap.end() or not _continues(text[start:end], text[gap.end():piece_end]):
            return _trim_identifier(text, start, end)
        end = gap.end() + len(piece)


def _continues(head: str, piece: str) -> bool:
    """Whether ``piece``, after a break, is the rest of the identifier ``head``.

    A host cut after a dot or the scheme goes on with a lower-case piece ("https://doi." + "org/10.1016/x");
    after a path or a DOI suffix that ends in a separator ("10.1016/j." + "cortex.2013.07.011") only a piece
    shaped like a path does: lower case or digits first, with a separator inside, so "… /abc. Accessed" or
    "… /x. 2020" stay apart.
    A piece that is an identifier of its own starts a new one, unless it is the DOI after "doi.org/".
    """
    if re.fullmatch(r"(?:(?:https?|ftp)://)?[\w.-]*(?:\.|://)", head, re.I):
        return bool(re.fullmatch(r"[a-z0-9][\w-]*[./]\S*", piece))  # "org/10.1016/x", not "Zum" after "gtz.de."
    if URL.search(piece) or DOI.search(piece):  # another identifier, except the DOI of a resolver link
        return bool(re.search(r"doi\.org/$", head, re.I) and DOI.match(piece))
    if not head.endswith(_OPEN_END):
        return False
    return bool(_CONTINUATION.fullmatch(piece))


def _trim_identifier(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation, quotes, opening brackets and unbalanced closing brackets from an identifier's
    end, and cut it at an opening bracket that never closes ("…/28802646(accessed 2 May 2019)": the note
    after the link, glued to it)."""
    unclosed = _unclosed_bracket(text, start, end)
    if unclosed is not None:
        end = unclosed
    while True:
        end = trim_identifier(text, start, end)
        if end > start and text[end - 1] in "([<":
            end -= 1
        else:
            return end


def _unclosed_bracket(text: str, start: int, end: int) -> int | None:
    """The position of the first "(" or "[" in ``text[start:end]`` that no bracket after it closes, if any."""
    depth: list[int] = []
    for i in range(start, end):
        if text[i] in "([":
            depth.append(i)
        elif text[i] in ")]" and depth:
            depth.pop()
    return depth[0] if depth and depth[0] > start else None


# ----------------------------------------------------------------------------------------------------------
# Names

_PARTICLE_WORDS = r"(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]e|[Dd]el|[Dd]ella|[Dd]i|[Dd]a|[Dd]u|dos|das|[Ll]a|[Ll]e|ten|ter|zu|bin|al|el|[Ss]t\.?)"
_PARTICLE = rf"(?:{_PARTICLE_WORDS}\s+){{0,3}}"
_SURNAME = rf"(?:[OD][’']\s?)?{UP}{LETTER}+(?:[’']{LETTER}+)?(?:\s?[-‐]\s?{LETTER}+)*"
FAMILY = rf"(?:{_PARTICLE}{_SURNAME}(?:\s(?:de|da|del|van|von|der|di|la|y)\s{_SURNAME})?)"
INITIALS = rf"(?:{UP}[a-z]?\s?\.(?:\s?[-‐]?\s?{UP}[a-z]?\s?\.)*)"
BARE_INITIALS = rf"(?:{UP}{{1,3}}(?:[-‐]{UP})?(?:\s{UP}(?=[,.;]|\s(?:and|&)\s))?)"
GIVEN = rf"(?:{UP}[a-zà-ÿ]+(?:[-‐]{UP}[a-zà-ÿ]+)?)"
_END = r"(?:,?\s(?:Jr|Sr|JR)\.?|\s(?:II|III|IV))?(?=[\s,.;:()&/]|$)"

# Forms of one person's name; the longest match at a position wins.
NAME_FORMS = [
    re.compile(rf"{FAMILY},\s?{INITIALS}(?:,\s(?:Jr|Sr)\.)?"),  # Smith, J. A.; Ferren, W. R., Jr.
    re.compile(rf"{FAMILY},\s?{BARE_INITIALS}{_END}"),  # Smith, JA
    re.compile(rf"{INITIALS}\s?{FAMILY}{_END}"),  # J. A. Smith, J.A.Smith
    re.compile(rf"{GIVEN}\s{INITIALS}\s?{FAMILY}{_END}"),  # John F. Smith
    re.compile(rf"{FAMILY}\s{INITIALS}"),  # Smith J.A.
    re.compile(rf"{FAMILY}\s{BARE_INITIALS}{_END}"),  # Smith JA (Vancouver)
    re.compile(rf"{BARE_INITIALS}\s{FAMILY}{_END}"),  # C Ciuti
    re.compile(rf"{GIVEN}(?:\s{GIVEN})?\s{FAMILY}{_END}"),  # John Smith, Mary Ann Smith
    re.compile(rf"{FAMILY},\s{GIVEN}(?:\s{INITIALS}|\s{GIVEN})?{_END}"),  # Smith, John A. (MLA first author)
    re.compile(rf"(?:{_PARTICLE}){UP}{{2,}}(?:[-‐]{UP}{{2,}})?{_END}"),  # SMITH
    re.compile(r"(?:The\s)?(?:[\w.-]+\s){0,5}(?:Collaboration|Consortium|Group|Team|Committee)\b"),
]
_NAME_SEPARATOR = re.compile(r"\s?(?:,\s?(?:and\s|&\s?)?|;\s?|/\s?|\s[-–]\s|\s(?:and|&|und|et|y|e|u\.)\s|&\s?)", re.I)
ET_AL = re.compile(r",?\s?(?:et\.?\s?al(?:ii)?\.?|u\.\s?a\.|and others|et coll\.)", re.I)


# Which forms may follow a first name of each form: a list keeps one form, except that an inverted first name
# may be followed by direct ones ("Rotzoll, K., S. B. Gingerich, and A. El-Kadi"; MLA "Smith, John, and Jane Doe").
_DIRECT = (2, 3, 6, 7)
_COLLABORATION = 10
_LONE_FAMILY = 11  # not in NAME_FORMS: a family name alone, accepted only before "et al."
_FOLLOWERS: dict[int, tuple[int, ...]] = {
    0: (0, 2, 3), 1: (1, 0, 6), 2: (2, 3, 6), 3: _DIRECT, 4: (4, 5), 5: (5, 4), 6: (2, 3, 6), 7: _DIRECT,
    8: (8, 0) + _DIRECT, 9: (9,), _COLLABORATION: tuple(range(_COLLABORATION)), _LONE_FAMILY: (),
}
_FOLLOWERS = {form: followers + (_COLLABORATION,) for form, followers in _FOLLOWERS.items()}
_CUE_WORDS = frozenset("In IN The THE A An Der Die Das DER DIE DAS La Le Les On Vol VOL Proc See Ibid IEEE".split())


_LONE_NAME = re.compile(rf"{FAMILY}(?=(?i:{ET_AL.pattern})|\s?\(?{YEAR}[a-z]?\b)")
# German "u. a." (and others) stays outside the author field in the corpora; "et al." stays inside.
_UND_ANDERE = re.compile(r",?\s?u\.\s?a\.")


def _name_at(text: str, pos: int, forms: Sequence[int] | None = None) -> tuple[int, int]:
    """(end, form) of the longest single name starting at ``pos`` (``(pos, -1)`` when none does)."""
    best, best_form, fallback = pos, -1, (pos, -1)
    for index in forms if forms is not None else range(len(NAME_FORMS)):
        m = NAME_FORMS[index].match(text, pos)
        if not m or m.group().split()[0] in _CUE_WORDS or _is_venue_abbreviation(text, m):
            continue
        if m.end() > best and _ends_name(text, m.end(), index):
            best, best_form = m.end(), index
        elif m.end() > fallback[0]:
            fallback = (m.end(), index)
    if best_form < 0 and forms is None and fallback[1] >= 0:
        best, best_form = fallback  # the first name of a list may end anywhere
    if best_form < 0 and forms is None:  # "Johnson, et al.", "Soeffner (1995a)": a family name alone
        m = _LONE_NAME.match(text, pos)
        if m and m.group()[0].isupper() and m.group().split()[0] not in _CUE_WORDS:
            return m.end(), _LONE_FAMILY
    return best, best_form


def _is_venue_abbreviation(text: str, match: re.Match) -> bool:
    """Whether a would-be name ends in a journal abbreviation: "Z. Phys." or "J. Chem." are venues, not people."""
    last = match.group().split()[-1].strip(".,")
    return text[match.end() : match.end() + 1] == "." and (
        last.lower() in ABBREVIATIONS or "venue" in classes_of(last)
    )


def _ends_name(text: str, end: int, form: int) -> bool:
    """Whether what follows ``end`` lets a name end there: punctuation, "et al.", or another name after "and".

    This keeps a title word out of the name: "Wieland K. Distribution and mortality" ends after "K.".
    """
    if end >= len(text) or text[end - 1] == "." or re.match(r"\s?[,;(\[/]|\s?:\s|\.(?:\s|$)", text[end:]):
        return True
    if ET_AL.match(text, end):
        return True
    sep = _NAME_SEPARATOR.match(text, end)
    if sep and sep.group().strip() not in ("", ","):
        return any(NAME_FORMS[i].match(text, sep.end()) for i in _FOLLOWERS[form])
    return False


def author_list_end(text: str, pos: int) -> int:
    """End of the list of names starting at ``pos``, or ``pos`` when no name starts there."""
    end, form = _name_at(text, pos)
    if end == pos:
        return pos
    while True:
        if _UND_ANDERE.match(text, end):
            return end
        et_al = ET_AL.match(text, end)
        if et_al:
            return et_al.end()
        sep = _NAME_SEPARATOR.match(text, end)
        if not sep:
            return end
        nxt, _ = _name_at(text, sep.end(), _FOLLOWERS[form])
        if nxt == sep.end():
            return end
        end = nxt


def cjk_author_end(text: str, pos: int) -> int:
    """Authors written in a script without case (Chinese, Japanese, Korean): up to the first title mark."""
    m = re.match(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^.'‘“\"(（《,，]*(?:[,，、·.][\s]?"
                 r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^.'‘“\"(（《,，]*)*", text[pos:])
    return pos + m.end() if m and m.end() <= 40 else pos


# ----------------------------------------------------------------------------------------------------------
# Sentences


def sentence_end(text: str, pos: int, limit: int, venue: bool = False) -> int:
    """End of the sentence starting at ``pos`` (before its full stop), at most ``limit``.

    A full stop after an initial or a known abbreviation ends nothing; with ``venue`` neither does one after
    any short capitalised word ("Compos. Sci. Technol."). PDF extraction often writes "trace .Physics": a
    full stop after a space and before a capital ends the sentence too.
    """
    i = pos
    while i < limit:
        c = text[i]
        if c in ".?!" and (i + 1 >= limit or text[i + 1].isspace() or text[i + 1] in "\"”’'"):
            if c != "." or not ends_abbreviation(text[pos : i + 1]) and not (venue and _short_word(text, pos, i)):
                return i + 1 if c in "?!" else i
        elif c == "." and i > pos and text[i - 1] == " " and i + 1 < limit and text[i + 1].isupper() and not venue:
            return i - 1
        i += 1
    return limit


def _short_word(text: str, pos: int, i: int) -> bool:
    word = re.search(r"(\S+)$", text[pos:i])
    return bool(word and re.fullmatch(rf"(?:\S*\.)?{UP}[a-z]{{0,6}}", word.group(1)))


def skip(text: str, pos: int, chars: str = " .,;:") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def quoted_span(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """(start, end) of a quoted title starting at ``pos``."""
    if pos >= limit or text[pos] not in QUOTE_PAIRS:
        return None
    close = re.escape(QUOTE_PAIRS[text[pos]])
    # An apostrophe inside the title ("settant’anni", "What's") must not close it: the closing quote is the
    # first one followed by a space, punctuation or the end.
    m = re.compile(rf".{{3,}}?{close}(?=[\s,.;:)?!]|$)").match(text, pos + 1)
    if not m or m.end() > limit:
        m = re.compile(rf".{{3,}}?{close}").match(text, pos + 1)
    end = m.end() - 1 if m and m.end() <= limit else -1
    return (pos + 1, end) if end > pos else None
