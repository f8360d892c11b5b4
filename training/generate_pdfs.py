#!/usr/bin/env python3
"""Typeset test articles (PDF) with known references: refparse.training.generate.articles.

Each article gets NAME.pdf, NAME.gold.jsonl (its references in print order, labelled, in the corpus schema) and
NAME.spec.json (style, columns, heading language, running heads, what follows the list). Records are drawn from
the permissively licensed metadata (evaluation titles left out); a seed makes the same articles again, another
seed other ones (the evaluation set of training/evaluate_pdf.py uses a seed not used while tuning).

    python training/generate_pdfs.py -n 40 --seed 2 -o build/pdf-eval
    python training/generate_pdfs.py -n 4 --seed 7 --compact -o tests/data/pdf   # the committed test PDFs
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

from refparse.corpus import resolve_data_dir  # noqa: E402
from refparse.training.generate.articles import (  # noqa: E402
    DEFAULT_STYLES, article_specs, make_article, write_article)
from refparse.training.generate.build import candidate_records  # noqa: E402
from refparse.training.generate.latex import Drop  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", default=str(ROOT / "build" / "pdf"), help="folder (default build/pdf)")
    parser.add_argument("--style", action="append", help="a .bst, repeatable (default: %s)" % ", ".join(DEFAULT_STYLES))
    parser.add_argument("--compact", action="store_true", help="Times and no equation: small files, for tests")
    parser.add_argument("--max-references", type=int, default=0, help="cap each article's list (0: 8-30)")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.monotonic()
    pool, _ = candidate_records(resolve_data_dir(args.data_dir))
    specs = article_specs(args.articles, args.seed, tuple(args.style or DEFAULT_STYLES))
    for spec in specs:
        spec.compact = args.compact
        if args.max_references:
            spec.references = min(spec.references, args.max_references)
    out = Path(args.output)

    def build(spec):
        records = random.Random(f"{args.seed}/{spec.name}/records").sample(pool, spec.references + 20)
        try:
            return write_article(make_article(records, spec), out).name
        except Drop as reason:
            return f"{spec.name}: dropped ({reason})"

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as executor:
        for line in executor.map(build, specs):
            print(line, flush=True)
    summary = {"articles": len(specs), "seed": args.seed, "seconds": round(time.monotonic() - started, 1)}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
