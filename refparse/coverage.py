"""Nothing lost: every identifier and every word of a reference ends up in its record.

The stage after the corrections, for the methods "auto" and "rules" (``method="crf"`` shows the model's own
labels, as training scores them). Two guarantees, each a small function over the spans:

- :func:`keep_identifiers`: every URL, DOI, arXiv id, PMID, PMCID, ISBN and ISSN written in the reference
  (:func:`refparse.reading.find_identifiers`, which also joins the breaks PDF extraction leaves inside them)
  gets a span of its own label. Where the model disagrees, the pattern wins: an identifier is a fact of the
  string, a label only a guess about it.
- :func:`keep_words`: a content word that no span holds (anything with a letter or a digit that is not a cue
  word, :func:`refparse.lexicon.is_cue_word`) is given to the field around it when the same field stands on
  both sides or it is glued to a field, and otherwise to ``other``; the record's ``warnings`` say which words
  went where.

:func:`check` measures both on a parsed record: the property-based test and ``training/check_coverage.py``
assert it over generated strings and over the corpora.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicon import is_cue_word
from .normalizers.identifiers import clean_doi, clean_isbn
from .patterns import ANCHOR_CONFIDENCE, EDITOR_WORDS_IT
from .prepare import MAX_REFERENCE_CHARS
from .reading import IDENTIFIER_LABELS, Identifier, find_identifiers, trim
from .tokenize import tokenize
from .types import Reference, Span, Token

#: Labels whose spans hold identifiers: a piece of such a span that holds no identifier is no identifier.
_IDENTIFIER_SPAN_LABELS = frozenset(IDENTIFIER_LABELS.values())


# ----------------------------------------------------------------------------------------------------------
# Identifiers


def keep_identifiers(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with a span for each identifier of ``text`` at its pattern's extent and of its kind's label.

    A span of the right label that already covers exactly the identifier is kept as it is (with the model's
    confidence). Otherwise the identifier's characters are taken out of whatever spans overlap them and given a
    span of their own; what is left of those spans keeps its label, except that the leftover of an identifier
    span that holds no identifier any more is dropped, and :func:`keep_words` then places its words; so are
    the words of a ``doi`` span that holds no DOI.
    """
    found = [i for i in find_identifiers(text[:MAX_REFERENCE_CHARS]) if not i.inside]
    out = sorted((s for s in spans if not _false_doi(s, found)), key=lambda s: s.start)
    for ident in found:
        out = _anchor(text, out, ident, found)
    return out


def _overlap(a: Span | Identifier, b: Span | Identifier) -> bool:
    """Whether two stretches of the text share a character."""
    return a.start < b.end and b.start < a.end


def _false_doi(span: Span, found: Sequence[Identifier]) -> bool:
    """Whether ``span`` is labelled a DOI and holds none ("doi": "10 jan. 2020"): its words go to keep_words."""
    return span.label == "doi" and not any(_overlap(span, i) for i in found)


def _anchor(text: str, spans: list[Span], ident: Identifier, found: Sequence[Identifier]) -> list[Span]:
    overlapping = [s for s in spans if _overlap(s, ident)]
    if any(s.label == _label_of(ident, s) and _extends(text, s, ident, found) for s in overlapping):
        return spans
    label = next((s.label for s in overlapping if s.label == _label_of(ident, s)), ident.label)
    out = [s for s in spans if s not in overlapping]
    for span in overlapping:
        for start, end in ((span.start, ident.start), (ident.end, span.end)):
            if span.label in _IDENTIFIER_SPAN_LABELS:
                continue  # a leftover of an identifier span ("URL", "Accessed ...") is placed by keep_words
            piece = _piece(text, span, start, end)
            if piece is not None:
                out.append(piece)
    out.append(Span(label, text[ident.start:ident.end], ident.start, ident.end, ANCHOR_CONFIDENCE))
    return sorted(out, key=lambda s: s.start)


def _extends(text: str, span: Span, ident: Identifier, found: Sequence[Identifier]) -> bool:
    """Whether ``span`` holds ``ident`` and, beyond it, only more of it: pieces with a digit or a slash, which a
    break cut off where the pattern could not be sure ("…/cropsci1996.0011183 X003600020026x"). A cue word
    beside it ("URL:", "Accessed") is not part of it, nor is another identifier."""
    if not (span.start <= ident.start and ident.end <= span.end):
        return False
    if any(other is not ident and _overlap(span, other) for other in found):
        return False
    extra = (text[span.start:ident.start] + " " + text[ident.end:span.end]).split()
    return all(_IDENTIFIER_PIECE.fullmatch(piece) for piece in extra)


_IDENTIFIER_PIECE = re.compile(r"\W*|\S*[\d/]\S*")


