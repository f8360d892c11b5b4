#!/usr/bin/env python3
"""Calibrate the parser's confidences on dev and report how far they can be trusted (issue 22).

Parses dev with the model's raw confidences (method auto), fits :class:`refparse.calibration.Calibration` on
it, writes it into the model card under "calibration" (with the review threshold), and writes
reports/reliability.md: for dev (cross-fitted: each record calibrated by a fit on the other four fifths) and
every extra set, the expected calibration error before and after, reliability tables, and what
``Reference.needs_review`` flags and catches.

    python training/calibrate.py                       # fit, write the card and the report
    python training/calibrate.py --no-write-card       # the report only
    python training/calibrate.py --model my.crfsuite   # another model (its card beside it)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.calibration import DEFAULT_REVIEW_BELOW, RECORD_TERMS  # noqa: E402
from refparse.corpus import read_jsonl_plain, resolve_data_dir  # noqa: E402
from refparse.evaluation.sets import EVALUATION_SETS  # noqa: E402
from refparse.model import card_path, default_model_path  # noqa: E402
from refparse.parser import Parser  # noqa: E402
from refparse.training.calibrate import (  # noqa: E402
    calibrate_model,
    calibrated,
    cross_fitted,
    fit,
    judge_examples,
    reliability,
    review_rate,
)

FIT_SET = "dev"
SETS = {s.name: s.path for s in EVALUATION_SETS}
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
REPORT = ROOT / "reports" / "reliability.md"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", help="the shared corpora (default: ../shared/data)")
    ap.add_argument("--model", help="the model to calibrate (default: the shipped model)")
    ap.add_argument("--review-below", type=float, default=DEFAULT_REVIEW_BELOW,
                    help=f"the card's needs_review threshold (default {DEFAULT_REVIEW_BELOW})")
    ap.add_argument("--no-write-card", action="store_true", help="only write the report")
    ap.add_argument("--output", default=str(REPORT), help=f"the report (default {REPORT.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    model = Path(args.model) if args.model else default_model_path()
    raw_parser = Parser(model, calibrate=False)
    judged = {name: judge_examples(raw_parser, read_jsonl_plain(data_dir / path)) for name, path in SETS.items()
              if name != FIT_SET}
    fit_examples = read_jsonl_plain(data_dir / SETS[FIT_SET])
    if args.no_write_card:
        dev = judge_examples(raw_parser, fit_examples)
        calibration = fit(dev, args.review_below, SETS[FIT_SET])
    else:
        calibration, dev = calibrate_model(model, fit_examples, args.review_below, SETS[FIT_SET])
        print(f"wrote the calibration into {card_path(model)}")
    judged = {FIT_SET: dev} | judged
    after = {name: cross_fitted(records, args.review_below) if name == FIT_SET else calibrated(records, calibration)
             for name, records in judged.items()}
    text = render(judged, after, calibration)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {args.output}")
    return 0


def render(before: dict, after: dict, calibration) -> str:
    lines = ["# Calibrated confidences and records that need review", "",
             "Made with `python training/calibrate.py`. A field is right when its normalised value is one of the gold "
             "values of its label (as the scorer matches them); a record is wrong when one of its fields is wrong or a "
             "gold field is missing. Confidences are `Span.confidence` of method auto, before (the lowest token "
             "marginal of the span) and after calibration.", "",
             f"Calibration: a logistic model fitted on {calibration.fitted_on}; per label (those with at least 20 "
             "fields in dev) an intercept and a slope on the logit of the raw confidence, shared weights for the "
             "record terms (" + "; ".join(RECORD_TERMS) + "). Dev's figures after calibration are cross-fitted "
             "(each record calibrated by a fit on the other four fifths of dev); the extra sets are never fitted on.",
             "", "## Expected calibration error (10 bins)", "",
             "| set | references | fields | field accuracy | ECE before | ECE after |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, records in before.items():
        n = sum(len(r.spans) for r in records)
        accuracy = sum(sum(r.right) for r in records) / max(1, n)
        lines.append(f"| {name} | {len(records):,} | {n:,} | {accuracy:.3f} | {reliability(records)[1]:.3f} | "
                     f"**{reliability(after[name])[1]:.3f}** |")
    lines += ["", f"## Needs review (`Reference.needs_review`: the product of the fields' calibrated confidences "
              f"below {calibration.review_below})", "",
              "Flagged: share of records flagged. Caught: share of the wrong records that are flagged (any field; in "
              "brackets, records wrong in a core-4 field: author, title, container-title, date).", "",
              "| set | wrong records | flagged | caught | " + " | ".join(f"below {t}" for t in THRESHOLDS) + " |",
              "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in THRESHOLDS) + " |"]
    for name, records in after.items():
        chosen = review_rate(records, calibration.review_below)
        cells = []
        for t in THRESHOLDS:
            rate = review_rate(records, t)
            cells.append(f"{rate.flagged:.0%} / {rate.caught:.0%} ({rate.caught_core:.0%})")
        lines.append(f"| {name} | {chosen.wrong:.0%} | **{chosen.flagged:.0%}** | **{chosen.caught:.0%}** "
                     f"({chosen.caught_core:.0%}) | " + " | ".join(cells) + " |")
    lines += ["", "(Each threshold column: flagged / caught (caught, core 4).)", ""]
    for title, sets in (("before calibration", before), ("after calibration", after)):
        lines += [f"## Reliability tables, {title}", ""]
        for name, records in sets.items():
            rows, ece = reliability(records)
            lines += [f"### {name} (ECE {ece:.3f})", "",
                      "| stated confidence | fields | mean confidence | observed accuracy |",
                      "| --- | ---: | ---: | ---: |"]
            lines += [f"| {b.low:.1f}-{b.high:.1f} | {b.fields:,} | {b.confidence:.3f} | {b.accuracy:.3f} |"
                      for b in rows]
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
