"""Scoring parsers against gold data: the evaluation harness behind ``refparse evaluate`` and ``training/evaluate.py``.

Three families of metric, each per label and micro/macro averaged:

* **exact match** after :func:`normalise_value`: Unicode NFKC, lowercase, punctuation to spaces, whitespace
  collapsed, and the cue words "In", "pp.", "Vol.", "No." and "(eds.)" dropped at either edge; a date is compared
  by its year when it has one. Fields are compared as multisets per reference and label.
* **soft match**: the same normalised strings match when their Ratcliff/Obershelp ratio (:mod:`difflib`) is at
  least :data:`SOFT_THRESHOLD`, as GROBID reports it; pairs are matched greedily one-to-one per label.
* **token accuracy**: each token of :func:`refparse.tokenize.tokenize` gets a gold label (from the harmonised
  gold spans) and a predicted label (from the harmonised predicted spans); punctuation-only tokens are ignored.

Plus person-level author accuracy, the share of references entirely correct, a per-source breakdown, bootstrap
confidence intervals, a token confusion matrix, the worst references, k-fold cross-validation grouped by source
document, and Markdown / JSON / PNG reports. Systems (a model, the rule-based parser, a predictions file) are
:class:`System` objects and are scored side by side on the same gold data.
"""

from __future__ import annotations

import difflib
import inspect
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .labels import CORE_LABELS, LABELS, OUTSIDE

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_PUNCT = re.compile(r"[^\w\s]|_")
# The cue words the issue names, plus identifier scheme prefixes ("doi:", "arXiv:", "ISBN"), which some sources
# keep inside the field and others outside.
_EDGE_CUES = frozenset({"in", "pp", "p", "vol", "no", "eds", "ed", "doi", "arxiv", "isbn"})

Fields = Mapping[str, Sequence[str]]


def normalise_value(label: str, text: str) -> str:
    """The comparable form of one field value (see the module docstring)."""
    if label == "date":
        year = _YEAR.search(text)
        if year:
            return year.group(1)
    words = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).lower()).split()
    while len(words) > 1 and words[0] in _EDGE_CUES:
        words.pop(0)
    while len(words) > 1 and words[-1] in _EDGE_CUES:
        words.pop()
    return " ".join(words)


def comparable(fields: Fields) -> dict[str, Counter]:
    """label -> multiset of normalised values, empty values left out."""
    out: dict[str, Counter] = {}
    for label, values in fields.items():
        bag = Counter(v for v in (normalise_value(label, x) for x in values) if v)
        if bag:
            out[label] = bag
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FieldScores:
    """Exact-match counts per label, with micro averages over any label subset."""

    per_label: dict[str, Counts] = field(default_factory=dict)
    references: int = 0
    all_correct: int = 0

    def micro(self, labels: Iterable[str] | None = None) -> Counts:
        total = Counts()
        for label in labels if labels is not None else self.per_label:
            total.add(self.per_label.get(label, Counts()))
        return total

    def macro_f1(self, labels: Iterable[str] | None = None) -> float:
        chosen = [l for l in (labels or self.per_label) if l in self.per_label]
        return sum(self.per_label[l].f1 for l in chosen) / len(chosen) if chosen else 0.0

    def summary(self) -> dict:
        return {
            "references": self.references,
            "micro_f1_core": round(self.micro(CORE_LABELS).f1, 4),
            "micro_f1_all": round(self.micro().f1, 4),
            "macro_f1_all": round(self.macro_f1(), 4),
            "all_fields_correct": round(self.all_correct / self.references, 4) if self.references else 0.0,
            "per_label": {
                label: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "support": c.tp + c.fn,
                }
                for label, c in sorted(self.per_label.items(), key=lambda kv: LABELS.index(kv[0]) if kv[0] in LABELS else 99)
            },
        }


def compare(gold: Fields, predicted: Fields) -> dict[str, Counts]:
    """Per-label counts for one reference."""
    g, p = comparable(gold), comparable(predicted)
    out = {}
    for label in set(g) | set(p):
        gb, pb = g.get(label, Counter()), p.get(label, Counter())
        tp = sum((gb & pb).values())
        out[label] = Counts(tp, sum(pb.values()) - tp, sum(gb.values()) - tp)
    return out


def score(pairs: Iterable[tuple[Fields, Fields]]) -> FieldScores:
    """Score (gold fields, predicted fields) pairs, one pair per reference."""
    scores = FieldScores()
    for gold, predicted in pairs:
        scores.references += 1
        counts = compare(gold, predicted)
        if all(c.fp == 0 and c.fn == 0 for c in counts.values()):
            scores.all_correct += 1
        for label, c in counts.items():
            scores.per_label.setdefault(label, Counts()).add(c)
    return scores


