"""The Parser's seams: parse(errors=...), the error record, and the one parser per process (shared_parser)."""

from __future__ import annotations

import threading

import pytest

import refparse
from refparse import parser as parser_module
from refparse.errors import ModelError
from refparse.parser import ERRORS, Parser, default_parser, error_record, shared_parser, shared_parser_info

CLEAN = "Doe, J. (2001). A title. Journal of Tests, 3, 1-9."


@pytest.mark.parametrize("value", [None, b"Doe, J. (2001). Bytes.", 42, ["a list"], {"text": "a dict"}])
def test_errors_record_gives_the_error_record_where_raise_raises(value):
    parser = Parser(method="rules")
    with pytest.raises(TypeError) as raised:
        parser.parse(value)  # type: ignore[arg-type]
    ref = parser.parse(value, errors="record")  # type: ignore[arg-type]
    assert ref.source == "error" and ref.text == "" and ref.spans == []
    assert ref.warnings == [f"TypeError: {raised.value}"]
    assert ref.to_dict() == error_record(value, raised.value).to_dict()


def test_errors_record_catches_a_failure_inside_parsing_and_keeps_the_text(monkeypatch):
    def broken(*_):
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(parser_module, "rule_spans", broken)
    parser = Parser(method="rules")
    with pytest.raises(RuntimeError, match="a bug deep inside"):
        parser.parse(CLEAN)
    ref = parser.parse(CLEAN, errors="record")
    assert (ref.text, ref.source, ref.warnings) == (CLEAN, "error", ["RuntimeError: a bug deep inside"])


def test_errors_record_gives_the_same_record_as_raise_for_every_str():
    parser = default_parser()
    for text in [CLEAN, "", "   ", "\x00\x01", "\ud800 lone surrogate", "x" * 4100]:
        assert parser.parse(text, errors="record").to_dict() == parser.parse(text).to_dict()


def test_errors_record_with_crf_and_no_model_is_an_error_record(tmp_path):
    missing = tmp_path / "missing.crfsuite"
    parser = Parser(missing)  # "auto": the model is only opened when needed
    with pytest.warns(refparse.ModelWarning):
        assert parser.parse(CLEAN).source == "rules"
    with pytest.raises(ModelError):
        parser.parse(CLEAN, method="crf")
    ref = parser.parse(CLEAN, method="crf", errors="record")
    assert ref.source == "error" and ref.warnings[0].startswith("ModelError: ") and str(missing) in ref.warnings[0]


@pytest.mark.parametrize("errors", ["ignore", "strict", None, "RECORD", 1])
def test_an_unknown_errors_value_is_a_valueerror_even_under_a_bad_text(errors):
    for text in (CLEAN, None):
        with pytest.raises(ValueError, match=r"errors must be one of 'raise', 'record'"):
            Parser(method="rules").parse(text, errors=errors)  # type: ignore[arg-type]
    assert ERRORS == ("raise", "record")


def test_an_unknown_method_is_a_valueerror_not_an_error_record():
    with pytest.raises(ValueError, match="method must be one of"):
        Parser(method="rules").parse(CLEAN, method="fast", errors="record")


def test_error_record_takes_an_exception_or_a_message():
    assert error_record("x", ValueError("bad")).warnings == ["ValueError: bad"]
    assert error_record(None, "WorkerCrash: it died").to_dict() == {
        "needs_review": True, "source": "error", "text": "", "fields": {}, "spans": [],
        "warnings": ["WorkerCrash: it died"]}


def test_the_private_parse_or_error_is_gone():
    assert not hasattr(Parser, "_parse_or_error")


def test_shared_parser_is_one_parser_per_model_and_method(tmp_path):
    assert shared_parser() is shared_parser(None, "auto") is default_parser()
    assert shared_parser(method="rules") is shared_parser(None, "rules") is not shared_parser()
    path = tmp_path / "mine.crfsuite"
    assert shared_parser(path, "rules") is shared_parser(str(path), "rules")  # a Path or its str: one key
    assert shared_parser(path, "rules").method == "rules"
    with pytest.raises(ValueError, match="method must be one of"):
        shared_parser(method="fast")
    with pytest.raises(ModelError, match="not found"):  # "crf" opens the model at once, and nothing is kept
        shared_parser(path, "crf")
    before = shared_parser_info()
    shared_parser(method="rules")
    assert shared_parser_info() == before


def test_shared_parser_builds_one_parser_under_many_threads(tmp_path):
    key = tmp_path / "threads.crfsuite"
    barrier = threading.Barrier(8)
    got: list[Parser] = []

    def ask() -> None:
        barrier.wait()
        got.append(shared_parser(key, "rules"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    built = shared_parser_info()["built"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and all(p is got[0] for p in got)
    assert shared_parser_info()["built"] == built + 1