def _label_of(ident: Identifier, span: Span) -> str:
    """The label ``ident`` takes: its own, or "doi" for a doi.org link the model labelled a DOI (both conventions
    are in the corpora; the DOI normaliser reads either)."""
    if ident.kind == "url" and span.label == "doi" and clean_doi(span.text):
        return "doi"
    return ident.label


def _piece(text: str, span: Span, start: int, end: int) -> Span | None:
    """The part ``text[start:end]`` of ``span``, trimmed, when it holds a content word; else None."""
    if end <= start:
        return None
    start, end = trim(text, start, end)
    if end <= start or not any(is_content(t.text) for t in tokenize(text, start, end)):
        return None
    return Span(span.label, text[start:end], start, end, span.confidence)


# ----------------------------------------------------------------------------------------------------------
# Words


def is_content(word: str) -> bool:
    """Whether a token is a word the record must keep: it has a letter or a digit and is no cue word."""
    return any(c.isalnum() for c in word) and not is_cue_word(word)


#: Text that is no word of the reference: Italian "(a c. di)", "a cura di" (cue phrases whose words are no
#: cue words alone) and markup tags ("<italic>", "</i>") that HTML and JATS copies carry.
_CUE_PHRASE = re.compile(rf"\b(?:{EDITOR_WORDS_IT})\b|</?[A-Za-z][\w:-]*\s?/?>", re.I)


