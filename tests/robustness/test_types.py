"""Wrong types where a string belongs: a TypeError saying what was expected; batches never raise or drop."""

from __future__ import annotations

import pytest

import refparse
from refparse.parser import check_text

CLEAN = "Doe, J. (2001). A title. Journal of Tests, 3, 1-9."

WRONG = {
    "None": None,
    "bytes": CLEAN.encode("utf-8"),
    "bytearray": bytearray(b"Doe, J."),
    "int": 42,
    "float": 3.5,
    "list": [CLEAN],
    "tuple": (CLEAN,),
    "dict": {"text": CLEAN},
    "object": object(),
}


@pytest.mark.parametrize("value", list(WRONG.values()), ids=list(WRONG))
@pytest.mark.parametrize("function", [refparse.parse, refparse.tag], ids=["parse", "tag"])
def test_wrong_type_raises_a_typeerror_naming_what_was_expected(function, value):
    with pytest.raises(TypeError, match=rf"must be a str, not {type(value).__name__}") as info:
        function(value)
    assert info.value.__cause__ is None and info.value.__context__ is None, "a clear error, not a chained one"


def test_bytes_error_says_how_to_decode():
    with pytest.raises(TypeError, match=r"decode"):
        refparse.parse(b"Doe, J. 2001")


@pytest.mark.parametrize("value", [[CLEAN], (CLEAN,)])
def test_sequence_error_points_to_parse_many(value):
    with pytest.raises(TypeError, match=r"parse_many"):
        refparse.parse(value)


def test_check_text_passes_strings_through_untouched():
    assert check_text("") == ""
    text = "x\x00\ud800"
    assert check_text(text) is text
    with pytest.raises(TypeError, match=r"^reference must be a str, not NoneType$"):
        check_text(None, "reference")


def test_parse_many_gives_an_error_record_in_place_for_each_bad_item():
    items = [CLEAN, None, b"bytes", 7, "", ["a list"], CLEAN.replace("2001", "1999")]
    results = refparse.parse_many(items)
    assert len(results) == len(items)
    assert [r.source for r in results] == ["crf", "error", "error", "error", "crf", "error", "crf"]
    assert results[0].year == 2001 and results[-1].year == 1999
    for item, result in zip(items, results):
        if result.source == "error":
            assert result.text == ""
            assert len(result.warnings) == 1
            assert result.warnings[0].startswith(f"TypeError: text must be a str, not {type(item).__name__}")
            assert result.spans == [] and result.year is None
            result.to_dict()  # an error record is still a writable record


def test_parse_many_accepts_any_iterable_including_a_generator():
    results = refparse.parse_many(text for text in ["", CLEAN, None])
    assert [r.source for r in results] == ["crf", "crf", "error"]


def test_parse_many_of_nothing_is_an_empty_list():
    assert refparse.parse_many([]) == []


def test_parse_many_with_a_non_iterable_is_a_typeerror():
    with pytest.raises(TypeError, match="not iterable"):
        refparse.parse_many(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [CLEAN, CLEAN.encode()])
def test_parse_many_refuses_a_single_string_rather_than_parse_its_characters(value):
    with pytest.raises(TypeError, match=r"iterable of str.*use refparse\.parse\)"):
        refparse.parse_many(value)  # type: ignore[arg-type]
