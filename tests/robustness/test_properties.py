"""Property-based tests over arbitrary text (lone surrogates and control characters included) and over
reference-like text built from the pieces of real references.

CI runs REFPARSE_FUZZ_EXAMPLES (default 200) examples per property; ``python training/fuzz.py`` runs the long
search (10,000 per property) and reports the counts.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refparse
from refparse.labels import LABELS, OUTSIDE
from refparse.parser import MAX_REFERENCE_CHARS, Parser
from refparse.tokenize import tokenize

from ._checks import assert_sound_result

EXAMPLES = int(os.environ.get("REFPARSE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every code point, surrogates (category Cs) and controls included.
any_char = st.characters(exclude_categories=())
any_text = st.text(any_char, max_size=300)
long_text = st.builds(lambda piece, times: piece * times, st.text(any_char, min_size=1, max_size=40),
                      st.integers(1, 2 * MAX_REFERENCE_CHARS // 10))

# Pieces of references: names, initials, years, numbers, titles in several scripts, identifiers, markup, noise.
letters = st.sampled_from(["latin", "accented", "cyrillic", "greek", "cjk", "arabic"]).flatmap(
    lambda script: st.text(st.sampled_from({
        "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "accented": "àáâäçèéêëìíîïñòóôöùúûüýÿßøåæœÀÉÖÜÇŁłŚśŽžČčĞğİı",
        "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМН",
        "greek": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
        "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年日本語研究論文",
        "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    }[script]), min_size=1, max_size=12)
)
initials = st.lists(st.sampled_from("ABCDEFGHJKLMNOPRSTW"), min_size=1, max_size=3).map(
    lambda cs: " ".join(c + "." for c in cs))
year = st.integers(1500, 2099).map(str) | st.builds(lambda y, s: f"{y}{s}", st.integers(1900, 2030), st.sampled_from("abc"))
number = st.integers(0, 99999).map(str)
page_range = st.builds(lambda a, b, dash: f"{a}{dash}{a + b}", st.integers(1, 9999), st.integers(0, 99),
                       st.sampled_from(["-", "–", "--", "—"]))
identifier = st.sampled_from(["doi:", "https://doi.org/", "http://dx.doi.org/", ""]).flatmap(
    lambda prefix: st.builds(lambda reg, suffix: f"{prefix}10.{reg}/{suffix}", st.integers(1000, 99999),
                             st.text("abcdefXYZ0123456789.-_()/;:", min_size=1, max_size=20)))
url = st.builds(lambda host, path: f"https://{host}.org/{path}", letters, st.text("abc/?=&%#.-_~1", max_size=20))
markup = st.sampled_from(["<i>", "</i>", "<b>", "&amp;", "&#8211;", r"\emph{", "}", r"{\"o}", r"\textit{", "$\\alpha$",
                          "<![CDATA[", "]]>", "<ref>", "\u200b", "\ufeff", "\u202e", "\x00", "\ud800", "😀"])
punct = st.sampled_from(list(".,;:()[]\"'“”«»/&-–—?!*#"))
piece = st.one_of(letters, initials, year, number, page_range, identifier, url, markup, punct,
                  st.sampled_from(["et al.", "and", "In:", "pp.", "vol.", "no.", "Proc.", "J.", "(Eds.)", "Hrsg."]))
separator = st.sampled_from([" ", " ", " ", ", ", ". ", "", "\t", "\n", "\u00a0", "  "])
reference_like = st.lists(st.tuples(piece, separator), max_size=60).map(
    lambda parts: "".join(p + s for p, s in parts))

text_strategy = st.one_of(any_text, reference_like, long_text)


@pytest.mark.slow
@FUZZ
@given(text=text_strategy, method=st.sampled_from(["auto", "crf", "rules"]))
def test_parse_never_raises_and_its_result_is_sound(text, method):
    ref = refparse.parse(text, method=method)
    assert_sound_result(text, ref)
    assert all(span.label in LABELS for span in ref.spans)
    if len(text) > MAX_REFERENCE_CHARS:
        assert any(f"first {MAX_REFERENCE_CHARS}" in w for w in ref.warnings)


@FUZZ
@given(text=st.one_of(any_text, reference_like))
def test_tokens_round_trip_and_cover_every_visible_character(text):
    tokens = tokenize(text)
    covered = set()
    previous_end = 0
    for token in tokens:
        assert token.text == text[token.start : token.end] and token.text
        assert token.start >= previous_end, "tokens are sorted and do not overlap"
        assert not any(c.isspace() for c in token.text), "whitespace is never part of a token"
        covered.update(range(token.start, token.end))
        previous_end = token.end
    assert covered == {i for i, c in enumerate(text) if not c.isspace()}


@FUZZ
@given(text=st.one_of(any_text, reference_like))
def test_tagged_tokens_keep_the_callers_characters(text):
    tokens = refparse.tag(text)
    assert [(t.start, t.end) for t in tokens] == [(t.start, t.end) for t in tokenize(text[:MAX_REFERENCE_CHARS])]
    for token in tokens:
        assert token.text == text[token.start : token.end]
        assert token.label in LABELS or token.label == OUTSIDE
        assert token.confidence is not None and 0.0 <= token.confidence <= 1.0 + 1e-9


@FUZZ
@given(items=st.lists(st.one_of(any_text, reference_like, st.none(), st.integers(), st.binary(max_size=10)), max_size=8))
def test_parse_many_keeps_order_and_count(items):
    results = refparse.parse_many(items)
    assert len(results) == len(items)
    for item, result in zip(items, results):
        if isinstance(item, str):
            assert result.source != "error" and result.text == item
        else:
            assert result.source == "error" and result.warnings[0].startswith("TypeError")


_SECOND_PARSER = Parser()


@FUZZ
@given(text=reference_like)
def test_parsing_is_deterministic(text):
    """Two parsers on the same model, and the same parser twice, give the same record."""
    first = refparse.parse(text).to_dict()
    assert _SECOND_PARSER.parse(text).to_dict() == first == refparse.parse(text).to_dict()
