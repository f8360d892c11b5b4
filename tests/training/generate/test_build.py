"""The generated share: evaluation titles kept out, sets cached and reproducible."""

from __future__ import annotations

import json
import shutil

import pytest

from refparse.corpus import read_jsonl_plain
from refparse.training.generate.build import (
    evaluation_titles,
    generated_set,
    opens_with_acronym,
    title_key,
    write_examples,
)

pytest.importorskip("citeproc")


def test_title_key_ignores_case_accents_and_punctuation():
    assert title_key("Ça va: The  Natural-History!") == title_key("ca va the naturalhistory")
    assert title_key("A") != title_key("B")


def test_evaluation_titles_are_collected(data_dir):
    titles = evaluation_titles(data_dir)
    dev = read_jsonl_plain(data_dir / "parse" / "dev.jsonl")
    some = next(e.text[s:t] for e in dev for s, t, label in e.spans if label == "title" and len(e.text[s:t].split()) > 3)
    assert title_key(some) in titles


@pytest.mark.slow
def test_generated_sets_are_reproducible_and_cached(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("REFPARSE_CACHE", str(tmp_path))
    made = generated_set(40, seed=5, data_dir=data_dir)
    assert len(made.examples) >= 30  # a few renderings are dropped, never more than a quarter here
    assert made.recipe["made"]["csl"] == len(made.examples)
    assert sum(made.recipe["dropped"]["csl"].values()) + len(made.examples) == 40
    titles = evaluation_titles(data_dir)
    assert not any(title_key(e.text[s:t]) in titles for e in made.examples for s, t, lab in e.spans if lab == "title")
    cached = list(tmp_path.glob("*.jsonl"))
    assert len(cached) == 1
    again = generated_set(40, seed=5, data_dir=data_dir)
    assert [(e.text, e.spans) for e in again.examples] == [(e.text, e.spans) for e in made.examples]
    fresh = generated_set(40, seed=5, data_dir=data_dir, use_cache=False)
    assert [e.text for e in fresh.examples] == [e.text for e in made.examples]


def test_written_examples_follow_the_corpus_schema(tmp_path):
    from refparse.corpus import Example

    path = tmp_path / "out.jsonl"
    write_examples(path, [Example("a", "csl-apa", "Smith, J. (2001). T.", ((0, 9, "author"), (11, 15, "date")))])
    row = json.loads(path.read_text())
    assert row["spans"] == [[0, 9, "author", "author"], [11, 15, "date", "date"]]
    assert read_jsonl_plain(path)[0].spans == ((0, 9, "author"), (11, 15, "date"))


@pytest.mark.slow
def test_initials_sets_print_initials_before_short_titles(data_dir, tmp_path, monkeypatch):
    import re

    from refparse.training.generate.build import SHORT_TITLE_WORDS, initials_set

    monkeypatch.setenv("REFPARSE_CACHE", str(tmp_path))
    made = initials_set(40, seed=3, data_dir=data_dir)
    assert len(made.examples) >= 30
    assert sum(made.recipe["dropped"]["csl"].values()) + len(made.examples) == 40
    titles = [next(e.text[s:t] for s, t, lab in e.spans if lab == "title") for e in made.examples]
    assert sum(len(t.split()) <= SHORT_TITLE_WORDS for t in titles) >= len(titles) // 3
    before = [e.text[:next(s for s, _, lab in e.spans if lab == "title")] for e in made.examples]
    assert sum(bool(re.search(r"\b[A-Z]\.\s*$", b)) for b in before) >= len(before) * 3 // 4
    again = initials_set(40, seed=3, data_dir=data_dir)
    assert [(e.text, e.spans) for e in again.examples] == [(e.text, e.spans) for e in made.examples]


@pytest.mark.parametrize("title, expected", [
    ("LoRA: Low-rank adaptation of large language models", True),
    ("BERT: Pre-training of deep bidirectional transformers", True),
    ("GPT-4 : a report", True),
    ("Deep learning: a review", False),  # two words before the colon: a title's own first part
    ("Maps: where we are", False),  # one capital: a word, not a short name
    ("LoRA without a colon", False),
    ("ThisIsFarTooLongToBeAName: x", False),
])
def test_titles_opening_with_a_short_name_are_told(title, expected):
    assert opens_with_acronym(title) is expected


@pytest.mark.slow
@pytest.mark.skipif(any(shutil.which(t) is None for t in ("pdflatex", "bibtex", "pdftotext")),
                    reason="pdflatex, bibtex or pdftotext not installed (see tests/training/generate/test_latex.py)")
def test_acronym_title_sets_put_the_short_name_right_after_the_authors(data_dir, tmp_path, monkeypatch):
    from refparse.training.generate.build import acronym_title_set

    monkeypatch.setenv("REFPARSE_CACHE", str(tmp_path))
    made = acronym_title_set(24, seed=3, data_dir=data_dir)
    assert made.recipe["made"]["csl"] >= 9 and made.recipe["made"]["latex"] >= 9
    for kind in ("csl", "latex"):
        assert sum(made.recipe["dropped"][kind].values()) + made.recipe["made"][kind] == 12
    titles = [(e, next((s, t) for s, t, lab in e.spans if lab == "title")) for e in made.examples]
    # a short name opens each title: a paper's own ("LoRA:") or, for some, a name word put in its place ("Adam:")
    assert all(_opens_with_short_name(e.text[s:t].replace("- ", "")) or e.source.startswith("latex")
               for e, (s, t) in titles)
    # nothing but the author list (and the year some styles print after it) comes before the short name
    assert all({lab for s, _, lab in e.spans if s < start} <= {"author", "date", "citation-number"}
               for e, (start, _) in titles)
    again = acronym_title_set(24, seed=3, data_dir=data_dir)
    assert [(e.text, e.spans) for e in again.examples] == [(e.text, e.spans) for e in made.examples]


@pytest.mark.slow
def test_german_sets_go_through_german_default_styles_half_of_them_edited_volumes(data_dir, tmp_path, monkeypatch):
    import re

    from refparse.training.generate.build import german_set, german_styles

    monkeypatch.setenv("REFPARSE_CACHE", str(tmp_path))
    styles = german_styles()
    assert len(styles) >= 100 and all(locale.startswith("de") for _, locale in styles)
    assert {"din-1505-2", "iso690-author-date-de", "chicago-author-date-de",
            "springer-vs-author-date"} <= dict(styles).keys()
    made = german_set(24, seed=3, data_dir=data_dir)
    assert len(made.examples) >= 18 and made.recipe["made"]["csl"] == len(made.examples)
    assert sum(made.recipe["dropped"]["csl"].values()) + len(made.examples) == 24
    # labelled: a title and a date each, every span a non-empty stretch of the text without edge spaces
    for e in made.examples:
        labels = [label for *_, label in e.spans]
        assert {"title", "date"} <= set(labels), e.text
        assert all(0 <= s < t <= len(e.text) and e.text[s:t] == e.text[s:t].strip() for s, t, _ in e.spans)
    # each through a German-default style, which the source names
    names = {f"csl-{style}" for style, _ in styles}
    assert all(e.source in names and ".de-" in e.id for e in made.examples)
    # the edited-volume half: editors and the volume's title, the cue words outside them
    edited = [e for e in made.examples if {"editor", "container-title"} <= {label for *_, label in e.spans}]
    assert len(edited) >= 6
    for e in made.examples:
        for s, t, label in e.spans:
            if label in ("editor", "author"):
                assert not re.search(r"\b(?:Hrsg|Hg|Hgg|eds?)\.", e.text[s:t]), e.text
            if label == "pages":
                assert not e.text[s:t].startswith("S."), e.text
    again = german_set(24, seed=3, data_dir=data_dir)
    assert [(e.text, e.spans) for e in again.examples] == [(e.text, e.spans) for e in made.examples]
    fresh = german_set(24, seed=3, data_dir=data_dir, use_cache=False)
    assert [(e.text, e.spans) for e in fresh.examples] == [(e.text, e.spans) for e in made.examples]
    assert [e.text for e in german_set(24, seed=4, data_dir=data_dir, use_cache=False).examples] != [
        e.text for e in made.examples]


def _opens_with_short_name(title: str) -> bool:
    head, colon, _ = title.partition(":")
    return bool(colon) and 2 <= len(head.strip()) <= 20 and " " not in head.strip()
