#!/usr/bin/env python3
"""How far the parser's confidences can be trusted (issue 22, the measurement before any calibration).

For every field the parser (method ``auto``) writes on dev and every ``extra/`` set, its stated confidence
(``Span.confidence``, the lowest token marginal inside it) against whether it is right (its normalised value is
one of the gold values of its label, matched as the scorer matches them, each gold value used once). Prints, per
set, a reliability table in ten confidence bins, the expected calibration error (ECE: the bins' mean gap between
stated confidence and observed accuracy, weighted by their size), and what flagging the records whose least
confident field is below a threshold would catch: the share of records flagged against the share of the records
with at least one wrong field among them.

    python training/reliability.py                       # all sets, Markdown on stdout
    python training/reliability.py --output reports/reliability.md
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import resolve_data_dir  # noqa: E402
from refparse.evaluation.metrics import comparable, normalise_value  # noqa: E402
from refparse.parser import Parser  # noqa: E402

SETS = {"dev": "parse/dev.jsonl", "AnyStyle good": "parse/extra/anystyle-good.jsonl",
        "AnyStyle bad": "parse/extra/anystyle-bad.jsonl", "AnyStyle ugly": "parse/extra/anystyle-ugly.jsonl",
        "EXCITE": "parse/extra/excite.jsonl", "ParsCit": "parse/extra/parscit.jsonl"}
BINS = 10
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class Judged:
    """One predicted field: its label, its stated confidence and whether it is right."""

    label: str
    confidence: float
    right: bool


def judge(parser: Parser, text: str, gold_fields: dict[str, list[str]]) -> list[Judged]:
    """Every field the parser writes for ``text``, judged against the gold fields."""
    gold = comparable(gold_fields)
    out = []
    for span in parser.parse(text).spans:
        value = normalise_value(span.label, span.text)
        bag = gold.get(span.label, Counter())
        right = bag[value] > 0
        if right:
            bag[value] -= 1
        out.append(Judged(span.label, span.confidence, right))
    return out


def gold_fields_of(row: dict) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for start, end, label, *_ in row["spans"]:
        fields.setdefault(label, []).append(row["text"][start:end])
    return fields


def reliability(judged: list[Judged]) -> tuple[list[tuple[str, int, float, float]], float]:
    """Rows (bin, fields, mean confidence, accuracy) and the expected calibration error."""
    bins: list[list[Judged]] = [[] for _ in range(BINS)]
    for j in judged:
        bins[min(BINS - 1, int(j.confidence * BINS))].append(j)
    rows, ece = [], 0.0
    for i, members in enumerate(bins):
        if not members:
            continue
        confidence = sum(j.confidence for j in members) / len(members)
        accuracy = sum(j.right for j in members) / len(members)
        ece += len(members) / len(judged) * abs(confidence - accuracy)
        rows.append((f"{i / BINS:.1f}-{(i + 1) / BINS:.1f}", len(members), confidence, accuracy))
    return rows, ece


def review_rates(records: list[list[Judged]]) -> list[tuple[float, float, float]]:
    """(threshold, share of records flagged, share of wrong records flagged) for each of THRESHOLDS."""
    wrong = [any(not j.right for j in r) for r in records]
    least = [min((j.confidence for j in r), default=1.0) for r in records]
    out = []
    for t in THRESHOLDS:
        flagged = [c < t for c in least]
        caught = sum(f and w for f, w in zip(flagged, wrong))
        out.append((t, sum(flagged) / len(records), caught / max(1, sum(wrong))))
    return out


def report(name: str, records: list[list[Judged]]) -> list[str]:
    judged = [j for r in records for j in r]
    rows, ece = reliability(judged)
    lines = [f"## {name}", "", f"{len(records):,} references, {len(judged):,} fields; accuracy "
             f"{sum(j.right for j in judged) / len(judged):.3f}; **ECE {ece:.3f}**", "",
             "| stated confidence | fields | mean confidence | observed accuracy |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {b} | {n:,} | {c:.3f} | {a:.3f} |" for b, n, c, a in rows]
    lines += ["", "| flag a record if a field is below | records flagged | wrong records caught |",
              "| ---: | ---: | ---: |"]
    lines += [f"| {t:.2f} | {f:.1%} | {c:.1%} |" for t, f, c in review_rates(records)]
    return lines + [""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--output", help="also write the Markdown here")
    args = ap.parse_args()
    data_dir = resolve_data_dir(args.data_dir)
    parser = Parser()
    lines = ["# Reliability of the parser's confidences (method auto, before calibration)", "",
             "Made with `python training/reliability.py`. A field is right when its normalised value is one of the "
             "gold values of its label (as the scorer matches them).", ""]
    for name, path in SETS.items():
        with (data_dir / path).open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        lines += report(name, [judge(parser, row["text"], gold_fields_of(row)) for row in rows])
    text = "\n".join(lines)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
