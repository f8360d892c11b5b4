#!/usr/bin/env python3
"""Build refparse/data/field-words.tsv.gz: for each word common in real bibliographic records, the field it is
typical of (a name, a title, a venue, a publisher or a place), counted over the permissive metadata records of
the data folder (``metadata/``, the sources the shipped model may train on).

    python training/build_field_words.py                  # writes the shipped file
    python training/build_field_words.py -o /tmp/fw.tsv.gz --min-count 5
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.training.field_words import build_field_words, write_field_words  # noqa: E402
from refparse.training.generate.records import SHIPPED, read_records  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("-o", "--output", default=str(ROOT / "refparse" / "data" / "field-words.tsv.gz"))
    parser.add_argument("--min-count", type=int, default=5, help="occurrences a word needs (default 5)")
    args = parser.parse_args()
    table, stats = build_field_words(read_records(SHIPPED, args.data_dir), min_count=args.min_count)
    write_field_words(args.output, table, sources=SHIPPED)
    print(f"{len(table):,} words from {stats['records']:,} records -> {args.output}")
    for field, n in sorted(stats["by_class"].items()):
        print(f"  {field}: {n:,} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
