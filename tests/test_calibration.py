"""refparse.calibration: calibrated span confidences, per-field confidence and needs_review."""

from __future__ import annotations

import json
import math
import shutil

import pytest

from refparse.calibration import (
    DEFAULT_REVIEW_BELOW,
    Calibration,
    chance_all_right,
    field_confidence,
    logit,
    needs_review,
    record_terms,
    sigmoid,
)
from refparse.errors import ModelError
from refparse.model import card_path, default_model_path
from refparse.parser import Parser
from refparse.types import Span

IDENTITY = Calibration({}, (0.0, 1.0), (0.0, 0.0, 0.0, 0.0))


def span(label: str, confidence: float, text: str = "x") -> Span:
    return Span(label, text, 0, len(text), confidence)


def test_identity_calibration_gives_back_the_raw_confidence():
    spans = [span("title", 0.9), span("date", 0.37)]
    assert [s.confidence for s in IDENTITY.calibrate(spans, 0.8)] == [0.9, 0.37]


def test_per_label_coefficients_and_record_terms_enter_the_logit():
    calibration = Calibration({"title": (1.0, 2.0)}, (0.0, 1.0), (0.5, 0.0, -1.0, 0.0))
    spans = [span("title", 0.9, "A long title"), span("date", 0.6)]
    terms = record_terms(spans, 0.8)
    expected = sigmoid(1.0 + 2.0 * logit(0.9) + 0.5 * logit(0.8) - math.log1p(3))
    assert calibration.probability(spans[0], terms) == pytest.approx(expected)
    # a label without its own coefficients takes the default pair
    assert calibration.probability(spans[1], terms) == pytest.approx(sigmoid(logit(0.6) + 0.5 * logit(0.8)
                                                                              - math.log1p(1)))


def test_confidences_of_zero_and_one_stay_finite():
    out = IDENTITY.calibrate([span("other", 0.0), span("doi", 1.0)], None)
    assert 0.0 < out[0].confidence < 0.01 and 0.99 < out[1].confidence <= 1.0


def test_card_round_trip_and_malformed_sections():
    calibration = Calibration({"title": (0.1, 0.9)}, (0.0, 1.0), (0.3, 0.1, -0.4, 0.2), 0.4, "dev")
    assert Calibration.from_card({"calibration": calibration.to_card()}) == calibration
    assert Calibration.from_card({}) is None
    with pytest.raises(ModelError, match="calibration in card.json is malformed.*training/calibrate.py"):
        Calibration.from_card({"calibration": {"labels": {}, "default": [0, 1], "record_weights": [1]}}, "card.json")
    with pytest.raises(ModelError, match="malformed"):
        Calibration.from_card({"calibration": {"labels": {"title": "high"}}})


def test_field_confidence_is_the_weakest_segment_of_each_label():
    spans = [span("author", 0.9), span("title", 0.8), span("author", 0.6)]
    assert field_confidence(spans) == {"author": 0.6, "title": 0.8}


def test_needs_review_when_the_chance_that_all_fields_are_right_is_low():
    sure = [span("author", 0.95), span("title", 0.95), span("date", 0.99)]
    doubtful = [span("author", 0.8), span("title", 0.7), span("date", 0.8)]
    assert chance_all_right(sure) == pytest.approx(0.95 * 0.95 * 0.99)
    assert chance_all_right(doubtful) == pytest.approx(0.448)
    assert not needs_review(sure) and needs_review(doubtful)
    assert not needs_review(doubtful, review_below=0.4) and needs_review(sure, review_below=0.95)
    assert needs_review([])  # nothing was found in it: a person should look
    assert DEFAULT_REVIEW_BELOW == 0.5


# ---------------------------------------------------------------------------------------------------------------
# In the parser
# ---------------------------------------------------------------------------------------------------------------

TEXT = "Smith, J. (2001). A title of some length. Journal of Things, 3(2), 1-9."


