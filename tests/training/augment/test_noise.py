"""PDF noise keeps every label exact: after each artefact, each span covers exactly its field's edited text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refparse.training.augment.noise import ARTEFACTS, Edit, add_noise, apply_edits, noise_examples, region_of
from refparse.corpus import Example, harmonise, read_jsonl_plain

from ._examples import labelled

_UNDO = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "“": '"', "”": '"', "‘": "'", "’": "'", "„": '"'}


def undo(text: str) -> str:
    """What survives every artefact: the characters minus spaces, hyphens and markup, ligatures and quotes
    unified."""
    text = re.sub(r"</?(?:italic|i)>", "", text)
    for fancy, plain in _UNDO.items():
        text = text.replace(fancy, plain)
    return re.sub(r"[\s\-]", "", text).replace('"', "").replace("'", "")


def assert_exact(before: Example, after: Example) -> None:
    assert len(before.spans) == len(after.spans)
    previous_end = 0
    for (s, e, label), (s2, e2, label2) in zip(sorted(before.spans), after.spans):
        assert label == label2
        assert previous_end <= s2 < e2 <= len(after.text), (after.text, after.spans)
        assert undo(before.text[s:e]) == undo(after.text[s2:e2]), (before.text[s:e], after.text[s2:e2])
        previous_end = e2
    # Outside the spans the text may change too, but no word may be lost or gained (bare_gap drops the
    # punctuation between fields).
    assert re.sub(r"[.,;:()\[\]]", "", undo(before.text)) == re.sub(r"[.,;:()\[\]]", "", undo(after.text))



REF = labelled(
    ("Smith, J. A. and Y. Doe", "author"), (" (", None), ("2001", "date"), ("). ", None),
    ("Efficient flows", "title"), (". ", None), ("Phys. Rev. Lett", "container-title"), (", ", None),
    ("3", "volume"), (", ", None), ("1-9", "pages"), (". “Quoted” doi:", None), ("10.1000/abc.def", "doi"),
)


@pytest.mark.parametrize("artefact", sorted(ARTEFACTS))
def test_each_artefact_changes_the_text_and_keeps_spans_exact(artefact):
    noisy = add_noise(REF, random.Random(4), artefacts=[artefact])
    assert noisy.text != REF.text, artefact
    assert_exact(REF, noisy)


def test_markup_wraps_the_venue_inside_its_span():
    noisy = add_noise(REF, random.Random(0), ["markup"])
    venue = next(noisy.text[s:e] for s, e, label in noisy.spans if label == "container-title")
    assert venue in ("<italic>Phys. Rev. Lett</italic>", "<i>Phys. Rev. Lett</i>")


def test_bare_gaps_drop_the_punctuation_between_fields():
    noisy = add_noise(REF, random.Random(0), ["bare_gap"])
    assert noisy.text.count(" ") >= REF.text.count(" ") - 2
    assert re.search(r"(Doe 2001|2001 Efficient|flows Phys|Lett 3|3 1-9)", noisy.text), noisy.text


def test_artefacts_look_like_pdf_text():
    rng = random.Random(0)
    assert "Y ." in add_noise(REF, rng, ["initials"]).text or "J ." in add_noise(REF, rng, ["initials"]).text
    assert "Eﬃcient ﬂows" in add_noise(REF, rng, ["ligature"]).text
    assert re.search(r"[a-z]- [a-z]", add_noise(REF, rng, ["hyphen"]).text)
    noisy = add_noise(REF, rng, ["identifier"])
    doi = next(noisy.text[s:e] for s, e, label in noisy.spans if label == "doi")
    assert " " in doi and doi.replace(" ", "") == "10.1000/abc.def"


def test_insertions_at_a_boundary_stay_outside_and_replacements_inside():
    text, spans = apply_edits("ab cd", [(0, 2, "x"), (3, 5, "y")], [Edit(2, 2, "!"), Edit(3, 3, "<"), Edit(4, 5, "D")])
    assert text == "ab! <cD"
    assert [text[s:e] for s, e, _ in spans] == ["ab", "cD"]


def test_region_of_refuses_edits_across_a_boundary():
    spans = [(0, 5, "a"), (6, 9, "b")]
    assert region_of(spans, 4, 7) is None
    assert region_of(spans, 1, 3) == 0
    assert region_of(spans, 5, 6) == -1


def test_noise_is_deterministic_for_a_seed():
    examples = [REF] * 20
    assert noise_examples(examples, 0.5, seed=3) == noise_examples(examples, 0.5, seed=3)
    assert noise_examples(examples, 0.5, seed=3) != noise_examples(examples, 0.5, seed=4)


def test_every_noised_copy_differs_from_its_record():
    copies = noise_examples([REF] * 200, 1.0, seed=0)
    assert 0 < len(copies) <= 200
    assert all(copy.text != REF.text and "#noise-none" not in copy.id for copy in copies)


def test_spans_stay_exact_on_many_corpus_records(data_dir):
    examples = read_jsonl_plain(data_dir / "parse" / "train.jsonl")[:1500]
    rng = random.Random(11)
    changed = 0
    for example in examples:
        example = harmonise(example)
        noisy = add_noise(example, rng)
        changed += noisy.text != example.text
        assert_exact(example, noisy)
    assert changed > len(examples) // 2


_WORDS = st.text(alphabet="abfilnrtxyzADJY.,:;“”\"'- /", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.booleans()), min_size=1, max_size=8), st.integers(0, 10_000))
def test_spans_stay_exact_on_random_records(pieces, seed):
    text, spans, labels = "", [], ["author", "title", "url", "doi", "pages", "editor"]
    for i, (piece, is_labelled) in enumerate(pieces):
        piece = piece.strip()
        if not piece:
            continue
        start = len(text)
        text += piece + " "
        if is_labelled:
            spans.append((start, start + len(piece), labels[i % len(labels)]))
    example = Example("r", "r", text.rstrip(), tuple(spans))
    noisy = add_noise(example, random.Random(seed), artefacts=list(ARTEFACTS))
    assert_exact(example, noisy)
