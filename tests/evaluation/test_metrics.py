"""refparse.evaluation.metrics: what counts as a match, and the one precision/recall/F1 type."""

from __future__ import annotations

import pytest

from refparse.evaluation import metrics, reports
from refparse.evaluation.metrics import Counts, boundary_score, normalised_span
from refparse.labels import CORE_LABELS

# ---------------------------------------------------------------------------------------------------------------
# Exact match (the scorer of the model card's dev scores)
# ---------------------------------------------------------------------------------------------------------------


def test_normalise_value_drops_case_punctuation_cue_words_and_reads_years():
    assert metrics.normalise_value("pages", "pp. 1–9.") == "1 9"
    assert metrics.normalise_value("container-title", "In: Proc. of the ACL,") == "proc of the acl"
    assert metrics.normalise_value("volume", "Vol. 12") == "12"
    assert metrics.normalise_value("date", "(May 2001a)") == "2001"
    assert metrics.normalise_value("date", "n.d.") == "n d"
    assert metrics.normalise_value("title", "ﬁne Title") == "fine title"  # NFKC: the ligature is two letters


def test_exact_compare_counts_repeated_labels_as_a_multiset():
    gold = {"author": ["Smith, J.", "Doe, A."], "date": ["2001"]}
    predicted = {"author": ["Smith, J", "Roe, B."], "date": ["2001.", "2002"]}
    counts = metrics.compare(gold, predicted)
    assert (counts["author"].tp, counts["author"].fp, counts["author"].fn) == (1, 1, 1)
    assert (counts["date"].tp, counts["date"].fp, counts["date"].fn) == (1, 1, 0)


def test_exact_compare_ignores_empty_and_punctuation_only_values():
    counts = metrics.compare({"title": ["A title"], "note": ["", " . "]}, {"title": ["a title."], "pages": [" "]})
    assert set(counts) == {"title"}
    assert (counts["title"].tp, counts["title"].fp, counts["title"].fn) == (1, 0, 0)


def test_exact_compare_keeps_accents_apart():
    counts = metrics.compare({"author": ["Müller, K."]}, {"author": ["Muller, K."]})
    assert counts["author"].tp == 0 and counts["author"].fp == 1 and counts["author"].fn == 1


def test_score_summary_keys_and_values():
    scores = metrics.score([
        ({"title": ["A"], "date": ["1999"]}, {"title": ["A"], "date": ["1999"]}),
        ({"title": ["B"], "author": ["X"]}, {"title": ["C"]}),
        ({}, {}),
    ])
    summary = scores.summary()
    assert summary["references"] == 3
    assert summary["all_fields_correct"] == round(2 / 3, 4)
    # title 1 tp, 1 fp, 1 fn; date 1 tp; author 1 fn -> micro P 2/3, R 2/4
    assert summary["micro_f1_all"] == round(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), 4)
    assert summary["micro_f1_core"] == summary["micro_f1_all"]  # only core labels here
    assert list(summary["per_label"]) == ["author", "title", "date"]
    assert summary["per_label"]["author"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    table = reports.format_table(summary)
    assert "| title | 0.500 | 0.500 | 0.500 | 2 |" in table


def test_counts_of_nothing_are_zero_not_errors():
    c = Counts()
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)


def test_counts_of_sizes_and_table_row():
    c = metrics.Counts.of(3, 4, 6)  # 3 matched of 4 predicted against 6 gold
    assert c == Counts(3, 1, 3) and (c.predicted, c.support) == (4, 6)
    assert (c.precision, c.recall) == (0.75, 0.5) and c.f1 == pytest.approx(0.6)
    assert c.row() == {"precision": 0.75, "recall": 0.5, "f1": 0.6, "support": 6}
    total = Counts()
    total.add(c)
    total.add(Counts(1, 0, 0))
    assert total == Counts(4, 1, 3)


def test_field_scores_averages_are_the_harness_averages():
    """The card's scores (FieldScores from score) and the harness's averages are one computation."""
    from refparse.evaluation import harness

    pairs = [({"title": ["A"], "date": ["1999"]}, {"title": ["A"], "date": ["2000"]}),
             ({"title": ["B"], "author": ["X"]}, {"title": ["C"], "pages": ["1-9"]})]
    scores = metrics.score(pairs)
    totals = {}
    for n, (gold, predicted) in enumerate(pairs):
        for label, c in metrics.compare(gold, predicted).items():
            for part in ("tp", "fp", "fn"):
                totals[("exact", label, part)] = totals.get(("exact", label, part), 0) + getattr(c, part)
    averages = harness.averages(totals, "exact")
    assert averages["micro_f1"] == scores.micro().f1
    assert averages["macro_f1"] == pytest.approx(scores.macro_f1())
    assert averages["macro_precision"] == pytest.approx(scores.macro("precision"))
    assert averages["core4_mean_f1"] == pytest.approx(scores.mean_f1(CORE_LABELS))
    assert harness.field_scores(totals).per_label == scores.per_label
    assert scores.mean_f1(CORE_LABELS) == pytest.approx((0 + 0.5 + 0 + 0) / 4)  # an absent label counts as 0


def test_boundary_score_ignores_edge_punctuation_and_space():
    text = "[1] Smith. 2001.  [2] Jones. 2002."
    gold = [(0, 16), (18, 34)]
    assert normalised_span(text, 0, 17) == normalised_span(text, 0, 16)
    assert boundary_score([(text, gold, [(0, 17), (18, 34)])]) == Counts(2, 0, 0)
    score = boundary_score([(text, gold, [(0, 34)])])
    assert (score.tp, score.precision, score.recall) == (0, 0.0, 0.0)
    assert boundary_score([(text, gold, gold)]).f1 == 1.0