def format_table(summary: dict) -> str:
    """A Markdown table of per-label precision, recall, F1 and support."""
    lines = ["| field | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for label, row in summary["per_label"].items():
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['support']} |")
    lines.append(f"| **micro, core 4** | | | **{summary['micro_f1_core']:.3f}** | |")
    lines.append(f"| **micro, all fields** | | | **{summary['micro_f1_all']:.3f}** | |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Soft match
# ---------------------------------------------------------------------------------------------------------------

#: Two normalised values match softly from this Ratcliff/Obershelp ratio up (GROBID's "soft" criterion).
SOFT_THRESHOLD = 0.9


def similarity(a: str, b: str) -> float:
    """Ratcliff/Obershelp ratio of two strings (difflib, without its junk heuristic, so long titles score alike)."""
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def soft_counts(gold: Sequence[str], predicted: Sequence[str], threshold: float = SOFT_THRESHOLD) -> Counts:
    """Counts for one label of one reference: pairs with ratio >= ``threshold`` matched greedily one-to-one,
    the most similar pair first (normalised values; empty ones are left out by the caller)."""
    candidates = sorted(
        ((similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for ratio, i, j in candidates:
        if ratio < threshold:
            break
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    tp = len(used_gold)
    return Counts(tp, len(predicted) - tp, len(gold) - tp)


def compare_soft(gold: Fields, predicted: Fields, threshold: float = SOFT_THRESHOLD) -> dict[str, Counts]:
    """Per-label soft-match counts for one reference."""
    g, p = comparable(gold), comparable(predicted)
    return {
        label: soft_counts(list(g.get(label, Counter()).elements()), list(p.get(label, Counter()).elements()),
                           threshold)
        for label in set(g) | set(p)
    }


# ---------------------------------------------------------------------------------------------------------------
# Token labels and person names
# ---------------------------------------------------------------------------------------------------------------

SpanTuple = tuple[int, int, str]


def is_punctuation(token_text: str) -> bool:
    """True for tokens without a letter or digit; token accuracy ignores them."""
    return not any(ch.isalnum() for ch in token_text)


def locate_fields(text: str, fields: Fields) -> tuple[SpanTuple, ...]:
    """Offsets for field strings that came without them (a predictions file): each value takes its first
    occurrence in ``text`` that overlaps no value placed before it, longest values first; values not found in
    the text (already normalised, say) are left out, so their tokens count as unlabelled."""
    taken: list[SpanTuple] = []
    values = sorted(((v, label) for label, vs in fields.items() for v in vs if v and v.strip()),
                    key=lambda vl: -len(vl[0]))
    for value, label in values:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, label))
                break
            start = text.find(value, start + 1)
    return tuple(sorted(taken))


def token_label_pairs(text: str, gold_spans: Sequence[SpanTuple], predicted_spans: Sequence[SpanTuple]
                      ) -> list[tuple[str, str]]:
    """(gold label, predicted label) of every non-punctuation token; both sides harmonised the same way, so a
    system is not penalised for keeping "pp." inside its pages span."""
    from .data import Example, harmonise, token_labels

    tokens, gold = token_labels(harmonise(Example("", "", text, tuple(gold_spans))))
    _, predicted = token_labels(harmonise(Example("", "", text, tuple(predicted_spans))))
    return [(g, p) for t, g, p in zip(tokens, gold, predicted) if not is_punctuation(t.text)]


def _fold(text: str) -> str:
    """Lowercase, accents stripped, letters and digits only: "Müller-Lüdenscheidt" -> "mullerludenscheidt"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def person_keys(values: Sequence[str]) -> list[tuple[str, str]]:
    """(family name folded, first given initial) of each person in the author field values, in order; an
    organisation is (its folded name, "")."""
    from .normalizers.names import parse_names

    keys = []
    for value in values:
        names, _ = parse_names(value)
        for name in names:
            if name.literal:
                keys.append((_fold(name.literal), ""))
                continue
            given = _fold(name.given or "")
            keys.append((_fold(name.family or ""), given[:1]))
    return [k for k in keys if k[0]]


def common_subsequence_length(a: Sequence, b: Sequence) -> int:
    """Length of the longest common subsequence: persons matched in order, so a missing first author costs one
    person, not every person after it."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


# ---------------------------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """What a system says about one reference: fields, and the spans' offsets when it knows them."""

    fields: dict[str, list[str]]
    spans: tuple[SpanTuple, ...] | None = None


@dataclass
class GoldReference:
    """One gold reference as the harness sees it."""

    id: str
    source: str
    text: str
    spans: tuple[SpanTuple, ...]

    @property
    def fields(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for start, end, label in self.spans:
            out.setdefault(label, []).append(self.text[start:end])
        return out


@dataclass
class System:
    """A parser under evaluation: ``predict(gold_reference) -> Prediction``.

    Most systems only look at the text; :meth:`from_callable` wraps any ``text -> {label: [strings]}`` function.
    A predictions file looks the reference up by id instead.
    """

    name: str
    predict: Callable[[GoldReference], Prediction]
    description: str = ""

    @classmethod
    def from_callable(cls, name: str, parse: Callable[[str], Mapping[str, Sequence[str]]], description: str = ""
                      ) -> "System":
        def predict(ref: GoldReference) -> Prediction:
            return Prediction({k: list(v) for k, v in parse(ref.text).items()})

        return cls(name, predict, description)

    def __call__(self, text: str) -> dict[str, list[str]]:
        """The fields for ``text`` (systems that need the reference's id get an empty id)."""
        return self.predict(GoldReference("", "", text, ())).fields


class SystemUnavailable(Exception):
    """A system that cannot run here (the installed Parser has no such method); it is skipped with this reason."""


#: System specifications accepted by :func:`make_system`.
SYSTEM_FORMS = ("crf", "crf:MODEL", "rules", "hybrid", "hybrid:MODEL", "auto", "auto:MODEL", "preds:FILE")


def parser_methods() -> tuple[str, ...]:
    """The parsing methods the installed :class:`refparse.parser.Parser` offers (() before ``method=`` existed)."""
    from . import parser as parser_module

    if "method" not in inspect.signature(parser_module.Parser.parse).parameters:
        return ()
    return tuple(getattr(parser_module, "METHODS", ()))


def make_system(spec: str, gold: Sequence[GoldReference] | None = None) -> System:
    """A :class:`System` from a specification (:data:`SYSTEM_FORMS`); raises ValueError for a bad one and
    :class:`SystemUnavailable` for a method the installed parser lacks."""
    kind, _, arg = spec.partition(":")
    if kind == "preds":
        if not arg:
            raise ValueError("preds: needs a file, e.g. preds:predictions.jsonl")
        return predictions_system(arg, gold or [])
    if kind not in ("crf", "rules", "hybrid", "auto"):
        raise ValueError(f"unknown system {spec!r}; use one of: {', '.join(SYSTEM_FORMS)}")
    if kind == "rules" and arg:
        raise ValueError("rules takes no model file")
    return parser_system(kind, arg or None)


def parser_system(kind: str, model: str | None = None) -> System:
    """A system on :class:`refparse.parser.Parser`: "crf" (the model alone), "rules", "hybrid"/"auto" (the model
    with the rules' corrections; "hybrid" is the name the parser gives that result)."""
    from .model import load_model
    from .parser import Parser

    methods = parser_methods()
    method = {"crf": "crf", "rules": "rules", "hybrid": "auto", "auto": "auto"}[kind]
    if method != "crf" and method not in methods:
        raise SystemUnavailable(f"{kind}: this refparse's Parser has no method={method!r} "
                                f"(available: {', '.join(methods) or 'none'})")
    if method != "rules":
        load_model(model)  # a missing or broken model is a clear error now, not a silent fallback to the rules
    parser = Parser(model, method=method) if methods else Parser(model)
    name = kind if model is None else f"{kind}:{Path(model).name}"
    described = {"crf": "the CRF model", "rules": "the rule-based parser",
                 "hybrid": "the CRF model with the rules' corrections", "auto": "Parser(method='auto')"}[kind]

    def predict(ref: GoldReference) -> Prediction:
        result = parser.parse(ref.text)
        spans = tuple((s.start, s.end, s.label) for s in result.spans)
        return Prediction(result.fields, spans)

    where = f" ({model})" if model else " (shipped model)" if method != "rules" else ""
    return System(name, predict, described + where)


def _jsonl_lines(path: str | Path, what: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line of a JSONL file; a missing file is a ValueError naming it."""
    try:
        handle = open(path, encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{what} not found: {path}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def read_predictions(path: str | Path) -> dict[str, Prediction]:
    """Read a predictions file: one JSON object per line, ``{"id": ..., "fields": {label: [strings]}}`` (an
    optional ``"spans": [[start, end, label], ...]`` gives offsets); errors name the file and line."""
    out: dict[str, Prediction] = {}
    for number, line in _jsonl_lines(path, "predictions file"):
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("fields"), dict):
            raise ValueError(f'{where}: expected {{"id": ..., "fields": {{label: [strings]}}}}')
        fields = {}
        for label, values in record["fields"].items():
            values = [values] if isinstance(values, str) else values
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"{where}: field {label!r} must be a list of strings")
            fields[str(label)] = values
        key = str(record["id"])
        if key in out:
            raise ValueError(f"{where}: id {key!r} appears twice")
        try:
            spans = tuple((int(s), int(e), str(l)) for s, e, l, *_ in record.get("spans") or ()) or None
        except (TypeError, ValueError):
            raise ValueError(f'{where}: "spans" must be a list of [start, end, label]') from None
        out[key] = Prediction(fields, spans)
    return out


def predictions_system(path: str | Path, gold: Sequence[GoldReference]) -> System:
    """A system that reads its answers from a predictions file, matched to ``gold`` by id (one line per gold
    reference: a missing or unknown id is an error that names a few of them)."""
    predictions = read_predictions(path)
    gold_ids = [g.id for g in gold]
    missing = [i for i in gold_ids if i not in predictions]
    extra = sorted(set(predictions) - set(gold_ids))
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"{len(missing)} gold id(s) have no prediction (e.g. {', '.join(map(repr, missing[:3]))})")
        if extra:
            problems.append(f"{len(extra)} prediction id(s) are not in the gold file (e.g. "
                            f"{', '.join(map(repr, extra[:3]))})")
        raise ValueError(f"predictions file {path} does not match the gold file: " + "; ".join(problems))

    def predict(ref: GoldReference) -> Prediction:
        found = predictions[ref.id]
        return found if found.spans is not None else Prediction(found.fields, locate_fields(ref.text, found.fields))

    return System(f"preds:{Path(path).name}", predict, f"predictions read from {path}")


def read_gold(path: str | Path, limit: int | None = None, harmonised: bool = False) -> list[GoldReference]:
    """Gold references from a JSONL file of the shared schema (standard library only; ids must be unique).

    The field scores compare the spans as the source gives them (as :func:`refparse.train.evaluate_model` does);
    with ``harmonised`` they are first brought to the training convention (:func:`refparse.data.harmonise`), which
    also splits AnyStyle's volume compounds ("12(3)") into volume and issue as the model predicts them.
    """
    from .data import example_from_record, harmonise

    gold: list[GoldReference] = []
    seen: set[str] = set()
    for number, line in _jsonl_lines(path, "gold file"):
        try:
            example = example_from_record(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}, line {number}: not a reference of the shared schema ({exc})") from None
        key = example.id or f"line-{number}"
        if harmonised:
            example = harmonise(example)
        if key in seen:
            raise ValueError(f"{path}, line {number}: id {key!r} appears twice")
        seen.add(key)
        gold.append(GoldReference(key, example.source, example.text, example.spans))
        if limit and len(gold) >= limit:
            break
    return gold


def gold_from_examples(examples: Iterable) -> list[GoldReference]:
    """:class:`refparse.data.Example` objects as gold references."""
    return [GoldReference(e.id, e.source, e.text, tuple(e.spans)) for e in examples]


# ---------------------------------------------------------------------------------------------------------------
# Scoring one reference, and adding results up
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class ReferenceResult:
    """Everything the metrics need about one reference under one system."""

    id: str
    source: str
    text: str
    gold: dict[str, list[str]]
    predicted: dict[str, list[str]]
    exact: dict[str, Counts]
    soft: dict[str, Counts]
    token_pairs: list[tuple[str, str]]
    persons: Counts
    author_list_correct: bool | None  # None: neither side names an author

    @property
    def field_errors(self) -> int:
        return sum(c.fp + c.fn for c in self.exact.values())

    @property
    def token_errors(self) -> int:
        return sum(g != p for g, p in self.token_pairs)

    @property
    def all_correct(self) -> bool:
        return self.field_errors == 0


def score_reference(ref: GoldReference, prediction: Prediction) -> ReferenceResult:
    """Compare one prediction with its gold reference."""
    gold, predicted = ref.fields, prediction.fields
    spans = prediction.spans if prediction.spans is not None else locate_fields(ref.text, predicted)
    gold_persons, predicted_persons = person_keys(gold.get("author", [])), person_keys(predicted.get("author", []))
    common = common_subsequence_length(gold_persons, predicted_persons)
    persons = Counts(common, len(predicted_persons) - common, len(gold_persons) - common)
    author_ok = gold_persons == predicted_persons if gold_persons or predicted_persons else None
    return ReferenceResult(ref.id, ref.source, ref.text, gold, predicted, compare(gold, predicted),
                           compare_soft(gold, predicted), token_label_pairs(ref.text, ref.spans, spans), persons,
                           author_ok)


def run_system(system: System, gold: Sequence[GoldReference]) -> list[ReferenceResult]:
    """Score ``system`` on every gold reference, in order."""
    return [score_reference(ref, system.predict(ref)) for ref in gold]


# A flat counter per reference makes sums, per-source subsets and bootstrap resamples the same operation.
Totals = dict[tuple[str, ...], float]


def reference_totals(result: ReferenceResult) -> Totals:
    totals: Totals = {("refs",): 1, ("all_correct",): int(result.all_correct)}
    for kind, counts in (("exact", result.exact), ("soft", result.soft)):
        for label, c in counts.items():
            totals[(kind, label, "tp")] = c.tp
            totals[(kind, label, "fp")] = c.fp
            totals[(kind, label, "fn")] = c.fn
    totals[("tokens", "total")] = len(result.token_pairs)
    totals[("tokens", "correct")] = len(result.token_pairs) - result.token_errors
    totals[("persons", "tp")], totals[("persons", "fp")], totals[("persons", "fn")] = (
        result.persons.tp, result.persons.fp, result.persons.fn)
    if result.author_list_correct is not None:
        totals[("author_lists",)] = 1
        totals[("author_lists", "correct")] = int(result.author_list_correct)
    return totals


def add_totals(items: Iterable[Totals]) -> Totals:
    out: Totals = {}
    for item in items:
        for k, v in item.items():
            out[k] = out.get(k, 0) + v
    return out


def _counts(totals: Mapping, kind: str, label: str) -> Counts:
    return Counts(*(int(totals.get((kind, label, part), 0)) for part in ("tp", "fp", "fn")))


def labels_in(totals: Mapping, kind: str = "exact") -> list[str]:
    """Labels seen in gold or predictions, in the order of :data:`LABELS` (others after)."""
    found = {k[1] for k, v in totals.items() if k[0] == kind and len(k) == 3 and v}
    return sorted(found, key=lambda l: (LABELS.index(l) if l in LABELS else len(LABELS), l))


def averages(totals: Mapping, kind: str) -> dict[str, float]:
    """Micro P/R/F1 over all labels and over the core four, macro P/R/F1 over the labels present, and the mean F1
    of the core four."""
    labels = labels_in(totals, kind)
    per = {label: _counts(totals, kind, label) for label in labels}
    micro, core = Counts(), Counts()
    for label, c in per.items():
        micro.add(c)
        if label in CORE_LABELS:
            core.add(c)
    n = len(per) or 1
    return {
        "micro_precision": micro.precision, "micro_recall": micro.recall, "micro_f1": micro.f1,
        "macro_precision": sum(c.precision for c in per.values()) / n,
        "macro_recall": sum(c.recall for c in per.values()) / n,
        "macro_f1": sum(c.f1 for c in per.values()) / n,
        "micro_f1_core": core.f1,
        "core4_mean_f1": sum(_counts(totals, kind, label).f1 for label in CORE_LABELS) / len(CORE_LABELS),
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def headline(totals: Mapping) -> dict[str, float]:
    """The numbers a reader compares first (all in [0, 1]); bootstrap intervals are given for each."""
    exact, soft = averages(totals, "exact"), averages(totals, "soft")
    persons = Counts(*(int(totals.get(("persons", part), 0)) for part in ("tp", "fp", "fn")))
    return {
        "exact_micro_f1": exact["micro_f1"],
        "exact_micro_f1_core": exact["micro_f1_core"],
        "exact_core4_mean_f1": exact["core4_mean_f1"],
        "exact_macro_f1": exact["macro_f1"],
        "soft_micro_f1": soft["micro_f1"],
        "soft_core4_mean_f1": soft["core4_mean_f1"],
        "token_accuracy": _ratio(totals.get(("tokens", "correct"), 0), totals.get(("tokens", "total"), 0)),
        "all_fields_correct": _ratio(totals.get(("all_correct",), 0), totals.get(("refs",), 0)),
        "person_f1": persons.f1,
        "author_lists_correct": _ratio(totals.get(("author_lists", "correct"), 0), totals.get(("author_lists",), 0)),
    }


def headline_of(results: Iterable[ReferenceResult]) -> dict[str, float]:
    """:func:`headline` of scored references taken together."""
    return headline(add_totals(reference_totals(r) for r in results))


#: Readable names of the headline numbers, in report order.
HEADLINE_NAMES: dict[str, str] = {
    "exact_micro_f1": "field F1, exact, micro (all fields)",
    "exact_micro_f1_core": "field F1, exact, micro (core 4)",
    "exact_core4_mean_f1": "field F1, exact, core-4 average",
    "exact_macro_f1": "field F1, exact, macro",
    "soft_micro_f1": "field F1, soft (ratio ≥ 0.9), micro",
    "soft_core4_mean_f1": "field F1, soft, core-4 average",
    "token_accuracy": "token accuracy (no punctuation)",
    "all_fields_correct": "references entirely correct",
    "person_f1": "author persons F1",
    "author_lists_correct": "author lists entirely correct",
}


def bootstrap(per_reference: Sequence[Totals], samples: int = 1000, seed: int = 0, level: float = 0.95
              ) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals of every :func:`headline` number, resampling references with replacement;
    the same ``seed`` always gives the same intervals."""
    import numpy as np  # only the harness needs it (it comes with scikit-learn)

    if not per_reference or samples <= 0:
        return {}
    keys = sorted({k for t in per_reference for k in t})
    matrix = np.array([[t.get(k, 0) for k in keys] for t in per_reference], dtype=float)
    rng = np.random.default_rng(seed)
    n = len(per_reference)
    values: dict[str, list[float]] = {}
    for _ in range(samples):
        weights = np.bincount(rng.integers(0, n, n), minlength=n)
        sums = dict(zip(keys, weights @ matrix))
        for name, value in headline(sums).items():
            values.setdefault(name, []).append(value)
    tail = (1 - level) / 2 * 100
    return {name: (float(np.percentile(v, tail)), float(np.percentile(v, 100 - tail))) for name, v in values.items()}


def per_label_table(totals: Mapping, kind: str) -> dict[str, dict[str, float]]:
    return {
        label: {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                "support": c.tp + c.fn, "predicted": c.tp + c.fp}
        for label in labels_in(totals, kind)
        for c in [_counts(totals, kind, label)]
    }


def confusion_matrix(results: Iterable[ReferenceResult]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> number of (non-punctuation) tokens."""
    counts = Counter(pair for r in results for pair in r.token_pairs)
    order = {l: i for i, l in enumerate(LABELS + (OUTSIDE,))}
    matrix: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(counts.items(), key=lambda kv: (order.get(kv[0][0], 99), order.get(kv[0][1], 99))):
        matrix.setdefault(g, {})[p] = n
    return matrix


def token_scores(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, float]]:
    """Per-label token precision/recall/F1 from the confusion matrix."""
    labels = sorted({l for g, row in matrix.items() for l in (g, *row)} - {OUTSIDE},
                    key=lambda l: LABELS.index(l) if l in LABELS else 99)
    out = {}
    for label in labels:
        tp = matrix.get(label, {}).get(label, 0)
        c = Counts(tp, sum(row.get(label, 0) for row in matrix.values()) - tp, sum(matrix.get(label, {}).values()) - tp)
        out[label] = {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                      "support": c.tp + c.fn}
    return out


def worst_references(results: Sequence[ReferenceResult], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` references with most field errors (then most token errors), gold and predicted side by side."""
    ranked = sorted(range(len(results)), key=lambda i: (-results[i].field_errors, -results[i].token_errors, i))
    out = []
    for i in ranked[:n]:
        r = results[i]
        if r.field_errors == 0 and r.token_errors == 0:
            break
        labels = sorted(set(r.gold) | set(r.predicted), key=lambda l: LABELS.index(l) if l in LABELS else 99)
        out.append({
            "id": r.id, "source": r.source, "text": r.text, "field_errors": r.field_errors,
            "token_errors": r.token_errors,
            "fields": {l: {"gold": r.gold.get(l, []), "predicted": r.predicted.get(l, []),
                           "match": r.exact.get(l, Counts()).fp + r.exact.get(l, Counts()).fn == 0} for l in labels},
        })
    return out


def _rounded(values: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def summarise(results: Sequence[ReferenceResult], samples: int = 1000, seed: int = 0, worst: int = 10
              ) -> dict[str, Any]:
    """The JSON-ready report of one system: headline numbers with bootstrap intervals, exact/soft/token tables,
    persons, per-source breakdown, confusion matrix and worst references."""
    per_reference = [reference_totals(r) for r in results]
    totals = add_totals(per_reference)
    intervals = bootstrap(per_reference, samples, seed)
    matrix = confusion_matrix(results)
    by_source: dict[str, list[Totals]] = {}
    for r, t in zip(results, per_reference):
        by_source.setdefault(r.source or "(none)", []).append(t)
    persons = Counts(*(int(totals.get(("persons", part), 0)) for part in ("tp", "fp", "fn")))
    return {
        "references": len(results),
        "headline": {name: {"value": round(value, 4),
                            **({"ci95": [round(x, 4) for x in intervals[name]]} if name in intervals else {})}
                     for name, value in headline(totals).items()},
        "exact": {**_rounded(averages(totals, "exact")), "per_label": per_label_table(totals, "exact")},
        "soft": {**_rounded(averages(totals, "soft")), "per_label": per_label_table(totals, "soft")},
        "tokens": {"accuracy": round(_ratio(totals.get(("tokens", "correct"), 0), totals.get(("tokens", "total"), 0)), 4),
                   "total": int(totals.get(("tokens", "total"), 0)), "per_label": token_scores(matrix)},
        "persons": {"precision": round(persons.precision, 4), "recall": round(persons.recall, 4),
                    "f1": round(persons.f1, 4), "gold_persons": persons.tp + persons.fn,
                    "author_lists": int(totals.get(("author_lists",), 0)),
                    "author_lists_correct": round(headline(totals)["author_lists_correct"], 4)},
        "by_source": {source: {"references": len(items), **_rounded(headline(add_totals(items)))}
                      for source, items in sorted(by_source.items())},
        "confusion": matrix,
        "worst": worst_references(results, worst),
    }


def evaluate_systems(gold: Sequence[GoldReference], systems: Sequence[System], samples: int = 1000, seed: int = 0,
                     worst: int = 10, skipped: Mapping[str, str] | None = None, gold_name: str = "") -> dict[str, Any]:
    """Score every system on the same gold references; the report of :func:`render_markdown` and the JSON file."""
    return {
        "gold": gold_name,
        "references": len(gold),
        "bootstrap": {"samples": samples, "seed": seed, "level": 0.95},
        "soft_threshold": SOFT_THRESHOLD,
        "systems": {s.name: {"description": s.description, **summarise(run_system(s, gold), samples, seed, worst)}
                    for s in systems},
        "skipped": dict(skipped or {}),
    }


def systems_from_specs(specs: Sequence[str], gold: Sequence[GoldReference]) -> tuple[list[System], dict[str, str]]:
    """Build the systems named in ``specs``; ones the installed parser cannot run are returned as skipped, with
    the reason (bad specifications and missing files are errors)."""
    systems, skipped = [], {}
    for spec in specs:
        try:
            systems.append(make_system(spec, gold))
        except SystemUnavailable as exc:
            skipped[spec] = str(exc)
    names = [s.name for s in systems]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"systems named twice: {', '.join(duplicates)}")
    return systems, skipped


# ---------------------------------------------------------------------------------------------------------------
# Cross-validation
# ---------------------------------------------------------------------------------------------------------------


#: A source file with more references than this is a collection gathered from many papers, not one document
#: (GROBID's citations.xml holds 2,674): its references are grouped one by one, like AnyStyle's.
COLLECTION_SIZE = 500


def document_key(reference_id: str) -> str:
    """The source document of a reference: GROBID ids "grobid-corpus/<file>/<n>" share "<file>"; anything else
    (AnyStyle's records come from one big file, with no document boundaries) is its own group."""
    parts = reference_id.split("/")
    if parts[0].startswith("grobid") and len(parts) >= 3:
        return "/".join(parts[:-1])
    return reference_id


def document_groups(ids: Sequence[str], collection_size: int = COLLECTION_SIZE) -> list[str]:
    """The group of each id for cross-validation: its :func:`document_key`, except that the references of a
    collection file (more than ``collection_size`` references) each form their own group."""
    keys = [document_key(i) for i in ids]
    sizes = Counter(keys)
    return [i if sizes[k] > collection_size else k for i, k in zip(ids, keys)]


def kfold_groups(ids: Sequence[str], k: int, seed: int = 0, collection_size: int = COLLECTION_SIZE) -> list[int]:
    """Fold number (0..k-1) of each id: whole documents go to one fold (see :func:`document_groups`); documents
    are shuffled with ``seed`` and dealt, largest first, to the fold with fewest references so far, which keeps
    the folds nearly equal in size."""
    if k < 2:
        raise ValueError(f"cross-validation needs k >= 2 folds, not {k}")
    groups: dict[str, list[int]] = {}
    for i, group in enumerate(document_groups(ids, collection_size)):
        groups.setdefault(group, []).append(i)
    if len(groups) < k:
        raise ValueError(f"{len(groups)} documents cannot be split into {k} folds")
    order = sorted(groups)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda g: -len(groups[g]))  # stable: equal sizes keep their shuffled order
    sizes = [0] * k
    folds = [0] * len(ids)
    for g in order:
        target = min(range(k), key=lambda f: (sizes[f], f))
        sizes[target] += len(groups[g])
        for i in groups[g]:
            folds[i] = target
    return folds


def cross_validate(examples: Sequence, k: int = 5, params: Mapping[str, Any] | None = None, seed: int = 0,
                   workdir: str | Path | None = None, samples: int = 1000, progress: Callable[[str], None] = print
                   ) -> dict[str, Any]:
    """Train on k-1 folds and score on the held-out one, k times (:func:`refparse.train.fit`); the report holds
    each fold's headline numbers, their mean and spread, and the pooled scores of all held-out predictions."""
    import statistics
    import tempfile
    import time

    from .train import fit

    params = dict(params or shipped_params())
    folds = kfold_groups([e.id for e in examples], k, seed)
    pooled: list[ReferenceResult] = []
    rows = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for fold in range(k):
            train = [e for e, f in zip(examples, folds) if f != fold]
            held_out = gold_from_examples(e for e, f in zip(examples, folds) if f == fold)
            model = Path(tmp) / f"fold{fold}.crfsuite"
            started = time.perf_counter()
            seconds = fit(train, model, params)
            system = System(f"fold{fold}", _tagger_predict(model))
            results = run_system(system, held_out)
            pooled.extend(results)
            numbers = _rounded(headline_of(results))
            rows.append({"fold": fold, "train": len(train), "test": len(held_out), "train_seconds": round(seconds, 1),
                         **numbers})
            progress(f"fold {fold + 1}/{k}: {len(train)} train, {len(held_out)} test, {seconds:.0f} s training, "
                     f"exact micro F1 {numbers['exact_micro_f1']:.4f} ({time.perf_counter() - started:.0f} s)")
    names = list(HEADLINE_NAMES)
    return {
        "k": k, "seed": seed, "params": params, "references": len(examples),
        "documents": len({document_key(e.id) for e in examples}),
        "groups": len(set(document_groups([e.id for e in examples]))),
        "collection_size": COLLECTION_SIZE,
        "folds": rows,
        "mean": {n: round(statistics.mean(r[n] for r in rows), 4) for n in names},
        "stdev": {n: round(statistics.stdev(r[n] for r in rows), 4) for n in names},
        "pooled": summarise(pooled, samples, seed, worst=10),
    }


def _tagger_predict(model_path: Path) -> Callable[[GoldReference], Prediction]:
    """The CRF alone on one model file, bypassing the model card check (fold models have no card)."""
    from .model import Model
    from .spans import tokens_to_spans
    from .tagger import CRFTagger

    tagger = CRFTagger(Model(model_path, model_path.read_bytes()))

    def predict(ref: GoldReference) -> Prediction:
        spans = tokens_to_spans(ref.text, tagger.tag_text(ref.text))
        fields: dict[str, list[str]] = {}
        for span in spans:
            fields.setdefault(span.label, []).append(span.text)
        return Prediction(fields, tuple((s.start, s.end, s.label) for s in spans))

    return predict


def shipped_params() -> dict[str, Any]:
    """The shipped model's training parameters (its card's "params"), else the trainer's defaults."""
    from .model import card_path, default_model_path
    from .train import DEFAULT_PARAMS

    params = dict(DEFAULT_PARAMS)
    try:
        params.update(json.loads(card_path(default_model_path()).read_text(encoding="utf-8")).get("params", {}))
    except (OSError, ValueError):
        pass
    return params


# ---------------------------------------------------------------------------------------------------------------
# Reports: Markdown, chart, README table
# ---------------------------------------------------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _with_interval(entry: Mapping[str, Any]) -> str:
    if "ci95" in entry:
        lo, hi = entry["ci95"]
        return f"{entry['value']:.3f} [{lo:.3f}, {hi:.3f}]"
    return f"{entry['value']:.3f}"


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _header(cells: Sequence[str], numeric_from: int = 1) -> list[str]:
    return [_row(cells), _row("---" if i < numeric_from else "---:" for i in range(len(cells)))]


def _all_labels(report: Mapping[str, Any], kind: str = "exact") -> list[str]:
    labels = {l for s in report["systems"].values() for l in s[kind]["per_label"]}
    return sorted(labels, key=lambda l: (LABELS.index(l) if l in LABELS else len(LABELS), l))


def _support(report: Mapping[str, Any], label: str) -> int:
    for s in report["systems"].values():
        if label in s["exact"]["per_label"]:
            return s["exact"]["per_label"][label]["support"]
    return 0


def render_headline(report: Mapping[str, Any]) -> str:
    """The headline table: one row per number, one column per system, with the bootstrap 95% interval."""
    names = list(report["systems"])
    lines = _header(["metric", *names])
    for key, title in HEADLINE_NAMES.items():
        lines.append(_row([title, *(_with_interval(report["systems"][n]["headline"][key]) for n in names)]))
    return "\n".join(lines)


def render_markdown(report: Mapping[str, Any]) -> str:
    """The whole report of :func:`evaluate_systems` as Markdown (readable as plain text too)."""
    systems = report["systems"]
    boot = report.get("bootstrap", {})
    out = [f"# Evaluation on {report.get('gold') or 'the gold file'} ({report['references']} references)", ""]
    if report.get("command"):
        out += [f"Regenerate with `{report['command']}`.", ""]
    out += [f"- **{name}**: {s['description']}" for name, s in systems.items()]
    out += [f"- *{spec} skipped*: {reason}" for spec, reason in report.get("skipped", {}).items()]
    out += ["", "## Headline numbers", "",
            f"Values with 95% bootstrap intervals ({boot.get('samples')} resamples of the references, seed "
            f"{boot.get('seed')}). Exact: equal after normalisation (case, punctuation, cue words at the edges, "
            f"dates by year). Soft: Ratcliff/Obershelp ratio ≥ {report.get('soft_threshold', SOFT_THRESHOLD)}.", "",
            render_headline(report), ""]
    out += ["## Per-field F1", "", "Exact / soft match, field level.", ""]
    out += _header(["field", "support", *(f"{n} exact" for n in systems), *(f"{n} soft" for n in systems)])
    for label in _all_labels(report):
        cells = [label, _support(report, label)]
        for kind in ("exact", "soft"):
            for s in systems.values():
                row = s[kind]["per_label"].get(label)
                cells.append(f"{row['f1']:.3f}" if row else "–")
        out.append(_row(cells))
    for kind in ("exact", "soft"):
        for avg in ("micro", "macro"):
            out.append(_row([f"**{avg}, {kind}**", "", *(
                (f"**{s[kind][avg + '_f1']:.3f}**" if k == kind else "") for k in ("exact", "soft")
                for s in systems.values())]))
    for name, s in systems.items():
        out += ["", f"## {name}: precision and recall per field", ""]
        out += _header(["field", "support", "predicted", "P", "R", "F1", "soft F1", "token F1"])
        for label, row in s["exact"]["per_label"].items():
            soft = s["soft"]["per_label"].get(label, {}).get("f1", 0.0)
            token = s["tokens"]["per_label"].get(label, {}).get("f1")
            out.append(_row([label, row["support"], row["predicted"], f"{row['precision']:.3f}",
                             f"{row['recall']:.3f}", f"{row['f1']:.3f}", f"{soft:.3f}",
                             "–" if token is None else f"{token:.3f}"]))
        e = s["exact"]
        out.append(_row(["**micro**", "", "", f"{e['micro_precision']:.3f}", f"{e['micro_recall']:.3f}",
                         f"**{e['micro_f1']:.3f}**", f"{s['soft']['micro_f1']:.3f}", ""]))
        out.append(_row(["**macro**", "", "", f"{e['macro_precision']:.3f}", f"{e['macro_recall']:.3f}",
                         f"**{e['macro_f1']:.3f}**", f"{s['soft']['macro_f1']:.3f}", ""]))
    out += ["", "## Authors, person by person", "",
            "Each author field is split into persons (refparse.normalizers.names); a person matches on family name "
            "(lowercased, accents stripped) and first initial, in order (longest common subsequence).", ""]
    out += _header(["system", "gold persons", "P", "R", "F1", "author lists entirely correct"])
    for name, s in systems.items():
        p = s["persons"]
        out.append(_row([name, p["gold_persons"], f"{p['precision']:.3f}", f"{p['recall']:.3f}", f"{p['f1']:.3f}",
                         f"{p['author_lists_correct']:.3f} of {p['author_lists']}"]))
    out += ["", "## By source", ""]
    out += _header(["source", "references", *(f"{n} exact micro F1" for n in systems),
                    *(f"{n} token acc." for n in systems), *(f"{n} all correct" for n in systems)], 1)
    sources = sorted({src for s in systems.values() for src in s["by_source"]})
    for src in sources:
        rows = [s["by_source"].get(src, {}) for s in systems.values()]
        refs = next((r["references"] for r in rows if r), 0)
        out.append(_row([src, refs, *(f"{r.get('exact_micro_f1', 0):.3f}" for r in rows),
                         *(f"{r.get('token_accuracy', 0):.3f}" for r in rows),
                         *(f"{r.get('all_fields_correct', 0):.3f}" for r in rows)]))
    for name, s in systems.items():
        out += ["", f"## {name}: token confusions", "", render_confusions(s["confusion"]), "",
                "<details><summary>Full token confusion matrix (rows gold, columns predicted)</summary>", "",
                render_confusion_matrix(s["confusion"]), "", "</details>"]
    for name, s in systems.items():
        out += ["", f"## {name}: worst references", ""]
        out += render_worst(s["worst"]) or ["No reference has an error."]
    return "\n".join(out) + "\n"


def render_confusions(matrix: Mapping[str, Mapping[str, int]], top: int = 15) -> str:
    """The most frequent token confusions (gold -> predicted) as a table."""
    pairs = sorted(((n, g, p) for g, row in matrix.items() for p, n in row.items() if g != p), reverse=True)[:top]
    if not pairs:
        return "No token is mislabelled."
    totals = {g: sum(row.values()) for g, row in matrix.items()}
    lines = _header(["gold", "predicted", "tokens", "share of gold label"], 2)
    lines += [_row([g, p, n, f"{n / totals[g]:.1%}"]) for n, g, p in pairs]
    return "\n".join(lines)


def render_confusion_matrix(matrix: Mapping[str, Mapping[str, int]]) -> str:
    order = {l: i for i, l in enumerate(LABELS + (OUTSIDE,))}
    labels = sorted({l for g, row in matrix.items() for l in (g, *row)}, key=lambda l: order.get(l, 99))
    lines = _header(["gold \\ predicted", *labels])
    for g in labels:
        row = matrix.get(g, {})
        lines.append(_row([g, *(row.get(p, 0) or "·" for p in labels)]))
    return "\n".join(lines)


def render_worst(worst: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for n, item in enumerate(worst, 1):
        out += [f"{n}. `{item['id']}` ({item['field_errors']} field errors, {item['token_errors']} token errors)", "",
                f"   > {_cell(item['text'])}", ""]
        out += ["   " + line for line in _header(["field", "gold", "predicted", ""], 3)]
        for label, f in item["fields"].items():
            out.append("   " + _row([label, _cell(" ‖ ".join(f["gold"])) or "–",
                                     _cell(" ‖ ".join(f["predicted"])) or "–", "" if f["match"] else "✗"]))
        out.append("")
    return out


def accuracy_table(report: Mapping[str, Any], command: str = "", chart: str | None = None) -> str:
    """The README's accuracy table: exact-match F1 per field and the headline numbers, systems side by side."""
    systems = report["systems"]
    names = list(systems)
    out = [f"<!-- generated by `{command or 'refparse evaluate'}`; do not edit by hand -->", ""]
    out += _header(["field", "support", *names])
    for label in _all_labels(report):
        out.append(_row([label, _support(report, label),
                         *(f"{s['exact']['per_label'][label]['f1']:.3f}" if label in s["exact"]["per_label"] else "–"
                           for s in systems.values())]))
    for key in ("exact_micro_f1", "exact_micro_f1_core", "exact_core4_mean_f1", "soft_micro_f1", "token_accuracy",
                "all_fields_correct", "person_f1"):
        out.append(_row([f"**{HEADLINE_NAMES[key]}**", "", *(_with_interval(systems[n]["headline"][key])
                                                                for n in names)]))
    boot = report.get("bootstrap", {})
    out += ["", f"Field-level F1 on {report.get('gold') or 'the gold file'} ({report['references']} references), "
            f"exact match after normalisation; brackets: 95% bootstrap interval ({boot.get('samples')} resamples). "
            + (f"Regenerate with `{command}`." if command else "")]
    if chart:
        out += ["", f"![per-field F1]({chart})"]
    return "\n".join(out) + "\n"


def plot_f1(report: Mapping[str, Any], path: str | Path, kind: str = "exact") -> Path:
    """A PNG bar chart of per-field F1, one bar per system (matplotlib, Agg backend, imported only here)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = _all_labels(report, kind)
    names = list(report["systems"])
    height = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(labels) * max(len(names), 1) ** 0.5 + 1.5))
    for i, name in enumerate(names):
        per = report["systems"][name][kind]["per_label"]
        ax.barh([j + i * height for j in range(len(labels))], [per.get(l, {}).get("f1", 0.0) for l in labels],
                height=height, label=name)
    ax.set_yticks([j + height * (len(names) - 1) / 2 for j in range(len(labels))])
    ax.set_yticklabels([f"{l} ({_support(report, l)})" for l in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"F1 ({kind} match after normalisation)")
    ax.set_title(f"Per-field F1 on {report.get('gold') or 'gold'} ({report['references']} references)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def render_cv_headline(report: Mapping[str, Any]) -> str:
    lines = _header(["metric", "mean of folds", "stdev", "pooled [95% interval]"])
    for key, title in HEADLINE_NAMES.items():
        lines.append(_row([title, f"{report['mean'][key]:.3f}", f"{report['stdev'][key]:.3f}",
                           _with_interval(report["pooled"]["headline"][key])]))
    return "\n".join(lines)


def render_cv_markdown(report: Mapping[str, Any]) -> str:
    """The cross-validation report of :func:`cross_validate` as Markdown."""
    pooled = report["pooled"]
    out = [f"# {report['k']}-fold cross-validation on {report.get('corpus', 'the corpus')}", "",
           f"{report['references']} references from {report['documents']} source files; folds grouped by "
           f"document (a GROBID file stays in one fold; each AnyStyle record, and each record of a GROBID "
           f"file of more than {report.get('collection_size', COLLECTION_SIZE)} references -- a collection "
           f"gathered from many papers -- is its own group), seed {report['seed']}; CRF parameters "
           f"{report['params']}; the CRF alone (no rule corrections).", ""]
    if report.get("command"):
        out += [f"Regenerate with `{report['command']}`.", ""]
    out += ["## Headline numbers", "", render_cv_headline(report), "", "## Folds", ""]
    keys = ["exact_micro_f1", "exact_core4_mean_f1", "soft_micro_f1", "token_accuracy", "all_fields_correct"]
    out += _header(["fold", "train", "test", "training s", *(HEADLINE_NAMES[k] for k in keys)])
    for row in report["folds"]:
        out.append(_row([row["fold"], row["train"], row["test"], row["train_seconds"],
                         *(f"{row[k]:.3f}" for k in keys)]))
    out += ["", "## Per-field F1 (pooled held-out predictions)", ""]
    out += _header(["field", "support", "P", "R", "F1", "soft F1"])
    for label, row in pooled["exact"]["per_label"].items():
        soft = pooled["soft"]["per_label"].get(label, {}).get("f1", 0.0)
        out.append(_row([label, row["support"], f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                         f"{row['f1']:.3f}", f"{soft:.3f}"]))
    out += ["", "## By source (pooled)", ""]
    out += _header(["source", "references", "exact micro F1", "core-4 average", "token acc.", "all correct"])
    for src, row in pooled["by_source"].items():
        out.append(_row([src, row["references"], f"{row['exact_micro_f1']:.3f}", f"{row['exact_core4_mean_f1']:.3f}",
                         f"{row['token_accuracy']:.3f}", f"{row['all_fields_correct']:.3f}"]))
    out += ["", "## Token confusions (pooled)", "", render_confusions(pooled["confusion"])]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Explaining one parse
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureWeight:
    """One active feature of a token and its state weight for the token's label (positive: pulls towards it)."""

    attribute: str
    weight: float


@dataclass(frozen=True)
class TokenExplanation:
    """Why the CRF gave a token its label: the marginal, the runner-up label and the heaviest features."""

    text: str
    start: int
    end: int
    label: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float
    features: tuple[FeatureWeight, ...]


@lru_cache(maxsize=4)
def _state_weights(path: str, size: int, mtime: float) -> dict[str, dict[str, float]]:
    """attribute -> label -> weight of a model's state features; read once per model file (keyed on its size and
    modification time, so a retrained model is read again).

    The weights come from crfsuite's text dump. pycrfsuite's own ``Tagger.info()`` parser rejects some of our
    attributes, and dumping a model opened in memory crashes, so the file is opened by path and the dump read here.
    """
    import os
    import tempfile

    import pycrfsuite

    from .model import load_model

    load_model(path)  # checks the file first: crfsuite crashes on a damaged header instead of raising
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "model.txt")
        tagger.dump(dump)
        with open(dump, encoding="utf-8", errors="replace") as handle:
            return parse_state_features(handle)


def parse_state_features(lines: Iterable[str]) -> dict[str, dict[str, float]]:
    """Read the STATE_FEATURES block of a crfsuite dump: lines ``  (n) ATTRIBUTE --> LABEL: WEIGHT``."""
    table: dict[str, dict[str, float]] = {}
    inside = False
    for line in lines:
        if not line.startswith(" "):
            inside = line.startswith("STATE_FEATURES")
            continue
        if not inside or ") " not in line:
            continue
        body, _, weight = line.strip().partition(") ")[2].rpartition(": ")
        attribute, _, label = body.rpartition(" --> ")
        if attribute:
            table.setdefault(attribute, {})[label] = float(weight)
    return table


def state_weights(model_path: str | Path) -> dict[str, dict[str, float]]:
    """The cached state-feature weight table of the model at ``model_path``."""
    path = Path(model_path).resolve()
    stat = path.stat()
    return _state_weights(str(path), stat.st_size, stat.st_mtime)


def explain(text: str, model: str | Path | None = None, top: int = 5) -> list[TokenExplanation]:
    """Each token of ``text`` with its CRF label, confidence (marginal), runner-up label and the ``top`` features
    with the largest weights (by absolute value) for that label."""
    from .features import sequence_features
    from .model import default_model_path, load_model
    from .parser import MAX_REFERENCE_CHARS, check_text
    from .prepare import crfsuite_safe
    from .tokenize import tokenize

    text = check_text(text)[:MAX_REFERENCE_CHARS]
    path = Path(model) if model is not None else default_model_path()
    opened = load_model(path)  # a clear ModelError for a missing or broken model
    tagger = opened.tagger()  # reads opened.data in place: keep ``opened`` alive while tagging
    weights = state_weights(path)
    safe = crfsuite_safe(text)  # the same masking as parsing: offsets stay the same
    tokens = tokenize(safe)
    if not tokens:
        return []
    features = sequence_features(tokens)
    labels = tagger.tag(features)  # also leaves the sequence set for marginal()
    all_labels = list(tagger.labels())
    out = []
    for i, (token, label) in enumerate(zip(tokens, labels)):
        marginals = sorted(((tagger.marginal(l, i), l) for l in all_labels), reverse=True)
        runner = next(((p, l) for p, l in marginals if l != label), (0.0, None))
        active = [FeatureWeight(a, weights[a][label]) for a in features[i] if label in weights.get(a, {})]
        active.sort(key=lambda f: (-abs(f.weight), f.attribute))
        out.append(TokenExplanation(text[token.start:token.end], token.start, token.end, label,
                                    round(tagger.marginal(label, i), 4), runner[1], round(runner[0], 4),
                                    tuple(active[:top])))
    del opened
    return out


def format_explanation(explanations: Sequence[TokenExplanation]) -> str:
    """A readable table: token, label, confidence, runner-up, top features with their weights."""
    width = min(max((len(e.text) for e in explanations), default=5), 24)
    lines = [f"{'token':<{width}}  {'label':<16} {'conf':>5}  {'runner-up':<22} top features (weight for the label)"]
    for e in explanations:
        runner = f"{e.runner_up} {e.runner_up_confidence:.2f}" if e.runner_up else ""
        feats = ", ".join(f"{f.attribute} {f.weight:+.2f}" for f in e.features)
        shown = e.text if len(e.text) <= width else e.text[: width - 1] + "…"
        lines.append(f"{shown:<{width}}  {e.label:<16} {e.confidence:5.2f}  {runner:<22} {feats}")
    return "\n".join(lines)
