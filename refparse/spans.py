"""Labelled tokens -> spans: maximal runs of one label, cut at unlabelled tokens."""

from __future__ import annotations

from collections.abc import Sequence

from .labels import OUTSIDE
from .patterns import QUOTE_PAIRS, SAME_QUOTES
from .types import Span, Token

_BRIDGEABLE = frozenset({"."})


def tokens_to_spans(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Group consecutive tokens of one label into spans whose text is ``text[start:end]``.

    A span's confidence is the lowest token confidence inside it: one doubtful token makes the field doubtful.
    """
    tokens = take_opening_quotes(bridge_punctuation(tokens))
    spans: list[Span] = []
    run: list[Token] = []
    for token in list(tokens) + [Token("", len(text), len(text), OUTSIDE, 1.0)]:
        if run and token.label != run[0].label:
            spans.append(_span_of(text, run))
            run = []
        if token.label and token.label != OUTSIDE:
            run.append(token)
    return spans


def bridge_punctuation(tokens: Sequence[Token]) -> list[Token]:
    """Give an unlabelled full stop between two tokens of the same label that label.

    The tagger sometimes leaves a full stop inside a field unlabelled ("Maize Genet[.] Coop. News"), which would
    cut one field in two. Only a lone full stop is bridged: commas and brackets between two runs of one label
    separate two real fields ("ALICE Collaboration, B. Abelev et al.", "1980(1971)") as often as not.
    """
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i].label != OUTSIDE or i == 0:
            i += 1
            continue
        j = i + 1 if out[i].text in _BRIDGEABLE else i
        before, after = out[i - 1].label, out[j].label if j < len(out) else None
        if j > i and before not in (None, OUTSIDE) and before == after:
            for k in range(i, j):
                t = out[k]
                out[k] = Token(t.text, t.start, t.end, before, t.confidence)
        i = max(j, i + 1)
    return out


def take_opening_quotes(tokens: Sequence[Token]) -> list[Token]:
    """Give an unlabelled opening quote just before a run the run's label when the run holds its closing quote.

    Quotes that enclose a whole title are not part of it, so the tagger learns to leave an opening quote
    unlabelled; but a title that only begins with a quotation ('"Driving Without Awareness"? Eine Untersuchung')
    keeps both quotes, and a span with a closing quote and no opening one is wrong.
    """
    out = list(tokens)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j].label == out[i].label:
            j += 1
        if i > 0 and out[i].label != OUTSIDE and out[i - 1].label == OUTSIDE:
            opener = out[i - 1].text
            if _unclosed(opener, [t.text for t in out[i:j]]):
                t = out[i - 1]
                out[i - 1] = Token(t.text, t.start, t.end, out[i].label, t.confidence)
        i = j
    return out


def _unclosed(opener: str, words: Sequence[str]) -> bool:
    """Whether ``words`` hold a quote closing ``opener`` that no quote inside them opens."""
    if opener in SAME_QUOTES:
        return words.count(opener) % 2 == 1
    close = QUOTE_PAIRS.get(opener)
    return close is not None and close != opener and words.count(close) > words.count(opener)


def _span_of(text: str, run: Sequence[Token]) -> Span:
    start, end = run[0].start, run[-1].end
    confidences = [t.confidence for t in run if t.confidence is not None]
    confidence = min(confidences) if confidences else 1.0
    label = run[0].label
    assert label is not None  # a run holds labelled tokens only (tokens_to_spans)
    return Span(label, text[start:end], start, end, confidence)
