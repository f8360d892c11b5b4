"""The generated share: evaluation titles kept out, sets cached and reproducible."""

from __future__ import annotations

import json

import pytest

from refparse.corpus import read_jsonl_plain
from refparse.training.generate.build import evaluation_titles, generated_set, title_key, write_examples

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
