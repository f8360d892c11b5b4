"""refparse.training.calibrate: judging fields, fitting the calibration, reliability and review rates."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from refparse.calibration import Calibration
from refparse.training import calibrate
from refparse.types import Reference, Span

pytest.importorskip("sklearn")


def test_judge_matches_each_gold_value_once_and_counts_what_is_missing():
    text = "Smith, J. Jones, K. A title. 2001."
    ref = Reference(text, spans=[Span("author", "Smith, J.", 0, 9, 0.9), Span("author", "Smith, J.", 0, 9, 0.9),
                                 Span("title", "A title", 20, 27, 0.8)])
    judged = calibrate.judge(ref, {"author": ["Smith, J.", "Jones, K."], "title": ["A title"], "date": ["2001"]})
    assert judged.right == [True, False, True]
    assert judged.missed == Counter({"author": 1, "date": 1})
    assert judged.wrong() and judged.wrong(["title", "author"]) and not judged.wrong(["title"])


def overconfident_records(n: int, seed: int = 0) -> list[calibrate.JudgedRecord]:
    """Fields stated at 0.95 that are right 70% of the time, and at 0.6 right 30% of the time."""
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        spans, right = [], []
        for label in ("author", "title", "date"):
            stated = rng.choice((0.95, 0.6))
            spans.append(Span(label, "a b", 0, 3, stated))
            right.append(rng.random() < (0.7 if stated == 0.95 else 0.3))
        records.append(calibrate.JudgedRecord(spans, right, Counter(), 0.9))
    return records


def test_fit_removes_most_of_the_calibration_error_on_held_out_records():
    train, test = overconfident_records(600, seed=1), overconfident_records(600, seed=2)
    calibration = calibrate.fit(train, review_below=0.5, fitted_on="synthetic")
    assert isinstance(calibration, Calibration) and set(calibration.labels) == {"author", "title", "date"}
    before = calibrate.reliability(test)[1]
    after = calibrate.reliability(calibrate.calibrated(test, calibration))[1]
    assert before > 0.2 and after < 0.05


def test_fit_needs_right_and_wrong_fields():
    records = overconfident_records(50)
    for r in records:
        r.right = [True] * len(r.right)
    with pytest.raises(ValueError, match="both right and wrong"):
        calibrate.fit(records, 0.5)


def test_cross_fitted_calibrates_every_record_once_in_order():
    records = overconfident_records(200)
    out = calibrate.cross_fitted(records, 0.5, k=4)
    assert len(out) == 200 and [r.right for r in out] == [r.right for r in records]
    assert all(s.confidence not in (0.95, 0.6) for r in out for s in r.spans)


def test_reliability_bins_and_review_rates():
    def record(confidences, right):
        return calibrate.JudgedRecord([Span("title", "x", 0, 1, c) for c in confidences], right, Counter(), None)

    records = [record([0.95], [True]), record([0.95], [False]), record([0.15], [False]), record([0.15], [False])]
    rows, ece = calibrate.reliability(records)
    assert [(b.low, b.fields, b.accuracy) for b in rows] == [(0.1, 2, 0.0), (0.9, 2, 0.5)]
    assert ece == pytest.approx(0.5 * 0.15 + 0.5 * 0.45)
    rate = calibrate.review_rate(records, 0.5)
    assert (rate.flagged, rate.caught, rate.wrong) == (0.5, pytest.approx(2 / 3), 0.75)
