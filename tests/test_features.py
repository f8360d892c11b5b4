
from refparse.features import FEATURES_VERSION, case_class, sequence_features, shape
from refparse.tokenize import tokenize

TEXT = "Smith, J. A., & Doe, R. (2001). A study of things. Journal of Stuff, 12(3), 45-67."


def test_features_are_deterministic_strings():
    first = sequence_features(tokenize(TEXT))
    second = sequence_features(tokenize(TEXT))
    assert first == second
    assert len(first) == len(tokenize(TEXT))
    for feats in first:
        assert feats and all(isinstance(f, str) for f in feats)
        assert len(feats) == len(set(feats)), "a repeated feature would count twice"


def test_window_features_carry_their_offset():
    feats = sequence_features(tokenize("Smith, J. (2001)"))[0]
    assert "1:w=," in feats and "2:w=j" in feats and "-1:edge" in feats


def test_context_features_depend_on_neighbours():
    a = sequence_features(tokenize("Smith 2001"))[0]
    b = sequence_features(tokenize("Smith Journal"))[0]
    assert a != b
    assert "1:num=year" in a


def test_shapes_and_cases():
    assert shape("Smith") == "Xx"
    assert shape("2001") == "d"
    assert shape("McGill") == "XxXx"
    assert case_class("J") == "initial"
    assert case_class("IEEE") == "upper"
    assert case_class(",") == "punct"


def test_empty_sequence():
    assert sequence_features([]) == []


def _bracket(text: str, word: str) -> str:
    tokens = tokenize(text)
    i = next(i for i, t in enumerate(tokens) if t.text == word)
    return next(f for f in sequence_features(tokens)[i] if f.startswith("br="))


def test_an_apostrophe_opens_no_quotation():
    assert _bracket("O'Brien, P. Hawking's world. Journal, 2001.", "Journal") == "br=-"
    assert _bracket("Doe, J. 'A quoted title' and more.", "quoted") == 'br="'


def test_version_is_a_string():
    assert isinstance(FEATURES_VERSION, str) and FEATURES_VERSION
