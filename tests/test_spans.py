from refparse.labels import OUTSIDE
from refparse.spans import tokens_to_spans
from refparse.types import Token


def _tokens(text, labels):
    from refparse.tokenize import tokenize

    return [Token(t.text, t.start, t.end, label, 0.9) for t, label in zip(tokenize(text), labels)]


def test_runs_of_one_label_become_spans_with_exact_text():
    text = "Smith, J. (2001). Title here."
    labels = ["author", "author", "author", "author", OUTSIDE, "date", OUTSIDE, OUTSIDE, "title", "title", OUTSIDE]
    spans = tokens_to_spans(text, _tokens(text, labels))
    assert [(s.label, s.text) for s in spans] == [("author", "Smith, J."), ("date", "2001"), ("title", "Title here")]
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_lone_full_stop_inside_a_field_is_bridged_but_comma_is_not():
    text = "Maize Genet. Coop. News"
    labels = ["container-title", "container-title", OUTSIDE, "container-title", "container-title", "container-title"]
    spans = tokens_to_spans(text, _tokens(text, labels))
    assert [s.text for s in spans] == ["Maize Genet. Coop. News"]
    text = "ALICE Collaboration, B. Abelev"
    labels = ["author", "author", OUTSIDE, "author", "author", "author"]
    assert [s.text for s in tokens_to_spans(text, _tokens(text, labels))] == ["ALICE Collaboration", "B. Abelev"]


def test_confidence_is_lowest_token_confidence():
    text = "Doe, J. 2001"
    tokens = [Token("Doe", 0, 3, "author", 0.9), Token(",", 3, 4, "author", 0.6), Token("J", 5, 6, "author", 0.8),
              Token(".", 6, 7, OUTSIDE, 0.7), Token("2001", 8, 12, "date", 0.5)]
    spans = tokens_to_spans(text, tokens)
    assert [(s.text, s.confidence) for s in spans] == [("Doe, J", 0.6), ("2001", 0.5)]


def test_no_tokens_no_spans():
    assert tokens_to_spans("", []) == []


def test_an_opening_quote_joins_a_run_that_holds_its_closing_quote():
    text = '"Driving Without Awareness"? Eine Untersuchung'
    labels = [OUTSIDE] + ["title"] * 7
    spans = tokens_to_spans(text, _tokens(text, labels))
    assert [s.text for s in spans] == [text]


def test_an_opening_quote_stays_out_when_the_run_has_no_closing_quote():
    text = "„Titel“ In: Buch"
    labels = [OUTSIDE, "title", OUTSIDE, OUTSIDE, OUTSIDE, "container-title"]
    spans = tokens_to_spans(text, _tokens(text, labels))
    assert [(s.label, s.text) for s in spans] == [("title", "Titel"), ("container-title", "Buch")]
    text = "„Dichte Beschreibung“ oder Gewalt"
    labels = [OUTSIDE] + ["title"] * 5
    assert [s.text for s in tokens_to_spans(text, _tokens(text, labels))] == [text]


def test_the_light_tuples_of_parse_give_the_spans_tokens_give():
    from refparse.tokenize import Labelled

    text = '"Driving Without Awareness"? Maize Genet. Coop. News'
    labels = [OUTSIDE] + ["title"] * 5 + ["container-title", "container-title", OUTSIDE] + ["container-title"] * 3
    tokens = _tokens(text, labels)
    light = [Labelled(t.text, t.start, t.end, t.label, t.confidence) for t in tokens]
    assert tokens_to_spans(text, light) == tokens_to_spans(text, tokens)
    assert [s.text for s in tokens_to_spans(text, light)] == ['"Driving Without Awareness"?', "Maize Genet. Coop. News"]
