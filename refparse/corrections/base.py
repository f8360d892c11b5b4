"""The one type every correction has, and the span operations several of them share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..patterns import EDITOR_WORDS, EDITOR_WORDS_IT
from ..reading import sliced, trim
from ..types import Span

#: A correction's work: the reference text and its spans in input order -> the corrected spans, in input order.
Apply = Callable[[str, list[Span]], list[Span]]


@dataclass(frozen=True)
class Correction:
    """One correction of the model's spans.

    ``reads``: the labels whose spans it looks at to decide; ``writes``: the labels it may give a span (a span
    it only cuts back keeps its label); ``apply``: the correction itself. Its docstring (:attr:`doc`) says what it
    fixes and why it is safe.
    """

    name: str
    reads: frozenset[str]
    writes: frozenset[str]
    apply: Apply

    @property
    def doc(self) -> str:
        return (self.apply.__doc__ or "").strip()

    def __call__(self, text: str, spans: list[Span]) -> list[Span]:
        return self.apply(text, spans)


def correction(name: str, reads: str, writes: str) -> Callable[[Apply], Correction]:
    """Decorator: make ``apply`` a :class:`Correction`; ``reads`` and ``writes`` are space-separated labels."""

    def make(apply: Apply) -> Correction:
        return Correction(name, frozenset(reads.split()), frozenset(writes.split()), apply)

    return make


def proposal(name: str, reads: str, writes: str) -> Callable[[Callable[[str, list[Span]], list[Span]]], Correction]:
    """Decorator for a correction that proposes whole spans (a quoted title, the editors) found by a pattern: each
    proposal that the model's spans do not already hold becomes one span of its label, and the model's spans it
    overlaps are cut back to what lies outside it (:func:`merge`)."""

    def make(propose: Callable[[str, list[Span]], list[Span]]) -> Correction:
        def apply(text: str, spans: list[Span]) -> list[Span]:
            return merge(text, spans, propose(text, spans))

        apply.__doc__ = propose.__doc__
        apply.__name__ = propose.__name__
        return Correction(name, frozenset(reads.split()), frozenset(writes.split()), apply)

    return make


def merge(text: str, spans: list[Span], proposals: Sequence[Span]) -> list[Span]:
    """``spans`` with ``proposals`` in: a proposal the spans already hold, or one overlapping an earlier
    proposal, is passed over; the spans a proposal overlaps are cut (:func:`cut`)."""
    fixes: list[Span] = []
    for fix in proposals:
        if not any((s.label, s.start, s.end) == (fix.label, fix.start, fix.end) for s in spans) and not any(
            f.start < fix.end and fix.start < f.end for f in fixes
        ):
            fixes.append(fix)
    if not fixes:
        return spans
    out = [part for span in spans for part in cut(text, span, fixes)] + fixes
    out.sort(key=lambda s: s.start)
    return out


def cut(text: str, span: Span, fixes: Sequence[Span]) -> list[Span]:
    """The parts of ``span`` outside the fixes it overlaps, trimmed; a part keeps the span's label and confidence.

    A span that a fix of its own label overlaps is replaced by the fix: what is left of it is the text a title ran
    on into past its closing quote, whose label is unknown.
    """
    overlapping = [f for f in fixes if f.start < span.end and span.start < f.end]
    if not overlapping:
        return [span]
    if any(f.label == span.label for f in overlapping):
        return []
    parts = [(span.start, span.end)]
    for fix in overlapping:
        nxt = []
        for start, end in parts:
            if fix.end <= start or end <= fix.start:
                nxt.append((start, end))
                continue
            nxt.extend(p for p in ((start, fix.start), (fix.end, end)) if p[1] > p[0])
        parts = nxt
    out = []
    for start, end in parts:
        start, end = trim(text, start, end)
        if end > start and any(c.isalnum() for c in text[start:end]):
            out.append(sliced(text, span, start, end))
    return out


def opening_span(spans: Sequence[Span]) -> Span | None:
    """The first span of a reference after its citation number, if any: where its names stand."""
    return next((s for s in spans if s.label != "citation-number"), None)


#: What may stand between a field and the numbers after it: punctuation, spaces, an opening bracket.
NUMBERS_GAP = re.compile(r"[\s.,:;(]*")


def numbers_follow(text: str, spans: list[Span], i: int) -> bool:
    """Whether volume, issue or pages come straight after ``spans[i]``, or the date of a journal article."""
    if i + 1 >= len(spans) or not NUMBERS_GAP.fullmatch(text, spans[i].end, spans[i + 1].start):
        return False
    after = spans[i + 1].label
    return after in ("volume", "issue", "pages") or (after == "date" and _first_date_of_an_article(spans, i + 1))


def _first_date_of_an_article(spans: list[Span], i: int) -> bool:
    """Whether ``spans[i]`` is the reference's first date, in a reference with no publisher or place: a journal
    article in a style that dates it after the venue ("Title. Cornea. 2013 Jul; 32(7)"), not a book."""
    return not any(s.label == "date" for s in spans[:i]) and not any(
        s.label in ("publisher", "location") for s in spans)


#: "In" or "In:" just before a position (searched up to it).
IN_BEFORE = re.compile(r"(?<!\w)[Ii]n\s?:?\s*$")
#: An editor cue in brackets right after the names: "(Hrsg.)", "(eds)", "(dir.)".
EDITOR_AFTER = re.compile(rf"\s*\((?:{EDITOR_WORDS})\.?\)", re.I)
#: An editor cue after names that open a reference: "(Hg.)", "(a cura di)", ", ed.".
LEADING_EDITOR_CUE = re.compile(
    rf"\.?\s*(?:\((?:{EDITOR_WORDS}|{EDITOR_WORDS_IT})\.?\)|,\s?(?:eds?|hrsg|hg)\.)", re.I)
