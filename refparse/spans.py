"""Labelled tokens -> spans: maximal runs of one label, cut at unlabelled tokens."""

from __future__ import annotations

from collections.abc import Sequence

from .labels import OUTSIDE
from .types import Span, Token


def tokens_to_spans(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Group consecutive tokens of one label into spans whose text is ``text[start:end]``.

    A span's confidence is the lowest token confidence inside it: one doubtful token makes the field doubtful.
    """
    spans: list[Span] = []
    run: list[Token] = []
    for token in list(tokens) + [Token("", len(text), len(text), OUTSIDE, 1.0)]:
        if run and token.label != run[0].label:
            spans.append(_span_of(text, run))
            run = []
        if token.label and token.label != OUTSIDE:
            run.append(token)
    return spans


def _span_of(text: str, run: Sequence[Token]) -> Span:
    start, end = run[0].start, run[-1].end
    confidences = [t.confidence for t in run if t.confidence is not None]
    confidence = min(confidences) if confidences else 1.0
    return Span(run[0].label, text[start:end], start, end, confidence)
