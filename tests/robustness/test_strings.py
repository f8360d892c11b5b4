"""Strange, broken and huge strings: ``parse`` never raises on a ``str`` and its result is always sound."""

from __future__ import annotations

import json

import pytest

import refparse
from refparse.parser import MAX_REFERENCE_CHARS, Parser

from ._checks import assert_sound_result

CLEAN = "Lafferty, J., McCallum, A. (2001). Conditional random fields. In ICML, 282-289."

BAD_STRINGS = {
    "empty": "",
    "whitespace only": " \t\n\r\u00a0\u2003 ",
    "control characters": "Smith\x01, J.\x1b[31m (2001)\x7f. A title\x08. Journal\x0c, 3, 1-9.",
    "NUL bytes": "Smith\x00, J. (2001). A\x00title. Journal, 3, 1-9.\x00",
    "lone surrogates": "Smith, J. \ud800(2001). A title\udfff. Journal, 3, \udc80 1-9.",
    "surrogate only": "\udcff",
    "emoji": "Smith, J. 😀 (2001). 🎉 Party 👩‍👩‍👧 time. Journal 🇫🇷, 3, 1-9.",
    "right-to-left Arabic": "محمد، أ. (2001). عنوان البحث. مجلة العلوم، 3، 1-9.",
    "RTL marks and Hebrew": "\u202bכהן, י.\u202c (2001). \u200fכותרת\u200f. כתב עת, 3, 1-9.",
    "CJK": "山田太郎, 鈴木花子 (2001). 条件付き確率場による解析. 情報処理学会論文誌, 3(2), 1-9.",
    "Cyrillic": "Иванов И. И. Заголовок статьи // Журнал. 2001. Т. 3, № 2. С. 1–9.",
    "Greek": "Παπαδόπουλος, Γ. (2001). Ένας τίτλος. Περιοδικό, 3, 1-9.",
    "combining marks and zero-width": "Mu\u0308ller, J\u0301.\u200b (2001).\u200d A\ufeff title. J, 3, 1-9.",
    "line and paragraph separators": "Smith, J.\u2028(2001).\u2029A title.\x85 Journal, 3, 1-9.",
    "HTML": "<p><b>Smith, J.</b> (2001). <i>A title</i>. <a href='https://x.org/a?b=1&amp;c'>J</a>, 3, 1&ndash;9.</p>",
    "XML": "<ref><author>Smith</author><year>2001</year><title><![CDATA[A <title>]]></title></ref>",
    "LaTeX": r"M{\"o}ller, J. and Schr\"{o}dinger, E. (2001). \emph{A title with $\alpha_1$}. \textit{J.}, 3:1--9.",
    "only punctuation": "!@#$%^&*()_+-=[]{};':\",./<>?\\|`~" * 3,
    "only digits": "1234567890" * 20,
    "digits and separators": "1-2-3.4/5:6(7)[8]" * 10,
    "one long word": "x" * 5000,
    "unbalanced brackets and quotes": "((([[[{{{\"\"'Smith, J. 2001",
    "citation key and nothing after": "Gill 2004 = .",
    "citation key before broken characters": "Gill 2004 = \x00\ud800 =",
    "citation key before a huge string": "a 2004 = " + "x" * 5000,
}


@pytest.mark.parametrize("text", list(BAD_STRINGS.values()), ids=list(BAD_STRINGS))
def test_bad_string_parses_to_a_sound_result(text):
    ref = refparse.parse(text)
    assert_sound_result(text, ref)


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\u00a0\u2003\u3000"])
def test_empty_and_blank_give_an_empty_record(text):
    ref = refparse.parse(text)
    assert ref.spans == [] and ref.authors == [] and ref.title is None and ref.year is None
    assert ref.confidence is None
    assert refparse.tag(text) == []


@pytest.mark.parametrize("name", ["control characters", "NUL bytes", "lone surrogates"])
def test_unsafe_characters_are_kept_in_tokens_and_spans(name):
    """The tagger sees a cleaned copy, but tokens and spans carry the caller's characters at the same offsets."""
    text = BAD_STRINGS[name]
    tokens = refparse.tag(text)
    assert tokens, "the readable words must still be tokenised"
    for token in tokens:
        assert token.text == text[token.start : token.end]
    unsafe = [c for c in text if c in "\x00\x01\x08\x0c\x1b\x7f\ud800\udfff\udc80"]
    tagged_text = "".join(t.text for t in tokens)
    assert all(c in tagged_text for c in unsafe if not c.isspace())


def test_a_clean_reference_still_parses_when_unsafe_characters_surround_it():
    ref = refparse.parse("\x00\ud800 " + CLEAN + " \x1b")
    assert ref.year == 2001
    assert ref.authors and ref.authors[0].family == "Lafferty"


def test_lone_surrogates_survive_json_both_ways():
    """Decision: the input is never altered, so a lone surrogate stays in ``text`` and in the spans; json.dumps
    (ensure_ascii, the default) writes it as a \\uXXXX escape, which json.loads reads back unchanged."""
    text = BAD_STRINGS["lone surrogates"]
    data = refparse.parse(text).to_dict()
    encoded = json.dumps(data)
    assert "\\ud800" in encoded and "\\udfff" in encoded
    assert json.loads(encoded)["text"] == text


def test_one_megabyte_is_cut_with_a_warning():
    text = (CLEAN + " ") * (1_000_000 // (len(CLEAN) + 1) + 1)
    assert len(text) > 1_000_000
    ref = refparse.parse(text)
    assert_sound_result(text, ref)
    cut = [w for w in ref.warnings if f"first {MAX_REFERENCE_CHARS}" in w]
    assert len(cut) == 1 and str(len(text)) in cut[0]
    assert all(span.end <= MAX_REFERENCE_CHARS for span in ref.spans)
    # Bounded work: only the head is tokenised and tagged, however long the input.
    assert max(t.end for t in refparse.tag(text)) <= MAX_REFERENCE_CHARS


def test_one_megabyte_without_spaces_is_cut_too():
    text = "a" * 1_000_000
    ref = refparse.parse(text)
    assert_sound_result(text, ref)
    assert any(f"first {MAX_REFERENCE_CHARS}" in w for w in ref.warnings)


def test_input_just_at_the_limit_is_not_cut():
    text = (CLEAN + " ") * (MAX_REFERENCE_CHARS // (len(CLEAN) + 1))
    text = text + "x" * (MAX_REFERENCE_CHARS - len(text))
    assert len(text) == MAX_REFERENCE_CHARS
    assert not any("were parsed" in w for w in refparse.parse(text).warnings)


def test_the_cut_is_documented_where_users_look():
    doc = Parser.parse.__doc__ or ""
    assert "MAX_REFERENCE_CHARS" in doc and "warning" in doc


def test_reference_repeated_100_times():
    text = " ".join([CLEAN] * 100)
    ref = refparse.parse(text)
    assert_sound_result(text, ref)
    assert ref.year == 2001, "the first copy is still read"
    assert any("were parsed" in w for w in ref.warnings)


def test_str_subclass_is_accepted():
    class Line(str):
        pass

    text = Line(CLEAN)
    ref = refparse.parse(text)
    assert ref.year == 2001
    assert_sound_result(str(text), ref)


@pytest.mark.parametrize("space", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028"])
def test_whitespace_control_characters_separate_tokens_and_are_never_tokens(space):
    """Found by the property tests: form feed and the like became tokens (and spans) of their own."""
    assert [t.text for t in refparse.tag(f"Smith{space}J.{space}2001{space}")] == ["Smith", "J", ".", "2001"]
    assert refparse.parse(space * 3).spans == []