def test_parse_sets_field_confidence_and_needs_review(parser):
    ref = parser.parse(TEXT)
    assert set(ref.field_confidence) == {s.label for s in ref.spans}
    assert all(0.0 <= c <= 1.0 for c in ref.field_confidence.values())
    assert ref.needs_review == (chance_all_right(ref.spans) < parser.review_below_in_use())
    data = ref.to_dict()
    assert data["field_confidence"] == ref.field_confidence
    assert data.get("needs_review", False) == ref.needs_review


def test_a_garbage_string_and_an_error_record_need_review(parser):
    assert parser.parse("").needs_review
    assert parser.parse(None, errors="record").needs_review


def test_the_shipped_model_is_calibrated_and_auto_uses_it():
    calibrated = Parser()
    raw = Parser(calibrate=False)
    assert Calibration.from_card(calibrated.model.card) is not None, "run python training/calibrate.py"
    a, b = calibrated.parse(TEXT), raw.parse(TEXT)
    assert [(s.label, s.start, s.end) for s in a.spans] == [(s.label, s.start, s.end) for s in b.spans]
    assert [s.confidence for s in a.spans] != [s.confidence for s in b.spans]
    # method crf shows the model's own marginals
    crf = calibrated.parse(TEXT, method="crf")
    assert [s.confidence for s in crf.spans] == [s.confidence for s in raw.parse(TEXT, method="crf").spans]


def test_review_below_overrides_the_card_and_is_checked():
    assert Parser(review_below=1.0).parse(TEXT).needs_review  # nothing is certain
    assert not Parser(review_below=0.0).parse(TEXT).needs_review
    with pytest.raises(ValueError, match="between 0 and 1"):
        Parser(review_below=1.5)


def test_a_model_without_calibration_keeps_raw_confidences(tmp_path):
    model = tmp_path / "plain.crfsuite"
    shutil.copy(default_model_path(), model)
    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    card.pop("calibration", None)
    card_path(model).write_text(json.dumps(card), encoding="utf-8")
    plain = Parser(model).parse(TEXT)
    raw = Parser(calibrate=False).parse(TEXT)
    assert [s.confidence for s in plain.spans] == [s.confidence for s in raw.spans]
    assert plain.needs_review == (chance_all_right(plain.spans) < DEFAULT_REVIEW_BELOW)


def test_a_malformed_calibration_is_a_clear_error(tmp_path):
    model = tmp_path / "broken.crfsuite"
    shutil.copy(default_model_path(), model)
    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    card["calibration"] = {"labels": []}
    card_path(model).write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="malformed"):
        Parser(model, method="crf")


# ---------------------------------------------------------------------------------------------------------------
# On the corpora: calibrated confidences read as probabilities; needs_review catches most wrong records
# ---------------------------------------------------------------------------------------------------------------


def _judged(parser, path):
    from refparse.corpus import read_jsonl_plain
    from refparse.training.calibrate import judge_examples

    return judge_examples(parser, read_jsonl_plain(path))


@pytest.mark.corpus
def test_on_dev_calibrated_confidences_match_accuracy_and_review_catches_most_errors(data_dir):
    pytest.importorskip("sklearn")
    from refparse.training.calibrate import reliability, review_rate

    calibrated = _judged(Parser(), data_dir / "parse" / "dev.jsonl")
    raw = _judged(Parser(calibrate=False), data_dir / "parse" / "dev.jsonl")
    assert reliability(calibrated)[1] < 0.015 < reliability(raw)[1]  # dev is what the calibration was fitted on
    rate = review_rate(calibrated, Parser().review_below_in_use())
    # Flagging at random would catch the share it flags; review catches over 2.5 times that (features 5: 24% of
    # the records flagged, 64% of the wrong ones caught; features 4: 26% and 68%).
    assert rate.flagged <= 0.30 and rate.caught >= 0.60 and rate.caught >= 2.5 * rate.flagged


@pytest.mark.corpus
def test_calibration_fitted_on_dev_lowers_the_error_on_an_unseen_set(data_dir):
    from refparse.training.calibrate import reliability

    path = data_dir / "parse" / "extra" / "parscit.jsonl"
    assert reliability(_judged(Parser(), path))[1] < reliability(_judged(Parser(calibrate=False), path))[1] - 0.01
