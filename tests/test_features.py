
import hashlib
import json

import pytest

from refparse.features import (
    FEATURES_VERSION,
    case_class,
    neighbour_features,
    number_class,
    sequence_features,
    shape,
    word_features,
)
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


# The feature strings of the shipped model (FEATURES_VERSION 5: those of version 4, written down from the
# implementation of commit 3d062d8 before the features were made faster, plus the field-words classes "f-...").
REFERENCE = "Doe, J. (2001). Some title. Proc. IEEE, 12, 3-4. doi:10.1234/abc"
EXPECTED = {
    0: ["bias", "w=doe", "shape=Xx", "case=title", "len=3", "lex=f-name", "-3:edge", "-2:edge", "-1:edge", "1:w=,",
        "1:shape=,", "2:w=j", "2:shape=X", "3:w=.", "3:shape=.", "bi-=^|doe", "bi+=doe|,", "pos=0", "br=-", "seg=0",
        "yearseen=False", "first=Xx", "seglen=1-3", "segnext=cap", "segyr=pre", "BOS"],
    4: ["bias", "w=(", "shape=(", "case=punct", "len=1", "-3:w=,", "-3:shape=,", "-2:w=j", "-2:shape=X", "-1:w=.",
        "-1:shape=.", "1:w=2001", "1:shape=d", "1:num=year", "2:w=)", "2:shape=)", "3:w=.", "3:shape=.",
        "bi-=.|(", "bi+=(|2001", "pos=1", "br=open", "seg=0", "yearseen=False", "first=Xx", "seglen=1-3",
        "segnext=cap", "segyr=pre"],
    17: ["bias", "w=3", "shape=d", "case=digits", "len=1", "num=d1", "-3:w=,", "-3:shape=,", "-2:w=12",
         "-2:shape=d", "-1:w=,", "-1:shape=,", "1:w=-", "1:shape=-", "2:w=4", "2:shape=d", "3:w=.", "3:shape=.",
         "bi-=,|3", "bi+=3|-", "pos=7", "br=-", "seg=3", "yearseen=True", "first=Xx", "seglen=4-8",
         "segnext=low", "segyr=3"],
    23: ["bias", "w=10.1234/abc", "shape=d.d/x", "case=lower", "len=8+", "p3=10.", "s3=abc", "s2=bc", "p4=10.1",
         "s4=/abc", "id=doi", "-3:w=.", "-3:shape=.", "-2:w=doi", "-2:shape=x", "-1:w=:", "-1:shape=:", "1:edge",
         "2:edge", "3:edge", "bi-=:|10.1234/abc", "bi+=10.1234/abc|$", "pos=9", "br=-", "seg=4", "yearseen=True",
         "first=Xx", "seglen=1-3", "segnext=end", "segyr=3", "EOS"],
}
QUOTED = "\"O'Brien\" xiv https://x.org"
EXPECTED_QUOTED = {
    2: ["bias", "w='", "shape='", "case=punct", "len=1", "-3:edge", '-2:w="', '-2:shape="', "-1:w=o", "-1:shape=X",
        "1:w=brien", "1:shape=Xx", "1:lex=f-name", '2:w="', '2:shape="', "3:w=xiv", "3:shape=x", "bi-=o|'",
        "bi+='|brien", "pos=2", 'br="', "seg=0", "yearseen=False", 'first="', "seglen=4-8", "segnext=end", "segyr=pre"],
    5: ["bias", "w=xiv", "shape=x", "case=lower", "len=3", "roman", "lex=f-title", "-3:w='", "-3:shape='",
        "-2:w=brien", "-2:shape=Xx", '-1:w="', '-1:shape="', "1:w=https://x.org", "1:shape=x:/x.x", "2:edge", "3:edge",
        'bi-="|xiv', "bi+=xiv|https://x.org", "pos=7", "br=-", "seg=0", "yearseen=False", 'first="',
        "seglen=4-8", "segnext=end", "segyr=pre"],
    6: ["bias", "w=https://x.org", "shape=x:/x.x", "case=lower", "len=8+", "p3=htt", "s3=org", "s2=rg",
        "p4=http", "s4=.org", "id=url", "-3:w=brien", "-3:shape=Xx", '-2:w="', '-2:shape="', "-1:w=xiv",
        "-1:shape=x", "-1:lex=f-title", "1:edge", "2:edge", "3:edge", "bi-=xiv|https://x.org", "bi+=https://x.org|$",
        "pos=8", "br=-", "seg=0", "yearseen=False", 'first="', "seglen=4-8", "segnext=end", "segyr=pre", "EOS"],
}


@pytest.mark.parametrize("text, expected", [(REFERENCE, EXPECTED), (QUOTED, EXPECTED_QUOTED)])
def test_feature_strings_are_those_the_model_was_trained_with(text, expected):
    feats = sequence_features(tokenize(text))
    for i, strings in expected.items():
        assert feats[i] == strings


def test_cached_word_parts_match_the_public_functions_and_do_not_leak_between_calls():
    tokens = tokenize(REFERENCE)
    first = sequence_features(tokens)
    sequence_features(tokenize("Doe Doe (2001) 2001. IEEE IEEE, Proc."))  # the same words, other neighbours
    assert sequence_features(tokens) == first
    assert first[13][: len(word_features("IEEE"))] == list(word_features("IEEE"))
    assert set(neighbour_features("2001", 1)) <= set(first[4])
    assert neighbour_features("Smith", 4) == ("4:w=smith", "4:shape=Xx")  # an offset outside the window
    # patterns.YEAR as the regex read it: an ASCII "1"/"2" first, any decimal digit after, no superscript.
    assert [number_class(w) for w in ("1499", "1500", "2099", "2100", "１９９９", "19９9", "20²1", "12")] == [
        "d4", "year", "year", "d4", "d4", "year", "d4", "d2"]


#: sha256 over the feature strings of every token of parse/dev.jsonl (tokenize of each "text", in file order:
#: a token's strings joined by tabs and ended by a newline, a reference ended by one more), computed with the
#: implementation the shipped model was trained with (features 5): 868 references, 30,941 tokens.
DEV_FEATURES_SHA256 = "f72ea8a38356be45851b3ee552e17199480fbe42cca71316d71a130a720f84f9"


def dev_fingerprint(path) -> tuple[str, int, int]:
    digest, references, tokens = hashlib.sha256(), 0, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            references += 1
            for feats in sequence_features(tokenize(json.loads(line)["text"])):
                digest.update(("\t".join(feats) + "\n").encode("utf-8", "surrogatepass"))
                tokens += 1
            digest.update(b"\n")
    return digest.hexdigest(), references, tokens


@pytest.mark.corpus
def test_dev_features_are_unchanged(data_dir):
    """Every feature string of every dev token as the shipped model was trained with: a change here needs a
    FEATURES_VERSION bump and a retrained model (or, if dev itself changed, a new fingerprint)."""
    digest, references, tokens = dev_fingerprint(data_dir / "parse" / "dev.jsonl")
    assert (references, tokens) == (868, 30941), "parse/dev.jsonl changed: recompute DEV_FEATURES_SHA256"
    assert digest == DEV_FEATURES_SHA256
