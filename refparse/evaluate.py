"""Scoring a parser against gold data: field-level exact match, per label and micro-averaged.

Fields are compared as multisets per reference and label, after :func:`normalise_value`: Unicode NFKC,
lowercase, punctuation to spaces, whitespace collapsed, and the cue words "In", "pp.", "Vol.", "No." and
"(eds.)" dropped at either edge; a date is compared by its year when it has one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .labels import CORE_LABELS, LABELS

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
