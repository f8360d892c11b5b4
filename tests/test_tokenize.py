import pytest

from refparse.tokenize import pieces, tokenize

SAMPLES = [
    "Smith, J. (2001). Title. Journal, 3(2):45-67.",
    "Rost B, Schneider R. J Mol Biol 1997; 270:471-480.",
    "Müller, H. (Hrsg.): Über Dinge. In: Zeitschrift, Jg. 5, S. 23–45.",
    "  leading and trailing   spaces  ",
    "doi:10.1016/S0140-6736(05)61234-5. https://example.org/a_(b)",
    "이재신, 이민영, '확장된 기술수용모델', 2006.",
    "",
    "\t\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_offsets_round_trip(text):
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.text and not any(ch.isspace() for ch in token.text)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    assert "".join(t.text for t in tokens) == "".join(text.split())


def test_glued_numerics_fall_apart():
    assert [t.text for t in tokenize("12(3):45-67")] == ["12", "(", "3", ")", ":", "45", "-", "67"]
    assert [t.text for t in tokenize("pp.100-131")] == ["pp", ".", "100", "-", "131"]
    assert [t.text for t in tokenize("2022b")] == ["2022", "b"]


def test_urls_and_dois_stay_whole_without_trailing_punctuation():
    texts = [t.text for t in tokenize("See https://x.org/a_(b), doi:10.1000/xyz.1. (10.1016/S0140-6736(05)1).")]
    assert "https://x.org/a_(b)" in texts
    assert "10.1000/xyz.1" in texts
    assert "10.1016/S0140-6736(05)1" in texts
    assert texts[-2:] == [")", "."]


def test_a_closing_quote_glued_to_a_url_is_its_own_token():
    texts = [t.text for t in tokenize('Available at “https://example.org/page”. "doi:10.1000/xyz"')]
    assert texts[3:5] == ["https://example.org/page", "”"]
    assert "10.1000/xyz" in texts


def test_decomposed_accents_stay_inside_their_word():
    import unicodedata

    text = unicodedata.normalize("NFD", "Müller, K. (2001). Über Zürich.")
    assert [t.text for t in tokenize(text)][:3] == [unicodedata.normalize("NFD", "Müller"), ",", "K"]


def test_pieces_are_the_tokens_as_tuples_and_a_range_keeps_offsets_into_the_text():
    text = "Smith, J. (2001) See https://example.org/a_(b)). 12(3):45-67"
    assert [(p.text, p.start, p.end) for p in pieces(text)] == [(t.text, t.start, t.end) for t in tokenize(text)]
    start, end = text.index("See"), text.index(" 12")
    assert [t.text for t in tokenize(text, start, end)] == ["See", "https://example.org/a_(b)", ")", "."]
    assert [(t.start, t.end) for t in tokenize(text, start, end)] == [
        (t.start + start, t.end + start) for t in tokenize(text[start:end])]
