"""Fitting :class:`refparse.calibration.Calibration` on held-out references, and judging how well confidences
match accuracy (behind ``training/calibrate.py``).

A field is judged right when its normalised value is one of the gold values of its label, as the scorer matches
them (each gold value used once); a record is wrong when a field is wrong or a gold field is missing.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..calibration import DEFAULT_REVIEW_BELOW, Calibration, chance_all_right, logit, record_terms
from ..evaluation.harness import gold_from_examples
from ..evaluation.metrics import comparable, normalise_value
from ..labels import CORE_LABELS
from ..types import Reference, Span

#: A label is fitted on its own when held-out data has at least this many of its fields; rarer ones share the
#: default intercept and slope.
MIN_FIELDS_PER_LABEL = 20
#: Bins of a reliability table.
BINS = 10


@dataclass
class JudgedRecord:
    """One parsed reference judged against its gold fields."""

    spans: list[Span]
    right: list[bool]  # per span
    missed: Counter  # gold values no span matched, per label
    confidence: float | None  # the record's mean token marginal

    def wrong(self, labels: Iterable[str] | None = None) -> bool:
        """Whether a field (of ``labels``, default all) is wrong or missing."""
        keep = None if labels is None else set(labels)
        if any(not ok and (keep is None or s.label in keep) for s, ok in zip(self.spans, self.right)):
            return True
        return any(n > 0 and (keep is None or label in keep) for label, n in self.missed.items())


def judge(ref: Reference, gold_fields: dict[str, list[str]]) -> JudgedRecord:
    gold = comparable(gold_fields)
    right = []
    for span in ref.spans:
        bag = gold.get(span.label, Counter())
        value = normalise_value(span.label, span.text)
        ok = bag[value] > 0
        if ok:
            bag[value] -= 1
        right.append(ok)
    missed = Counter({label: sum(n for n in bag.values() if n > 0) for label, bag in gold.items()})
    return JudgedRecord(list(ref.spans), right, +missed, ref.confidence)


def judge_examples(parser, examples: Iterable) -> list[JudgedRecord]:
    """Parse each example (a :class:`refparse.corpus.Example`) and judge it."""
    return [judge(parser.parse(g.text), g.fields) for g in gold_from_examples(examples)]


# ---------------------------------------------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------------------------------------------


def _rows(records: Sequence[JudgedRecord], labels: Sequence[str]) -> tuple[list[list[float]], list[int]]:
    """The design matrix of the logistic fit: logit(span), the record terms, then per fitted label an
    intercept and a slope column; and whether each span is right."""
    index = {label: i for i, label in enumerate(labels)}
    xs, ys = [], []
    for r in records:
        mean, least, others = record_terms(r.spans, r.confidence)
        for span, ok in zip(r.spans, r.right):
            z = logit(span.confidence)
            row = [z, mean, least, math.log1p(len(span.text.split())), others] + [0.0] * (2 * len(labels))
            i = index.get(span.label)
            if i is not None:
                row[5 + i], row[5 + len(labels) + i] = 1.0, z
            xs.append(row)
            ys.append(int(ok))
    return xs, ys


def fit(records: Sequence[JudgedRecord], review_below: float, fitted_on: str = "", regularisation: float = 1.0,
        min_fields: int = MIN_FIELDS_PER_LABEL) -> Calibration:
    """A logistic calibration of the records' span confidences (scikit-learn, L2 with inverse strength
    ``regularisation``)."""
    from sklearn.linear_model import LogisticRegression

    counts = Counter(s.label for r in records for s in r.spans)
    labels = sorted(label for label, n in counts.items() if n >= min_fields)
    xs, ys = _rows(records, labels)
    if len(set(ys)) < 2:
        raise ValueError("calibration needs both right and wrong fields in the held-out data")
    model = LogisticRegression(C=regularisation, max_iter=5000).fit(xs, ys)
    w, b = [float(v) for v in model.coef_[0]], float(model.intercept_[0])
    per_label = {label: (round(b + w[5 + i], 6), round(w[0] + w[5 + len(labels) + i], 6))
                 for i, label in enumerate(labels)}
    return Calibration(per_label, (round(b, 6), round(w[0], 6)), tuple(round(v, 6) for v in w[1:5]),  # type: ignore[arg-type]
                       review_below, fitted_on)


def calibrate_model(model_path, held_out: Sequence, review_below: float = DEFAULT_REVIEW_BELOW,
                    name: str = "dev") -> tuple[Calibration, list[JudgedRecord]]:
    """Fit a calibration for the model at ``model_path`` on the ``held_out`` examples (never its training data)
    and write it into the model's card; returns it and the judged records (raw confidences)."""
    import json

    from ..model import card_path, save_card
    from ..parser import Parser

    judged = judge_examples(Parser(model_path, calibrate=False), held_out)
    fields = sum(len(r.spans) for r in judged)
    calibration = fit(judged, review_below, f"{name}: {len(judged)} references, {fields} fields, method auto")
    path = card_path(model_path)
    card = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    save_card(model_path, card | {"calibration": calibration.to_card()})
    return calibration, judged


