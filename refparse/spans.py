"""Labelled tokens -> spans: maximal runs of one label, cut at unlabelled tokens."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .labels import OUTSIDE
from .patterns import QUOTE_PAIRS, SAME_QUOTES
from .tokenize import Labelled
from .types import Span, Token

#: A labelled token: a Token, or the Labelled tuple ``parse`` carries (the same fields).
_Tagged = Token | Labelled

_BRIDGEABLE = frozenset({"."})
# The tokens :func:`_unclosed` can find closed: most runs follow no quote and need no look inside.
_OPENING_QUOTES = SAME_QUOTES | frozenset(QUOTE_PAIRS)


def tokens_to_spans(text: str, tokens: Sequence[_Tagged]) -> list[Span]:
    """Group consecutive tokens of one label into spans whose text is ``text[start:end]``.

    A span's confidence is the lowest token confidence inside it: one doubtful token makes the field doubtful.
    The labels are first mended (:func:`bridge_punctuation`, :func:`take_opening_quotes`), on a list of them
    rather than on the tokens, which stay as they are.
    """
    words = [t.text for t in tokens]
    labels = take_opening_quotes(words, bridge_punctuation(words, [t.label for t in tokens]))
    spans: list[Span] = []
    for i, j in _runs(labels):
        label = labels[i]
        if label and label != OUTSIDE:
            spans.append(_span_of(text, label, tokens[i:j]))
    return spans


def _runs(labels: Sequence[str | None]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each maximal run of one label in ``labels``, in order."""
    i, n = 0, len(labels)
    while i < n:
        j = i + 1
        while j < n and labels[j] == labels[i]:
            j += 1
        yield i, j
        i = j


def bridge_punctuation(words: Sequence[str], labels: Sequence[str | None]) -> list[str | None]:
    """``labels`` with an unlabelled full stop between two tokens of the same label given that label.

    The tagger sometimes leaves a full stop inside a field unlabelled ("Maize Genet[.] Coop. News"), which would
    cut one field in two. Only a lone full stop is bridged: commas and brackets between two runs of one label
    separate two real fields ("ALICE Collaboration, B. Abelev et al.", "1980(1971)") as often as not.
    """
    out = list(labels)
    for i in range(1, len(out) - 1):
        if out[i] == OUTSIDE and words[i] in _BRIDGEABLE and out[i - 1] not in (None, OUTSIDE) \
                and out[i - 1] == out[i + 1]:
            out[i] = out[i - 1]
    return out


def take_opening_quotes(words: Sequence[str], labels: Sequence[str | None]) -> list[str | None]:
    """``labels`` with an unlabelled opening quote just before a run given the run's label when the run holds
    its closing quote.

    Quotes that enclose a whole title are not part of it, so the tagger learns to leave an opening quote
    unlabelled; but a title that only begins with a quotation ('"Driving Without Awareness"? Eine Untersuchung')
    keeps both quotes, and a span with a closing quote and no opening one is wrong.
    """
    out = list(labels)
    for i, j in _runs(labels):  # giving a quote the label of the run after it moves no later run's bounds
        label = out[i]
        if i > 0 and words[i - 1] in _OPENING_QUOTES and label != OUTSIDE and out[i - 1] == OUTSIDE \
                and _unclosed(words[i - 1], words[i:j]):
            out[i - 1] = label
    return out


def _unclosed(opener: str, words: Sequence[str]) -> bool:
    """Whether ``words`` hold a quote closing ``opener`` that no quote inside them opens."""
    if opener in SAME_QUOTES:
        return words.count(opener) % 2 == 1
    close = QUOTE_PAIRS.get(opener)
    return close is not None and close != opener and words.count(close) > words.count(opener)


def _span_of(text: str, label: str, run: Sequence[_Tagged]) -> Span:
    start, end = run[0].start, run[-1].end
    confidences = [t.confidence for t in run if t.confidence is not None]
    return Span(label, text[start:end], start, end, min(confidences) if confidences else 1.0)
