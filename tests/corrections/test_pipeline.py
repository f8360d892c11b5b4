"""The corrections as one pipeline: what PIPELINE holds, corrections_named and correct_spans, each
correction writing only the labels it declares and deciding only on the labels it reads, and the layers below
the pipeline (tagger, spans, splitter) importing neither the corrections nor the fallback parser."""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import replace

import pytest

from refparse import corrections
from refparse.corrections import PIPELINE, Correction, correct_spans, corrections_named
from refparse.labels import LABELS
from refparse.types import Span

from . import test_authors, test_editors, test_titles, test_venues

FAMILIES = (test_authors, test_editors, test_titles, test_venues)
TABLES = {c: cases for family in FAMILIES for c, cases in family.TABLE.items()}
CASES = [case for cases in TABLES.values() for case in cases]
BY_NAME = {c.name: c for c in PIPELINE}


def _defined_corrections() -> list[tuple[str, Correction]]:
    """(module.attribute, correction) for every Correction a module of refparse.corrections defines."""
    out = []
    for info in pkgutil.iter_modules(corrections.__path__):
        module = importlib.import_module(f"refparse.corrections.{info.name}")
        out += [(f"{info.name}.{name}", value) for name, value in vars(module).items()
                if isinstance(value, Correction) and name != "Correction"]
    return out


# ---------------------------------------------------------------------------------------------------------
# What the pipeline holds


def test_every_correction_defined_is_in_the_pipeline_exactly_once():
    defined = {id(c): where for where, c in _defined_corrections()}
    listed = [id(c) for c in PIPELINE]
    assert len(listed) == len(set(listed)), "a correction is listed twice"
    assert set(defined) == set(listed), sorted(defined[i] for i in set(defined) - set(listed))


def test_correction_names_are_unique_and_corrections_named_finds_each():
    names = [c.name for c in PIPELINE]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", n) for n in names)
    assert all(corrections_named([c.name]) == (c,) for c in PIPELINE)


# History in a docstring: a year outside the quoted examples, or words about when or how it came to be.
_HISTORY = re.compile(r"\b(?:1[89]|20)\d\d\b|\b(?:session|commit(?:ted)?|today|yesterday|previously|no longer|"
                      r"used to|was added|refactor\w*|changelog|todo|fixme|issue \d+)\b", re.I)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|\'[^\']*\'')


@pytest.mark.parametrize("correction", PIPELINE, ids=lambda c: c.name)
def test_each_correction_says_what_it_fixes_without_history(correction):
    assert correction.doc, f"{correction.name} has no docstring"
    assert len(correction.doc.split()) >= 8
    assert not _HISTORY.findall(_QUOTED.sub("", correction.doc))


@pytest.mark.parametrize("correction", PIPELINE, ids=lambda c: c.name)
def test_declared_labels_are_labels(correction):
    assert correction.reads <= set(LABELS) and correction.writes <= set(LABELS)


def test_every_correction_has_cases_it_exists_for_and_cases_it_must_leave_alone():
    for c in PIPELINE:
        cases = TABLES.get(c, [])
        assert any(case.after is not None and not case.known_flaw for case in cases), f"{c.name}: no case it fixes"
        assert any(case.after is None for case in cases), f"{c.name}: no case it must leave alone"


# ---------------------------------------------------------------------------------------------------------
# corrections_named and correct_spans


def test_corrections_named_keeps_pipeline_order():
    assert corrections_named(reversed([c.name for c in PIPELINE])) == PIPELINE
    assert corrections_named(["venue-in-title", "leading-editor", "book-title"]) == (
        BY_NAME["leading-editor"], BY_NAME["book-title"], BY_NAME["venue-in-title"])
    assert corrections_named([]) == ()


@pytest.mark.parametrize("names", [["no-such-correction"], ["book-title", "Book-title"], ["book_title"]])
def test_corrections_named_rejects_unknown_names(names):
    with pytest.raises(ValueError, match="unknown corrections"):
        corrections_named(names)


def test_correct_spans_runs_the_pipeline_in_order():
    for case in CASES:
        spans = case.spans
        expected = list(spans)
        for step in PIPELINE:
            expected = step(case.text, expected)
        assert correct_spans(case.text, spans) == (expected, expected != spans)
        assert correct_spans(case.text, spans, pipeline=()) == (spans, False)


