"""refparse.prepare: what happens to a reference before the CRF sees it (length cut, crfsuite-safe copy, citation
key), on every tagging path."""

from __future__ import annotations

import pytest

from refparse.labels import OUTSIDE
from refparse.parser import Parser
from refparse.patterns import ANCHOR_CONFIDENCE
from refparse.prepare import MAX_REFERENCE_CHARS, citation_key, crfsuite_safe, prepare
from refparse.tokenize import Piece, tokenize

GILL = "Gill 2004 = S. P. D. Gill, A. Knebe, «MNRAS», 351 (2004), p. 399."


def assert_offsets_kept(model_input):
    for token in model_input.labelled + model_input.tokens:
        assert model_input.text[token.start:token.end] == token.text


def test_prepare_cuts_at_the_length_limit_and_keeps_offsets():
    text = "Smith, J. (2001). " + "A very long title " * (MAX_REFERENCE_CHARS // 10)
    assert len(text) > MAX_REFERENCE_CHARS
    prepared = prepare(text)
    assert prepared.text == text[:MAX_REFERENCE_CHARS]
    assert prepared.labelled == ()
    assert_offsets_kept(prepared)
    assert [(t.text, t.start, t.end) for t in prepared.tokens] == [
        (t.text, t.start, t.end) for t in tokenize(text[:MAX_REFERENCE_CHARS])]
    assert prepare(text[:MAX_REFERENCE_CHARS]) == prepared


def test_prepare_cuts_after_a_citation_key_too():
    text = GILL + " x" * MAX_REFERENCE_CHARS
    prepared = prepare(text)
    assert prepared.text == text[:MAX_REFERENCE_CHARS] and max(t.end for t in prepared.tokens) <= MAX_REFERENCE_CHARS
    assert [t.label for t in prepared.labelled] == ["citation-number", "citation-number", OUTSIDE]


def test_prepare_labels_the_citation_key_and_keeps_offsets():
    prepared = prepare(GILL)
    assert prepared.text == GILL
    assert [(t.text, t.label) for t in prepared.labelled] == [
        ("Gill", "citation-number"), ("2004", "citation-number"), ("=", OUTSIDE)]
    assert all(t.confidence == ANCHOR_CONFIDENCE for t in prepared.labelled)
    assert (prepared.tokens[0].text, prepared.tokens[0].start) == ("S", GILL.index("S. P."))
    assert all(type(t) is Piece for t in prepared.tokens)  # text and offsets only: the label is the model's
    assert_offsets_kept(prepared)
    # the key and the reference together are the tokens of the whole string
    assert [(t.text, t.start, t.end) for t in prepared.labelled + prepared.tokens] == [
        (t.text, t.start, t.end) for t in tokenize(GILL)]


def test_prepare_replaces_what_crfsuite_cannot_take_and_keeps_offsets():
    text = "Smith\x00, J. (2001). Ti\ud800tle\x07. Journal\x0b, 3."
    safe = crfsuite_safe(text)
    assert len(safe) == len(text) and "\x00" not in safe and "\ud800" not in safe and "\x07" not in safe
    assert "\x0b" in safe  # whitespace controls the tokenizer skips are left alone
    prepared = prepare(text)
    assert prepared.text == safe
    assert_offsets_kept(prepared)
    assert crfsuite_safe("plain text") == "plain text"


@pytest.mark.parametrize("method", ["auto", "rules"])
def test_a_citation_key_before_the_reference_is_its_label(method):
    text = "Gill 2004 = S. P. D. Gill, A. Knebe, B. K. Gibson, «MNRAS», 351 (2004), p. 399."
    ref = Parser(method=method).parse(text)
    assert ref.citation_number == "Gill 2004"
    assert [n.family for n in ref.authors] == ["Gill", "Knebe", "Gibson"] and ref.year == 2004
    assert all(t.start >= text.index("S. P.") or t.label in ("citation-number", OUTSIDE)
               for t in Parser(method=method).tag(text))


def test_a_citation_key_is_read_with_its_offsets():
    assert citation_key(GILL) == (0, len("Gill 2004"), GILL.index("S. P."))
    assert citation_key("  Andersen 1990a = Ø. Andersen, Title.") == (2, 16, 19)


@pytest.mark.parametrize(
    "text",
    [
        "Gill, S. (2004). On x = y in 2004 = z. MNRAS, 351, 399.",  # "=" after the authors and title began
        "Gill 2004. S. P. D. Gill, «MNRAS», 351, p. 399.",  # no "="
        "CIL VI = Corpus Inscriptionum Latinarum, vol. VI, Berlin 1876.",  # a key with no year: left to the model
    ],
)
def test_only_a_short_key_with_a_year_and_an_equals_sign_is_a_citation_key(text):
    assert citation_key(text) is None
    assert prepare(text).labelled == ()
