"""refparse.lexicon: the closed word lists behind the features, one token each, with the other languages' cues."""

from __future__ import annotations

import pytest

from refparse.lexicon import CLASSES, OTHER_LANGUAGES, classes_of, key
from refparse.tokenize import tokenize


def test_keys_are_lowercase_without_accents():
    assert key("Hrsg") == key("hrsg") == "hrsg" and key("Éd") == "ed" and key("Göttingen") == "gottingen"


def test_word_lists_hold_single_tokens_only():
    assert "editor" not in classes_of("a") and "place" not in classes_of("New")
    assert "editor" in classes_of("cura") and "place" in classes_of("York")
    for words in [*CLASSES.values(), *OTHER_LANGUAGES.values()]:
        for word in words:
            assert [t.text for t in tokenize(word)] == [word], f"{word!r} is not one token: it can never match"


@pytest.mark.parametrize(("word", "cls"), [
    ("Herbst", "month"), ("automne", "month"), ("abgerufen", "note"), ("consulté", "note"), ("unter", "note"),
    ("Hrsg", "editor"), ("curatore", "editor"), ("Übersetzung", "translator"), ("Jahrgang", "volume"),
    ("fascicolo", "issue"), ("überarb", "edition"), ("Arbeitspapier", "report"), ("Jahrbuch", "venue"),
    ("Atti", "venue"), ("Suhrkamp", "publisher"), ("edizioni", "publisher"), ("Opladen", "place"),
    ("Göttingen", "place"), ("Magisterarbeit", "thesis"),
])
def test_word_lists_hold_the_cues_of_other_languages(word, cls):
    """What the model learns from "Retrieved", "Press" or "London" carries over to the German, French, Italian,
    Spanish and Portuguese forms through the shared class."""
    assert cls in classes_of(word)


def test_the_splitters_view_of_the_word_lists_leaves_the_other_languages_out():
    assert classes_of("Herbst", other_languages=False) == () and classes_of("Opladen", other_languages=False) == ()
    assert classes_of("Hrsg", other_languages=False) == ("editor",)


def test_the_words_of_a_field_are_those_field_class_tells_for_it():
    from refparse.lexicon import field_class, field_words_count, words_of_field

    if not field_words_count():
        pytest.skip("the field-words table is not installed")
    names = words_of_field("name")
    assert names == sorted(names) and len(names) > 1000
    assert all(field_class(word) == "name" for word in names[::500])
    assert "adam" in names and "journal" not in names
