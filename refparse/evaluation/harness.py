"""The evaluation harness behind ``refparse evaluate`` and ``training/evaluate.py``: gold and prediction reading,
the systems under test, scoring each reference, and adding the results up.

A system (a model, the rule-based parser, a predictions file) is a :class:`System`; every system is scored on
the same gold references. Per reference the harness counts exact and soft field matches
(:mod:`refparse.evaluation.metrics`), token labels (each token of :func:`refparse.tokenize.tokenize` gets a gold
label from the harmonised gold spans and a predicted label from the harmonised predicted spans;
punctuation-only tokens are ignored) and author persons. The results add up to headline numbers with bootstrap
confidence intervals, per-label tables, a per-source breakdown, a token confusion matrix and the worst
references: the JSON report that :mod:`refparse.evaluation.reports` renders.
"""

from __future__ import annotations

import inspect
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import Example, corpus_part, example_from_record, harmonise, in_part, token_labels
from ..labels import CORE_LABELS, LABELS, OUTSIDE
from .metrics import SOFT_THRESHOLD, Counts, Fields, FieldScores, compare, compare_soft, label_order

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
    from ..normalizers.names import parse_names

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
    from .. import parser as parser_module

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
    from ..model import load_model
    from ..parser import Parser

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
    """Gold references from a JSONL file of the shared schema, or one half of it (``file#held-out``:
    :func:`refparse.corpus.corpus_part`), standard library only; ids must be unique.

    The field scores compare the spans as the source gives them (as
    :func:`refparse.training.train.evaluate_model` does); with ``harmonised`` they are first brought to the
    training convention (:func:`refparse.corpus.harmonise`), which also splits AnyStyle's volume compounds
    ("12(3)") into volume and issue as the model predicts them.
    """
    path, part = corpus_part(path)
    if _is_markup(path):
        return _gold_from_markup(path, part, limit, harmonised)
    gold: list[GoldReference] = []
    seen: set[str] = set()
    for number, line in _jsonl_lines(path, "gold file"):
        try:
            example = example_from_record(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}, line {number}: not a reference of the shared schema ({exc})") from None
        key = example.id or f"line-{number}"
        if not in_part(key, part):
            continue
        if harmonised:
            example = harmonise(example)
        if key in seen:
            raise ValueError(f"{path}, line {number}: id {key!r} appears twice")
        seen.add(key)
        gold.append(GoldReference(key, example.source, example.text, example.spans))
        if limit and len(gold) >= limit:
            break
    return gold


def _is_markup(path: str | Path) -> bool:
    """Whether a gold file is XML (refparse's markup, AnyStyle's, GROBID's TEI) rather than JSON Lines."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read(200).lstrip("\ufeff \t\r\n").startswith("<")
    except (FileNotFoundError, UnicodeDecodeError):
        return False  # the JSONL reader names the problem


def _gold_from_markup(path: str | Path, part: str | None, limit: int | None, harmonised: bool
                      ) -> list[GoldReference]:
    from ..corpus import read_labelled_examples

    examples = [e for e in read_labelled_examples(path) if in_part(e.id, part)][: limit or None]
    return gold_from_examples(harmonise(e) if harmonised else e for e in examples)


def gold_from_examples(examples: Iterable) -> list[GoldReference]:
    """:class:`refparse.corpus.Example` objects as gold references."""
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
    persons = Counts.of(common, len(predicted_persons), len(gold_persons))
    author_ok = gold_persons == predicted_persons if gold_persons or predicted_persons else None
    return ReferenceResult(ref.id, ref.source, ref.text, gold, predicted, compare(gold, predicted),
                           compare_soft(gold, predicted), token_label_pairs(ref.text, ref.spans, spans), persons,
                           author_ok)


def run_system(system: System, gold: Sequence[GoldReference]) -> list[ReferenceResult]:
    """Score ``system`` on every gold reference, in order."""
    return [score_reference(ref, system.predict(ref)) for ref in gold]


# The Counts of one reference flattened into one counter (("exact", label, "tp") -> n, ...), so that sums,
# per-source subsets and bootstrap resamples are the same operation; read back as Counts and FieldScores.
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


def _counts(totals: Mapping, *key: str) -> Counts:
    return Counts(*(int(totals.get((*key, part), 0)) for part in ("tp", "fp", "fn")))


def labels_in(totals: Mapping, kind: str = "exact") -> list[str]:
    """Labels seen in gold or predictions, in the order of :data:`LABELS` (others after)."""
    found = {k[1] for k, v in totals.items() if k[0] == kind and len(k) == 3 and v}
    return sorted(found, key=label_order)


def field_scores(totals: Mapping, kind: str = "exact") -> FieldScores:
    """The field counts of one kind ("exact" or "soft") in ``totals``, per label in :func:`labels_in` order."""
    return FieldScores({label: _counts(totals, kind, label) for label in labels_in(totals, kind)},
                       int(totals.get(("refs",), 0)), int(totals.get(("all_correct",), 0)))


def averages(totals: Mapping, kind: str) -> dict[str, float]:
    """Micro P/R/F1 over all labels and over the core four, macro P/R/F1 over the labels present, and the mean F1
    of the core four."""
    scores = field_scores(totals, kind)
    micro = scores.micro()
    return {
        "micro_precision": micro.precision, "micro_recall": micro.recall, "micro_f1": micro.f1,
        "macro_precision": scores.macro("precision"), "macro_recall": scores.macro("recall"),
        "macro_f1": scores.macro("f1"),
        "micro_f1_core": scores.micro(CORE_LABELS).f1,
        "core4_mean_f1": scores.mean_f1(CORE_LABELS),
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def headline(totals: Mapping) -> dict[str, float]:
    """The numbers a reader compares first (all in [0, 1]); bootstrap intervals are given for each."""
    exact, soft = averages(totals, "exact"), averages(totals, "soft")
    persons = _counts(totals, "persons")
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
    return {label: {**c.row(), "predicted": c.predicted} for label, c in field_scores(totals, kind).per_label.items()}


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
    labels = sorted({l for g, row in matrix.items() for l in (g, *row)} - {OUTSIDE}, key=label_order)
    out = {}
    for label in labels:
        c = Counts.of(matrix.get(label, {}).get(label, 0), sum(row.get(label, 0) for row in matrix.values()),
                      sum(matrix.get(label, {}).values()))
        out[label] = c.row()
    return out


def worst_references(results: Sequence[ReferenceResult], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` references with most field errors (then most token errors), gold and predicted side by side."""
    ranked = sorted(range(len(results)), key=lambda i: (-results[i].field_errors, -results[i].token_errors, i))
    out = []
    for i in ranked[:n]:
        r = results[i]
        if r.field_errors == 0 and r.token_errors == 0:
            break
        labels = sorted(set(r.gold) | set(r.predicted), key=label_order)
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
    persons = _counts(totals, "persons")
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
                    "f1": round(persons.f1, 4), "gold_persons": persons.support,
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
