"""The rule-based fallback: a parser answers when its model is missing, truncated, corrupt or from another
feature version, with exactly one ModelWarning naming the file and the cause; method="crf" refuses instead.

Every case works on copies of the shipped model and card in tmp_path; models/ is never touched.
"""

from __future__ import annotations

import json
import random
import shutil
import warnings
from pathlib import Path

import pytest

import refparse
from refparse.errors import ModelError, ModelWarning
from refparse.model import card_path, default_model_path
from refparse.parser import Parser
from refparse.types import Token

APA = "Bandura, A. (1977). Self-efficacy: Toward a unifying theory of behavioral change. Psychological Review, 84(2), 191-215."


def _copy_shipped(tmp_path: Path) -> Path:
    model = tmp_path / "copy.crfsuite"
    shutil.copyfile(default_model_path(), model)
    shutil.copyfile(card_path(default_model_path()), card_path(model))
    return model


def _removed(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    model.unlink()
    return model


def _truncated(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    data = model.read_bytes()
    model.write_bytes(data[: len(data) // 2])
    return model


def _random_bytes(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    model.write_bytes(random.Random(4).randbytes(model.stat().st_size))
    return model


def _other_feature_version(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    card = json.loads(card_path(model).read_text(encoding="utf-8"))
    card["features_version"] = "0-older"
    card_path(model).write_text(json.dumps(card), encoding="utf-8")
    return model


# (how to break the model, words the warning must contain besides the file name)
BROKEN = [
    (_removed, "not found"),
    (_truncated, "truncated"),
    (_random_bytes, "not a crfsuite model"),
    (_other_feature_version, "features version 0-older"),
]
IDS = ["removed", "truncated", "random-bytes", "other-feature-version"]


@pytest.mark.parametrize(("breaker", "cause"), BROKEN, ids=IDS)
def test_broken_model_falls_back_to_rules_with_one_warning(tmp_path, breaker, cause):
    model = breaker(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # construction itself must neither raise nor warn
        parser = Parser(model)
    with pytest.warns(ModelWarning) as caught:
        first = parser.parse(APA)
        second = parser.parse("Weinberg, S. (1967). A model of leptons. Physical Review Letters, 19, 1264-1266.")
        tokens = parser.tag(APA)
    fallback = [w for w in caught if issubclass(w.category, ModelWarning)]
    assert len(fallback) == 1
    message = str(fallback[0].message)
    assert str(model) in message and cause in message and "rule-based fallback" in message
    assert first.source == second.source == "rules"
    assert [a.family for a in first.authors] == ["Bandura"]
    assert (first.year, first.volume, first.issue, first.pages) == (1977, "84", "2", "191-215")
    assert first.container_title == "Psychological Review"
    assert second.year == 1967 and second.authors[0].family == "Weinberg"
    assert {t.label for t in tokens} >= {"author", "date", "title", "O"}


@pytest.mark.parametrize(("breaker", "cause"), BROKEN, ids=IDS)
def test_method_crf_raises_the_model_error(tmp_path, breaker, cause):
    model = breaker(tmp_path)
    with pytest.raises(ModelError, match=cause):
        Parser(model, method="crf")
    with pytest.warns(ModelWarning):
        parser = Parser(model)
        parser.parse(APA)
    with pytest.raises(ModelError, match=cause):
        parser.parse(APA, method="crf")
    with pytest.raises(ModelError, match=cause):
        parser.model  # noqa: B018 -- the property opens the model


def test_warning_is_given_once_per_model_file_across_parsers(tmp_path, recwarn):
    model = _truncated(tmp_path)
    for _ in range(3):
        Parser(model).parse(APA)
    assert len([w for w in recwarn if issubclass(w.category, ModelWarning)]) == 1
    (tmp_path / "second").mkdir()
    Parser(_truncated(tmp_path / "second")).parse(APA)  # another file: its own warning
    assert len([w for w in recwarn if issubclass(w.category, ModelWarning)]) == 2


def test_method_rules_needs_no_model(tmp_path, recwarn):
    parser = Parser(_removed(tmp_path), method="rules")
    ref = parser.parse(APA)
    assert ref.source == "rules" and ref.year == 1977
    assert not [w for w in recwarn if issubclass(w.category, ModelWarning)]  # nothing fell back: rules were asked for


def test_working_model_copy_parses_with_the_crf(tmp_path, recwarn):
    parser = Parser(_copy_shipped(tmp_path))
    ref = parser.parse(APA)
    assert ref.source in ("crf", "hybrid")
    assert parser.parse(APA, method="crf").source == "crf"
    assert parser.parse(APA, method="rules").source == "rules"
    assert not [w for w in recwarn if issubclass(w.category, ModelWarning)]


def test_auto_marks_a_rule_correction_as_hybrid(monkeypatch):
    # A model that took the DOI for a note: the near-certain DOI pattern overrides it, and says so in `source`.
    text = "Smith, J. (2020). A study. Journal of Tests, 3, 1-9. doi:10.1234/abc.def-5"
    parser = Parser()
    real = parser._tag_crf

    def doi_as_note(text):
        return [Token(t.text, t.start, t.end, "note" if "10.1234" in t.text else t.label, t.confidence)
                for t in real(text)]

    monkeypatch.setattr(parser, "_tag_crf", doi_as_note)
    ref = parser.parse(text)
    assert ref.source == "hybrid"
    assert ref.doi == "10.1234/abc.def-5" and ref.note is None
    crf = parser.parse(text, method="crf")
    assert crf.source == "crf" and crf.doi is None and crf.note == "10.1234/abc.def-5"


def test_top_level_parse_takes_a_method():
    ref = refparse.parse(APA, method="rules")
    assert ref.source == "rules" and ref.title == "Self-efficacy: Toward a unifying theory of behavioral change"
    assert refparse.parse(APA).source in ("crf", "hybrid")
    assert refparse.parse(APA, method="crf").source == "crf"


@pytest.mark.parametrize("method", ["CRF", "rule", "", None, 3])
def test_unknown_method_is_a_clear_error(method):
    with pytest.raises(ValueError, match="method must be one of 'auto', 'crf', 'rules'"):
        Parser(method=method)  # type: ignore[arg-type]
    if method is not None:  # None means "the parser's own method" in Parser.parse
        with pytest.raises(ValueError, match="method must be one of"):
            refparse.parse(APA, method=method)  # type: ignore[arg-type]


def test_rules_confidence_is_reported_and_low_results_warn(tmp_path):
    ref = Parser(method="rules").parse(APA)
    assert 0.6 < ref.confidence <= 1.0 and not any("low confidence" in w for w in ref.warnings)
    vague = Parser(method="rules").parse("something without any structure at all")
    assert vague.confidence < 0.6 and any("low confidence" in w for w in vague.warnings)
