"""Score one or more parsers against labelled references and report per-field accuracy.

GOLD is a JSONL file of the shared schema ({"id", "source", "text", "spans": [[start, end, label, ...]]}),
or one half of it, FILE#train or FILE#held-out (the shipped model trains on anystyle-good.jsonl#train).
Every system given with -s is scored on the same references, side by side:

  crf            the shipped CRF model          crf:MODEL      another .crfsuite model
  rules          the rule-based parser          hybrid[:MODEL] the model with the rules' corrections
  auto[:MODEL]   Parser(method="auto")          preds:FILE     a predictions file, one JSON line per gold
                                                               reference: {"id": ..., "fields": {label: [strings]}}

Metrics: exact match after normalisation and soft match (Ratcliff/Obershelp ratio >= 0.9) per field, micro and
macro averaged; token accuracy without punctuation; author persons; references entirely correct; per-source
breakdown; 95% bootstrap intervals; token confusions and the worst references (in the full report).

With two systems the command also spot-checks them (parserator's spotcheck): it lists the references whose
fields differ between the two, with both labellings and the gold one, so that one sees what a retrained model
(one trained with your own references, say) changed. GOLD may also be a labelled file of refparse's markup, AnyStyle
XML or GROBID training TEI (your corrected references, say).

With --cv K the command instead runs K-fold cross-validation of the CRF on GOLD (folds grouped by source
document; needs the 'train' extra; trains K models).

examples:
  refparse evaluate ../shared/data/parse/dev.jsonl
  refparse evaluate dev.jsonl -s crf -s rules -s preds:grobid.jsonl --markdown report.md --json report.json
  refparse evaluate dev.jsonl -s crf:new.crfsuite -s crf --format markdown --worst 20
  refparse evaluate train.jsonl --cv 5 --max-iterations 50
  refparse evaluate dev.jsonl -s crf -s crf:mine.crfsuite --spotcheck 20   # what did my data change?
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "score parsers against labelled references (per-field P/R/F1, side by side, cross-validation)"
FORMATS = ("summary", "markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", help="labelled references, JSONL of the shared schema")
    parser.add_argument("-s", "--system", action="append", metavar="SPEC",
                        help="a system to score, repeatable (default: crf); see the forms above")
    parser.add_argument("-f", "--format", choices=FORMATS, default="summary",
                        help="standard output: summary (headline and per-field tables), markdown (the full "
                        "report) or json (default: summary)")
    parser.add_argument("--markdown", metavar="FILE", help="also write the full Markdown report to FILE")
    parser.add_argument("--json", metavar="FILE", help="also write the JSON report to FILE")
    parser.add_argument("--chart", metavar="PNG", help="also write a per-field F1 bar chart (needs matplotlib)")
    parser.add_argument("--worst", type=int, default=10, metavar="N", help="worst references listed (default 10)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for the 95%% intervals; 0 to skip (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap and the folds")
    parser.add_argument("--limit", type=int, metavar="N", help="score the first N references only")
    parser.add_argument("--harmonise-gold", action="store_true",
                        help="bring the gold spans to the training convention first (splits AnyStyle volume "
                        "compounds such as 12(3) into volume and issue)")
    parser.add_argument("--spotcheck", type=int, default=10, metavar="N",
                        help="with two systems, list the first N references whose fields differ between them, with "
                        "both labellings (all of them go into --json); 0 to leave the list out (default 10)")
    parser.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation of the CRF on GOLD instead")
    parser.add_argument("--c1", type=float, help="--cv: L1 regularisation (default: the shipped model's)")
    parser.add_argument("--c2", type=float, help="--cv: L2 regularisation (default: the shipped model's)")
    parser.add_argument("--max-iterations", type=int, help="--cv: training iterations (default: the shipped model's)")


def run(args: argparse.Namespace) -> int:
    from ..evaluation import harness, reports
    from ..evaluation.spotcheck import memoised, render_spot_check, spot_check

    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be a positive number of references")
    if args.cv is not None:
        return _run_cv(args)
    gold = harness.read_gold(args.gold, args.limit, args.harmonise_gold)
    if not gold:
        raise ValueError(f"{args.gold} holds no references")
    systems, skipped = harness.systems_from_specs(args.system or ["crf"], gold)
    for spec, reason in skipped.items():
        print(f"refparse evaluate: skipping {spec}: {reason}", file=sys.stderr)
    if not systems:
        raise ValueError("no system left to score")
    checking = len(systems) == 2 and args.spotcheck > 0
    if checking:
        systems = [memoised(system) for system in systems]  # the spot-check reuses the scoring run's answers
    report = harness.evaluate_systems(gold, systems, args.bootstrap, args.seed, args.worst, skipped,
                                      gold_name=Path(args.gold).name)
    check = spot_check(gold, *systems) if checking else None
    if check is not None:
        report["spotcheck"] = check.to_dict()
    _write_outputs(report, args, check)
    if args.format == "json":
        print(json.dumps(report, indent=1, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(reports.render_markdown(report))
        if check is not None:
            print()
            render_spot_check(check, args.spotcheck)
    else:
        print(reports.render_headline(report))
        print()
        print(reports.accuracy_table(report).split("\n", 2)[2].rstrip())
        if check is not None:
            print()
            render_spot_check(check, args.spotcheck)
    return 0


def _write_outputs(report: dict, args: argparse.Namespace, check=None) -> None:
    from ..evaluation import reports
    from ..evaluation.spotcheck import render_spot_check

    if args.markdown:
        lines: list[str] = []
        if check is not None:
            render_spot_check(check, args.spotcheck, lines.append)
        spot = "\n```\n" + "\n".join(lines) + "\n```\n" if lines else ""
        Path(args.markdown).write_text(reports.render_markdown(report) + spot, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.chart:
        reports.plot_f1(report, args.chart)


def _run_cv(args: argparse.Namespace) -> int:
    from ..corpus import read_jsonl_plain
    from ..evaluation.reports import render_cv_headline, render_cv_markdown
    from ..training.crossval import cross_validate, shipped_params

    if args.system:
        raise ValueError("--cv trains and scores the CRF itself; it takes no -s/--system")
    try:
        examples = read_jsonl_plain(args.gold)
    except FileNotFoundError:
        raise ValueError(f"gold file not found: {args.gold}") from None
    examples = examples[: args.limit] if args.limit else examples
    params = shipped_params()
    for name in ("c1", "c2", "max_iterations"):
        if getattr(args, name) is not None:
            params[name] = getattr(args, name)
    report = cross_validate(examples, args.cv, params, args.seed, samples=args.bootstrap,
                            progress=lambda line: print(line, file=sys.stderr, flush=True))
    report["corpus"] = Path(args.gold).name
    if args.markdown:
        Path(args.markdown).write_text(render_cv_markdown(report), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.format == "json":
        print(json.dumps(report, indent=1, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(render_cv_markdown(report))
    else:
        print(render_cv_headline(report))
    return 0