def calibrated(records: Sequence[JudgedRecord], calibration: Calibration) -> list[JudgedRecord]:
    """The records with their spans' confidences calibrated (the judgements unchanged)."""
    return [JudgedRecord(calibration.calibrate(r.spans, r.confidence), r.right, r.missed, r.confidence)
            for r in records]


def cross_fitted(records: Sequence[JudgedRecord], review_below: float, k: int = 5, seed: int = 0
                 ) -> list[JudgedRecord]:
    """Each record calibrated by a fit on the other ``k - 1`` folds: honest figures for the fitting set."""
    folds = [i % k for i in range(len(records))]
    random.Random(seed).shuffle(folds)
    out: list[JudgedRecord | None] = [None] * len(records)
    for fold in range(k):
        calibration = fit([r for r, f in zip(records, folds) if f != fold], review_below)
        for i, (r, f) in enumerate(zip(records, folds)):
            if f == fold:
                out[i] = calibrated([r], calibration)[0]
    return out  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------------------------
# Judging confidences
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    fields: int
    confidence: float
    accuracy: float


def reliability(records: Sequence[JudgedRecord], bins: int = BINS) -> tuple[list[Bin], float]:
    """The reliability table (stated confidence against observed accuracy in ``bins`` equal bins) of every
    field, and the expected calibration error (the bins' gaps weighted by their share of fields)."""
    members: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for r in records:
        for span, ok in zip(r.spans, r.right):
            members[min(bins - 1, int(span.confidence * bins))].append((span.confidence, ok))
    total = sum(len(m) for m in members)
    rows, ece = [], 0.0
    for i, m in enumerate(members):
        if not m:
            continue
        confidence = sum(c for c, _ in m) / len(m)
        accuracy = sum(ok for _, ok in m) / len(m)
        ece += len(m) / total * abs(confidence - accuracy)
        rows.append(Bin(i / bins, (i + 1) / bins, len(m), confidence, accuracy))
    return rows, ece


@dataclass(frozen=True)
class ReviewRate:
    review_below: float
    flagged: float  # share of records flagged
    caught: float  # share of the wrong records among the flagged
    caught_core: float  # the same, for records wrong in a core-4 field
    wrong: float  # share of records wrong


def review_rate(records: Sequence[JudgedRecord], review_below: float) -> ReviewRate:
    """What flagging the records whose :func:`refparse.calibration.chance_all_right` is below ``review_below``
    (or that have no span) would catch."""
    flagged = [not r.spans or chance_all_right(r.spans) < review_below for r in records]
    wrong = [r.wrong() for r in records]
    wrong_core = [r.wrong(CORE_LABELS) for r in records]

    def caught(truth: list[bool]) -> float:
        return sum(f and t for f, t in zip(flagged, truth)) / max(1, sum(truth))

    return ReviewRate(review_below, sum(flagged) / len(records), caught(wrong), caught(wrong_core),
                      sum(wrong) / len(records))
