"""Labelled tokens -> spans: maximal runs of one label, cut at unlabelled tokens."""

from __future__ import annotations

from collections.abc import Sequence

from .labels import OUTSIDE
from .types import Span, Token

_BRIDGEABLE = frozenset({"."})


def tokens_to_spans(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Group consecutive tokens of one label into spans whose text is ``text[start:end]``.

    A span's confidence is the lowest token confidence inside it: one doubtful token makes the field doubtful.
    """
    tokens = bridge_punctuation(tokens)
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


def _span_of(text: str, run: Sequence[Token]) -> Span:
    start, end = run[0].start, run[-1].end
    confidences = [t.confidence for t in run if t.confidence is not None]
    confidence = min(confidences) if confidences else 1.0
    return Span(run[0].label, text[start:end], start, end, confidence)
