#!/usr/bin/env python3
"""Generate the evaluation reports that the README shows, with the harness in refparse.evaluation.

Default: score the shipped model ("crf"), the rule-based parser ("rules") and the model with the rules'
corrections ("hybrid") side by side on parse/dev.jsonl and write

  reports/dev.md, reports/dev.json     the full report (Markdown and JSON)
  reports/dev-f1.png                   per-field exact-match F1 chart
  reports/accuracy-table.md            the README's accuracy table

With --cv K: K-fold cross-validation on parse/train.jsonl (folds grouped by source document, training with the
shipped model's parameters), written to reports/cv<K>.md and reports/cv<K>.json. Training K models takes minutes.

examples:
  python training/evaluate.py                       # the dev reports and the README table
  python training/evaluate.py --cv 5                # 5-fold cross-validation report
  python training/evaluate.py --cv 5 --max-iterations 20 --limit 2000   # a quick check
  python training/evaluate.py --render reports/cv5.json   # rewrite the Markdown of a saved JSON report
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import read_jsonl_plain, resolve_data_dir  # noqa: E402
from refparse.evaluation import harness, reports  # noqa: E402
from refparse.training.crossval import cross_validate, shipped_params  # noqa: E402

DEV_SYSTEMS = ("crf", "rules", "hybrid")
REGENERATE = "python training/evaluate.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", metavar="DIR", help="the shared corpora (default: ../shared/data)")
    parser.add_argument("--out", default=str(ROOT / "reports"), metavar="DIR", help="report folder (default: reports/)")
    parser.add_argument("-s", "--system", action="append", metavar="SPEC",
                        help=f"systems for the dev report (default: {', '.join(DEV_SYSTEMS)}); forms: "
                        + ", ".join(harness.SYSTEM_FORMS))
    parser.add_argument("--cv", type=int, metavar="K", help="run K-fold cross-validation on parse/train.jsonl instead")
    parser.add_argument("--train-file", default="parse/train.jsonl", help="corpus for --cv, relative to --data-dir")
    parser.add_argument("--c1", type=float, help="override the shipped c1 for --cv")
    parser.add_argument("--c2", type=float, help="override the shipped c2 for --cv")
    parser.add_argument("--max-iterations", type=int, help="override the shipped max_iterations for --cv")
    parser.add_argument("--limit", type=int, help="use the first N references only (quick checks)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap samples (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worst", type=int, default=10, help="worst references listed per system")
    parser.add_argument("--render", metavar="JSON", help="only rewrite the Markdown of a saved report")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.render:
        return render_saved(Path(args.render))
    if args.cv:
        return run_cv(args, out)
    return run_dev(args, out)


def run_dev(args: argparse.Namespace, out: Path) -> int:
    gold_path = resolve_data_dir(args.data_dir) / "parse" / "dev.jsonl"
    gold = harness.read_gold(gold_path, args.limit)
    systems, skipped = harness.systems_from_specs(args.system or DEV_SYSTEMS, gold)
    for spec, reason in skipped.items():
        print(f"skipping {spec}: {reason}", file=sys.stderr)
    report = harness.evaluate_systems(gold, systems, args.bootstrap, args.seed, args.worst, skipped,
                                      gold_name="parse/dev.jsonl")
    report["command"] = REGENERATE
    write(out / "dev.json", json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    write(out / "dev.md", reports.render_markdown(report))
    reports.plot_f1(report, out / "dev-f1.png")
    print(f"wrote {out / 'dev-f1.png'}")
    write(out / "accuracy-table.md", reports.accuracy_table(report, command=REGENERATE, chart="reports/dev-f1.png"))
    print(reports.render_headline(report))
    return 0


def run_cv(args: argparse.Namespace, out: Path) -> int:
    examples = read_jsonl_plain(resolve_data_dir(args.data_dir) / args.train_file)
    if args.limit:
        examples = examples[: args.limit]
    params = shipped_params()
    for name in ("c1", "c2", "max_iterations"):
        if getattr(args, name) is not None:
            params[name] = getattr(args, name)
    print(f"{args.cv}-fold cross-validation on {len(examples)} references of {args.train_file} with {params}",
          flush=True)
    report = cross_validate(examples, args.cv, params, args.seed, samples=args.bootstrap,
                            progress=lambda line: print(line, flush=True))
    report["corpus"] = args.train_file
    report["command"] = f"{REGENERATE} --cv {args.cv}" + (f" --limit {args.limit}" if args.limit else "") + (
        f" --max-iterations {args.max_iterations}" if args.max_iterations else "")
    write(out / f"cv{args.cv}.json", json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    write(out / f"cv{args.cv}.md", reports.render_cv_markdown(report))
    print(reports.render_cv_headline(report))
    return 0


def render_saved(path: Path) -> int:
    report = json.loads(path.read_text(encoding="utf-8"))
    text = reports.render_cv_markdown(report) if "folds" in report else reports.render_markdown(report)
    write(path.with_suffix(".md"), text)
    return 0


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
