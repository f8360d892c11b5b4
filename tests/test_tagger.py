"""refparse.tagger: labels and confidences from the model, through the one tagging call every path makes."""

from __future__ import annotations

import threading

import pytest

from refparse.labels import LABELS, OUTSIDE
from refparse.model import load_model
from refparse.parser import Parser
from refparse.tagger import CRFTagger
from refparse.tokenize import Labelled, tokenize
from refparse.types import Token

GILL = "Gill 2004 = S. P. D. Gill, A. Knebe, «MNRAS», 351 (2004), p. 399."
APA = "Bandura, A. (1977). Self-efficacy: Toward a unifying theory. Psychological Review, 84(2), 191-215."


@pytest.fixture(scope="module")
def tagger() -> CRFTagger:
    return CRFTagger(load_model())


def test_every_token_gets_a_label_of_the_set_and_a_marginal(tagger):
    tokens = tagger.tag(tokenize(APA))
    assert [t.text for t in tokens] == [t.text for t in tokenize(APA)]
    assert all(t.label in (*LABELS, OUTSIDE) and 0.0 < t.confidence <= 1.0 for t in tokens)
    assert {t.label for t in tokens} >= {"author", "date", "title", "container-title", "volume", "pages"}


def test_tag_text_keeps_the_callers_characters_at_every_offset(tagger):
    text = "Smith\x00, J. (2001) \ud800Title. Journal 3, 1-9."  # crfsuite sees a masked copy
    tokens = tagger.tag_text(text)
    assert tokens and all(text[t.start:t.end] == t.text for t in tokens)


@pytest.mark.parametrize("text", [APA, GILL, "Smith\x00, J. (2001) \ud800Title. Journal 3, 1-9."])
def test_the_light_tuples_parse_asks_for_hold_what_the_tokens_hold(tagger, text):
    tokens, light = tagger.tag_text(text), tagger.tag_text(text, make=Labelled)
    assert all(type(t) is Token for t in tokens) and any(type(t) is Labelled for t in light)
    assert [(t.text, t.start, t.end, t.label, t.confidence) for t in light] == [
        (t.text, t.start, t.end, t.label, t.confidence) for t in tokens]


def test_nothing_to_tag_gives_no_tokens(tagger):
    assert tagger.tag([]) == [] and tagger.tag_text("") == [] and tagger.tag_text("   ") == []


def test_each_thread_tags_with_its_own_crfsuite_tagger(tagger):
    expected = tagger.tag_text(APA)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(tagger.tag_text(APA))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_the_tagger_reads_a_citation_key_wherever_it_is_called_from(tagger):
    """Training's and cross-validation's scoring call the tagger without the parser: a key is a label there too."""
    text = GILL
    tokens = tagger.tag_text(text)
    assert [t.label for t in tokens[:3]] == ["citation-number", "citation-number", OUTSIDE]
    assert tokens == Parser().tag(text)