def test_correct_spans_does_not_change_its_input():
    case = next(c for c in CASES if c.after is not None)
    spans = case.spans
    copy = list(spans)
    correct_spans(case.text, spans, pipeline=PIPELINE)
    assert spans == copy


# ---------------------------------------------------------------------------------------------------------
# Each correction writes only what it declares and decides only on what it reads


def assert_writes_only_declared(correction: Correction, text: str, before: list[Span], after: list[Span]) -> None:
    """Every span ``correction`` gave is one of ``before``, a part of one of them with the same label (a cut), or
    has a label in ``correction.writes``."""
    kept = {(s.label, s.start, s.end) for s in before}
    for s in after:
        assert s.text == text[s.start:s.end]
        if (s.label, s.start, s.end) in kept:
            continue
        if any(b.label == s.label and b.start <= s.start and s.end <= b.end for b in before):
            continue
        assert s.label in correction.writes, (
            f"{correction.name} wrote {s.label} {s.text!r}, declares writes={sorted(correction.writes)}")


@pytest.mark.parametrize("correction", PIPELINE, ids=lambda c: c.name)
def test_each_correction_writes_only_its_declared_labels_on_every_case(correction):
    for case in CASES:
        before = case.spans
        assert_writes_only_declared(correction, case.text, before, correction(case.text, list(before)))


_NEUTRAL = ("other", "translator", "edition", "genre", "note", "isbn", "identifier")


@pytest.mark.parametrize("correction", PIPELINE, ids=lambda c: c.name)
def test_each_correction_decides_only_on_the_labels_it_reads(correction):
    """Relabelling the spans of a label the correction neither reads nor writes changes nothing but that label.

    The citation number is left as it is: the corrections that look at a reference's opening names step over it.
    """
    fixed = correction.reads | correction.writes | {"citation-number"}
    for case in CASES:
        spans = case.spans
        present = {s.label for s in spans}
        neutral = next(n for n in _NEUTRAL if n not in present | fixed)
        out = [(s.label, s.start, s.end) for s in correction(case.text, spans)]
        for label in present - fixed:
            relabelled = [replace(s, label=neutral) if s.label == label else s for s in spans]
            back = [(label if s.label == neutral else s.label, s.start, s.end)
                    for s in correction(case.text, relabelled)]
            assert back == out, f"{correction.name} reads {label!r} ({case.id}), declares reads={sorted(correction.reads)}"


@pytest.fixture(scope="module")
def dev_model_spans(data_dir):
    """(text, the model's spans before any correction) for every reference of parse/dev.jsonl."""
    from refparse.corpus import read_jsonl_plain
    from refparse.parser import Parser

    parser = Parser(method="crf")
    return [(e.text, list(parser.parse(e.text).spans)) for e in read_jsonl_plain(data_dir / "parse" / "dev.jsonl")]


@pytest.mark.corpus
@pytest.mark.slow
def test_each_correction_writes_only_its_declared_labels_on_dev(dev_model_spans):
    """On the model's spans of every dev reference: each correction alone, and each in the pipeline on what the
    ones before it gave."""
    changed = dict.fromkeys((c.name for c in PIPELINE), 0)
    for text, spans in dev_model_spans:
        for correction in PIPELINE:
            out = correction(text, list(spans))
            assert_writes_only_declared(correction, text, spans, out)
            changed[correction.name] += out != spans
        current = spans
        for correction in PIPELINE:
            out = correction(text, list(current))
            assert_writes_only_declared(correction, text, current, out)
            current = out
    assert sum(changed.values()) > 0


# ---------------------------------------------------------------------------------------------------------
# Layers


@pytest.mark.parametrize("module", ["refparse.tagger", "refparse.spans", "refparse.splitter"])
@pytest.mark.parametrize("below", ["refparse.corrections", "refparse.fallback"])
def test_the_layers_below_the_pipeline_do_not_import_it(module, below):
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("refparse", cache_dir=None)
    assert module in graph.modules and below in graph.modules
    chain = graph.find_shortest_chain(importer=module, imported=below)
    assert chain is None, " -> ".join(chain)
    assert not graph.chain_exists(importer=module, imported=below, as_packages=True)