def content_tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[Token, bool]]:
    """The tokens of ``text[start:end]`` (within its parsed head), each with whether it is a content word."""
    end = min(MAX_REFERENCE_CHARS, len(text) if end is None else end)
    cue = bytearray(len(text))
    for m in _CUE_PHRASE.finditer(text, max(0, start - 20), min(len(text), end + 20)):
        cue[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return [(t, is_content(t.text) and not cue[t.start]) for t in tokenize(text, start, end)]


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of tokens that no span holds, with its content words."""

    tokens: tuple[Token, ...]
    content: tuple[Token, ...]


def gaps(text: str, spans: Sequence[Span]) -> list[Gap]:
    """The gaps of ``text`` (its parsed head) that hold a content word: the maximal runs of characters no span
    holds, each tokenised on its own (most hold only punctuation and cue words, and are passed over at once)."""
    ordered = sorted(spans, key=lambda s: s.start)
    out: list[Gap] = []
    for start, end in _uncovered_runs(text[:MAX_REFERENCE_CHARS], ordered):
        if not _ALNUM.search(text, start, end):
            continue
        tokens = content_tokens(text, start, end)
        words = tuple(t for t, content in tokens if content)
        if words:
            out.append(Gap(tuple(t for t, _ in tokens), words))
    return out


_ALNUM = re.compile(r"[^\W_]")


def _uncovered_runs(head: str, ordered: Sequence[Span]) -> list[tuple[int, int]]:
    runs, pos = [], 0
    for span in ordered:
        if span.start > pos:
            runs.append((pos, span.start))
        pos = max(pos, span.end)
    if pos < len(head):
        runs.append((pos, len(head)))
    return runs


def _covered(text: str, spans: Sequence[Span]) -> bytearray:
    covered = bytearray(len(text))
    for span in spans:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return covered


#: Labels one field of which a gap can cut in two ("Zeitschrift für [Soziologie]"); two dates, volumes or
#: page ranges on either side of a gap are two values ("1998 [г. Казань,] 1999").
JOINABLE = frozenset({"author", "editor", "translator", "title", "container-title", "collection-title",
                      "publisher", "location", "note", "genre"})


def keep_words(text: str, spans: Sequence[Span]) -> tuple[list[Span], list[str]]:
    """``spans`` with every content word in some span, and a warning for each gap that was filled.

    A gap between two spans of one joinable label (:data:`JOINABLE`) joins them (the model cut one field in
    two); words (not numbers alone) glued to a joinable field, with no punctuation between, join it; any other
    gap's content words become an ``other`` span, so that the record holds them and says it does not know what
    they are. On dev and the five extra sets this placement lost no core-4 F1 anywhere; joining only
    same-label gaps, or nothing, lost a little more of all-fields F1 to ``other`` spans (reports/coverage.md).
    """
    out = sorted(spans, key=lambda s: s.start)
    warnings: list[str] = []
    for gap in gaps(text, out):
        first, last = gap.content[0], gap.content[-1]
        left, right = _neighbours(out, gap)  # as filled so far: an earlier gap may have joined them
        words = text[first.start:last.end]
        lettered = any(c.isalpha() for t in gap.content for c in t.text)  # "Phys. Rev. D76": 76 is no venue word
        if left is not None and right is not None and left.label == right.label and left.label in JOINABLE:
            out = _replace(out, [left, right], _joined(text, left, right))
            warnings.append(f"words outside every field joined to the {left.label} around them: {words!r}")
        elif lettered and left is not None and left.label in JOINABLE and _glued(text[left.end - 1:last.end]):
            out = _replace(out, [left], _joined(text, left, Span("", "", last.end, last.end)))
            warnings.append(f"words outside every field joined to the {left.label} before them: {words!r}")
        elif lettered and right is not None and right.label in JOINABLE and _glued(text[first.start:right.start + 1]):
            out = _replace(out, [right], _joined(text, Span("", "", first.start, first.start), right))
            warnings.append(f"words outside every field joined to the {right.label} after them: {words!r}")
        else:
            out = _replace(out, [], Span("other", words, first.start, last.end, 0.0))
            warnings.append(f"words outside every field kept as other: {words!r}")
    return out, warnings


def _neighbours(spans: Sequence[Span], gap: Gap) -> tuple[Span | None, Span | None]:
    """The spans just before and just after ``gap`` (None at the ends)."""
    start, end = gap.tokens[0].start, gap.tokens[-1].end
    left = next((s for s in reversed(spans) if s.end <= start), None)
    right = next((s for s in spans if s.start >= end), None)
    return left, right


def _glued(between: str) -> bool:
    """Whether words stand next to a field with no punctuation between them and it, nor at its edge ("Cook
    Smith, J." with "Smith, J." the author): they read as part of it. A full stop or a comma ends a field."""
    return not _SEPARATOR.search(between)


_SEPARATOR = re.compile(r"[.,;:()\[\]{}\"“”«»]")


def _joined(text: str, left: Span, right: Span) -> Span:
    label = left.label or right.label
    confidence = min(s.confidence for s in (left, right) if s.label)
    return Span(label, text[left.start:right.end], left.start, right.end, confidence)


def _replace(spans: list[Span], old: Sequence[Span], new: Span) -> list[Span]:
    return sorted([s for s in spans if all(s is not o for o in old)] + [new], key=lambda s: s.start)


# ----------------------------------------------------------------------------------------------------------
# The check


@dataclass(slots=True)
class Coverage:
    """What of a reference its record holds: identifiers and content words, with those it lost."""

    identifiers: int = 0
    outside: list[str] = field(default_factory=list)  # identifiers in no span
    mislabelled: list[str] = field(default_factory=list)  # in a span of another label
    unnormalised: list[str] = field(default_factory=list)  # in a span, but not in the normalised property
    words: int = 0  # content words
    words_outside: list[str] = field(default_factory=list)
    long_words: int = 0  # words of four or more letters (the measure of issue 17)
    long_words_outside: list[str] = field(default_factory=list)

    @property
    def identifiers_lost(self) -> list[str]:
        return self.outside + self.mislabelled + self.unnormalised


def check(ref: Reference) -> Coverage:
    """Measure :class:`Coverage` of a parsed record (its spans and normalised properties against its text)."""
    result = Coverage()
    text = ref.text[:MAX_REFERENCE_CHARS]
    for ident in find_identifiers(text):
        written = text[ident.start:ident.end]
        holders = [s for s in ref.spans if s.start <= ident.start and ident.end <= s.end]
        result.identifiers += 1
        if not holders:
            result.outside.append(written)
        elif not any(s.label in _labels_holding(ident) for s in holders):
            result.mislabelled.append(written)
        elif not _normalised(ref, ident.kind, written):
            result.unnormalised.append(written)
    covered = _covered(text, ref.spans)
    for token, content in content_tokens(text):
        outside = not any(covered[token.start:token.end])
        if content:
            result.words += 1
            if outside:
                result.words_outside.append(token.text)
        if sum(c.isalpha() for c in token.text) >= 4:
            result.long_words += 1
            if outside:
                result.long_words_outside.append(token.text)
    return result


def _labels_holding(ident: Identifier) -> frozenset[str]:
    if ident.inside:
        return frozenset({"url", "doi", "identifier"})
    return frozenset({ident.label, "doi"}) if ident.kind == "url" else frozenset({ident.label})


def _normalised(ref: Reference, kind: str, written: str) -> bool:
    """Whether the record's property for ``kind`` is set, and for a DOI (or a doi.org link with no URL property)
    whether it is this one or another of the record's DOI spans (the first of each kind fills the property; the
    others are in its spans). An ISBN whose
    checksum fails fills no property; its span holds it, and a warning says why."""
    if kind == "doi" or (kind == "url" and ref.url is None):
        # the record's DOI may go on where a break stopped the pattern; a doi.org link labelled doi is kept as
        # the record's DOI, with the link in its span
        doi = clean_doi(written)
        return ref.doi is not None and doi is not None and any(d.startswith(doi.lower()) for d in _all_dois(ref))
    if kind == "isbn":
        return ref.isbn is not None or clean_isbn(written) is None
    return getattr(ref, kind) is not None


def _all_dois(ref: Reference) -> set[str]:
    found = {clean_doi(v) for label in ("doi", "url") for v in ref.fields.get(label, [])}
    return {d.lower() for d in found if d} | ({ref.doi.lower()} if ref.doi else set())
