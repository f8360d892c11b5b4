"""What counts as a match, and the one precision/recall/F1 type.

* **Exact match** after :func:`normalise_value`: Unicode NFKC, lowercase, punctuation to spaces, whitespace
  collapsed, and the cue words "In", "pp.", "Vol.", "No." and "(eds.)" dropped at either edge; a date is compared
  by its year when it has one. Fields are compared as multisets per reference and label (:func:`compare`).
* **Soft match**: the same normalised strings match when their Ratcliff/Obershelp ratio (:mod:`difflib`) is at
  least :data:`SOFT_THRESHOLD`, as GROBID reports it; pairs are matched greedily one-to-one per label
  (:func:`compare_soft`).
* **Reference boundaries** (the splitter): a predicted reference matches a gold one when both ends agree after
  trimming whitespace and punctuation (:func:`boundary_score`).

Every score is a :class:`Counts` (true positives, false positives, false negatives, and the precision, recall
and F1 they give); :class:`FieldScores` adds counts up per label, with micro and macro averages. The harness,
the model card's dev scores, the splitter's scores and the tests all use these two types.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..labels import CORE_LABELS, LABELS
from ..patterns import YEAR_ALONE

_YEAR = YEAR_ALONE
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
    """True positives, false positives and false negatives of one label (or of any set of comparisons)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, matched: int, predicted: int, gold: int) -> Counts:
        """The counts of ``matched`` hits among ``predicted`` items against ``gold`` items."""
        return cls(matched, predicted - matched, gold - matched)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def support(self) -> int:
        """The number of gold items."""
        return self.tp + self.fn

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

    def row(self) -> dict[str, float]:
        """Precision, recall and F1 (4 decimals) and support: one row of a per-label table."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "support": self.support}


def label_order(label: str) -> tuple[int, str]:
    """Sort key of labels: the order of :data:`refparse.labels.LABELS`, others after."""
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


@dataclass
class FieldScores:
    """:class:`Counts` per label over a set of references, with micro and macro averages over any label subset."""

    per_label: dict[str, Counts] = field(default_factory=dict)
    references: int = 0
    all_correct: int = 0

    def micro(self, labels: Iterable[str] | None = None) -> Counts:
        """The counts of ``labels`` (default: all) added up."""
        total = Counts()
        for label in labels if labels is not None else self.per_label:
            total.add(self.per_label.get(label, Counts()))
        return total

    def macro(self, metric: str = "f1", labels: Iterable[str] | None = None) -> float:
        """The mean of ``metric`` ("precision", "recall" or "f1") over the labels present (of ``labels``)."""
        chosen = [l for l in (labels or self.per_label) if l in self.per_label]
        return sum(getattr(self.per_label[l], metric) for l in chosen) / len(chosen) if chosen else 0.0

    def macro_f1(self, labels: Iterable[str] | None = None) -> float:
        return self.macro("f1", labels)

    def mean_f1(self, labels: Sequence[str]) -> float:
        """The mean F1 of ``labels``, a label absent from the data counting as 0 (the core-4 average)."""
        return sum(self.per_label.get(l, Counts()).f1 for l in labels) / len(labels)

    def summary(self) -> dict:
        """The JSON form of the model card's ``dev_scores``."""
        return {
            "references": self.references,
            "micro_f1_core": round(self.micro(CORE_LABELS).f1, 4),
            "micro_f1_all": round(self.micro().f1, 4),
            "macro_f1_all": round(self.macro_f1(), 4),
            "all_fields_correct": round(self.all_correct / self.references, 4) if self.references else 0.0,
            "per_label": {label: self.per_label[label].row() for label in sorted(self.per_label, key=label_order)},
        }


def compare(gold: Fields, predicted: Fields) -> dict[str, Counts]:
    """Per-label counts for one reference."""
    g, p = comparable(gold), comparable(predicted)
    out = {}
    for label in set(g) | set(p):
        gb, pb = g.get(label, Counter()), p.get(label, Counter())
        out[label] = Counts.of(sum((gb & pb).values()), sum(pb.values()), sum(gb.values()))
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
    return Counts.of(len(used_gold), len(predicted), len(gold))


def compare_soft(gold: Fields, predicted: Fields, threshold: float = SOFT_THRESHOLD) -> dict[str, Counts]:
    """Per-label soft-match counts for one reference."""
    g, p = comparable(gold), comparable(predicted)
    return {
        label: soft_counts(list(g.get(label, Counter()).elements()), list(p.get(label, Counter()).elements()),
                           threshold)
        for label in set(g) | set(p)
    }


# ---------------------------------------------------------------------------------------------------------------
# Reference boundaries (the splitter)
# ---------------------------------------------------------------------------------------------------------------

_EDGE = re.compile(r"[\W_]")


def normalised_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` with whitespace and punctuation trimmed from both ends (for lenient boundary matching)."""
    while start < end and _EDGE.match(text[start]):
        start += 1
    while end > start and _EDGE.match(text[end - 1]):
        end -= 1
    return start, end


def boundary_score(sections: Iterable[tuple[str, Sequence[tuple[int, int]], Sequence[tuple[int, int]]]]) -> Counts:
    """Score (text, gold spans, predicted spans) triples: a prediction counts when both of its ends match a gold
    reference's after trimming whitespace and punctuation."""
    total = Counts()
    for text, gold_spans, predicted_spans in sections:
        wanted = {normalised_span(text, s, e) for s, e in gold_spans}
        found = {normalised_span(text, s, e) for s, e in predicted_spans}
        total.add(Counts.of(len(wanted & found), len(found), len(wanted)))
    return total
