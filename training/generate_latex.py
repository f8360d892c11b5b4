#!/usr/bin/env python3
"""Render real CSL-JSON metadata through BibTeX styles with pdflatex and write labelled references as JSONL.

Draws N records from the permissively licensed metadata files (never acl-anthology-pre2016, zotero-tests or
paperlists) for each style and column count, typesets them (refparse.training.generate.latex), and writes one
JSONL file in the shared corpus schema plus a JSON summary (kept per style/columns, dropped per reason, a few
dropped texts, seconds). Write the output outside the repository's tracked files (default build/latex/).

    python training/generate_latex.py -n 200                 # every style that renders, 1 and 2 columns
    python training/generate_latex.py -n 50 --style plainnat --style IEEEtran --columns 2 -o /tmp/latex
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refparse.corpus import Example, resolve_data_dir  # noqa: E402
from refparse.training.generate.build import candidate_records, write_examples  # noqa: E402
from refparse.training.generate.latex import REFUSED, LatexStats, available_styles, render_latex  # noqa: E402


def render_one(pool: list[dict], style: str, columns: int, n: int, seed: int, stats: LatexStats) -> list[Example]:
    sample = random.Random(f"{seed}/{style}/{columns}").sample(pool, min(n, len(pool)))
    return render_latex(sample, style, columns=columns, seed=seed, stats=stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", metavar="DIR", help="corpus folder (default ../shared/data)")
    parser.add_argument("-n", "--records", type=int, default=200, help="records per style and column count")
    parser.add_argument("--style", action="append", help="a .bst name, repeatable (default: all that render)")
    parser.add_argument("--columns", type=int, choices=(1, 2), action="append", help="1 and/or 2 (default both)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=8, help="styles typeset at once (default %(default)s)")
    parser.add_argument("-o", "--out-dir", default=str(ROOT / "build" / "latex"))
    args = parser.parse_args(argv)

    start = time.time()
    pool, _ = candidate_records(resolve_data_dir(args.data_dir))  # the permissive sources, evaluation titles out
    styles = args.style or available_styles(verify=True)
    columns = args.columns or [1, 2]
    tasks = [(style, c) for style in styles for c in columns]
    stats = {task: LatexStats() for task in tasks}
    with ThreadPoolExecutor(max_workers=args.jobs) as executor:
        futures = {task: executor.submit(render_one, pool, *task, args.records, args.seed, stats[task])
                   for task in tasks}
        results = {task: future.result() for task, future in futures.items()}

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = LatexStats()
    write_examples(out_dir / "latex.jsonl", (example for task in tasks for example in results[task]))
    for task in tasks:
        total.kept.update(stats[task].kept)
        total.dropped.update(stats[task].dropped)
        for reason, texts in stats[task].samples.items():
            total.samples[reason] += texts[: max(0, 5 - len(total.samples[reason]))]
    total.seconds = time.time() - start
    summary = total.as_dict() | {
        "records_in": len(tasks) * args.records, "kept_total": sum(total.kept.values()),
        "dropped_total": sum(total.dropped.values()), "records_per_second": round(
            len(tasks) * args.records / total.seconds, 1), "jobs": args.jobs, "refused_styles": REFUSED,
        "pool": len(pool), "seed": args.seed,
    }
    (out_dir / "stats.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{summary['kept_total']} kept, {summary['dropped_total']} dropped in {total.seconds:.0f} s "
          f"({summary['records_per_second']} records/s) -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
