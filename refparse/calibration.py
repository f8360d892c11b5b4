"""Confidences as probabilities, and which records need review.

The CRF's span confidence (the lowest token marginal of a span) is close to calibrated on references like its
training data and overconfident on others. A :class:`Calibration`, fitted on held-out data by
``training/calibrate.py`` and stored in the model card under ``"calibration"``, maps it to the probability that
the field is right: a logistic model per label on the logit of the span's confidence, with terms for the whole
record (its mean token marginal, its least confident span, the span's length in words and the number of
``other`` spans), since a field of a shaky record is more often wrong than the same confidence in a sure one.

A record's chance of being right throughout is taken as the product of its fields' probabilities;
``Reference.needs_review`` is set when it is below the card's ``review_below``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ModelError
from .types import Span

#: Flag a record when the chance that all its fields are right is below this, unless the card says otherwise:
#: below one half the record is more likely wrong than right.
DEFAULT_REVIEW_BELOW = 0.5
#: Confidences are clipped to [EPSILON, 1 - EPSILON] before their logit is taken (a placed ``other`` span has 0).
EPSILON = 1e-4
#: The record terms, in the order of ``record_weights``.
RECORD_TERMS = ("logit of the record's mean token marginal", "logit of the record's least span confidence",
                "log(1 + words in the span)", "other spans in the record")


def logit(p: float) -> float:
    p = min(max(p, EPSILON), 1.0 - EPSILON)
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def record_terms(spans: Sequence[Span], mean_confidence: float | None) -> tuple[float, float, float]:
    """The terms every span of one record shares: logit of the mean token marginal, logit of the least span
    confidence, and the number of ``other`` spans."""
    mean = 0.5 if mean_confidence is None else mean_confidence
    least = min((s.confidence for s in spans), default=1.0)
    return logit(mean), logit(least), float(sum(s.label == "other" for s in spans))


@dataclass(frozen=True)
class Calibration:
    """A fitted calibration: per label an intercept and a slope on the logit of the span's confidence
    (``default`` for a label the fit saw too rarely), and the weights of :data:`RECORD_TERMS`."""

    labels: Mapping[str, tuple[float, float]]
    default: tuple[float, float]
    record_weights: tuple[float, float, float, float]
    review_below: float = DEFAULT_REVIEW_BELOW
    fitted_on: str = ""

    def probability(self, span: Span, terms: tuple[float, float, float]) -> float:
        """The probability that ``span`` is right, given its record's :func:`record_terms`."""
        intercept, slope = self.labels.get(span.label, self.default)
        mean_w, least_w, words_w, other_w = self.record_weights
        words = math.log1p(len(span.text.split()))
        return sigmoid(intercept + slope * logit(span.confidence) + mean_w * terms[0] + least_w * terms[1]
                       + words_w * words + other_w * terms[2])

    def calibrate(self, spans: Sequence[Span], mean_confidence: float | None) -> list[Span]:
        """``spans`` with their confidence replaced by the calibrated probability (rounded to 4 places)."""
        terms = record_terms(spans, mean_confidence)
        return [Span(s.label, s.text, s.start, s.end, round(self.probability(s, terms), 4)) for s in spans]

    def to_card(self) -> dict[str, Any]:
        """The card's ``"calibration"`` section (read back by :meth:`from_card`)."""
        return {"method": "logistic", "record_terms": list(RECORD_TERMS),
                "labels": {label: list(v) for label, v in sorted(self.labels.items())}, "default": list(self.default),
                "record_weights": list(self.record_weights), "review_below": self.review_below,
                "fitted_on": self.fitted_on}

    @classmethod
    def from_card(cls, card: Mapping[str, Any], where: str = "the model card") -> Calibration | None:
        """The calibration of a model card, or None when it has none; a malformed section is a ModelError."""
        section = card.get("calibration")
        if section is None:
            return None
        try:
            labels = {str(k): _pair(v) for k, v in section["labels"].items()}
            weights = tuple(float(w) for w in section["record_weights"])
            if len(weights) != len(RECORD_TERMS):
                raise ValueError(f"record_weights holds {len(weights)} numbers, not {len(RECORD_TERMS)}")
            review_below = float(section.get("review_below", DEFAULT_REVIEW_BELOW))
            return cls(labels, _pair(section["default"]), weights, review_below,  # type: ignore[arg-type]
                       str(section.get("fitted_on", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"the calibration in {where} is malformed ({exc!r}); refit it with "
                             "`python training/calibrate.py` or remove the card's \"calibration\" key") from None


def _pair(value: Any) -> tuple[float, float]:
    a, b = value
    return float(a), float(b)


def field_confidence(spans: Sequence[Span]) -> dict[str, float]:
    """label -> the confidence of its least confident span (a field is as doubtful as its weakest segment)."""
    out: dict[str, float] = {}
    for span in spans:
        if span.label not in out or span.confidence < out[span.label]:
            out[span.label] = span.confidence
    return out


def chance_all_right(spans: Sequence[Span]) -> float:
    """The product of the spans' confidences: the chance that every field is right, taking them as
    independent (1.0 for a record with no span)."""
    chance = 1.0
    for span in spans:
        chance *= span.confidence
    return chance


def needs_review(spans: Sequence[Span], review_below: float = DEFAULT_REVIEW_BELOW) -> bool:
    """Whether a record with these spans should be checked by a person: no span at all, or
    :func:`chance_all_right` below ``review_below``."""
    return not spans or chance_all_right(spans) < review_below
