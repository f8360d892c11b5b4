#!/usr/bin/env python3
"""Nothing lost, measured on the labelled corpora: identifiers and content words in no span of their record.

For each reference of ``parse/dev.jsonl`` and every ``parse/extra/*.jsonl`` (or the files given), parse it and
count, per corpus and per source inside it (:func:`refparse.coverage.check`):

- the identifiers written in it (URL, DOI, arXiv, PMID, PMCID, ISBN, ISSN) that lie in no span, in a span of
  another label, or in a span but not in the normalised property;
- its content words (not punctuation, not a cue word) in no span, and its words of four or more letters in no
  span (the measure of issue 17).

    python training/check_coverage.py                   # the shipped model, method auto
    python training/check_coverage.py --assert          # exit 1 if an identifier or a content word is lost
    python training/check_coverage.py --method crf --show 20
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import resolve_data_dir  # noqa: E402
from refparse.coverage import check  # noqa: E402
from refparse.parser import Parser  # noqa: E402

COUNTS = ("refs", "identifiers", "outside", "mislabelled", "unnormalised", "words", "words_outside", "long_words",
          "long_words_outside")


def default_files(data_dir: Path) -> list[Path]:
    parse = data_dir / "parse"
    return [parse / "dev.jsonl", *sorted((parse / "extra").glob("*.jsonl"))]


def measure(path: Path, parser: Parser, method: str) -> tuple[dict[str, Counter], list[str]]:
    """source -> counts, and a line for each reference that lost something."""
    by_source: dict[str, Counter] = defaultdict(Counter)
    losses: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for row in map(json.loads, fh):
            coverage = check(parser.parse(row["text"], method=method))
            counts = by_source[row.get("source") or path.stem]
            counts["refs"] += 1
            for name in COUNTS[1:]:
                value = getattr(coverage, name)
                counts[name] += value if isinstance(value, int) else len(value)
            if coverage.identifiers_lost or coverage.words_outside:
                losses.append(f"{path.stem} {row['id']}: identifiers {coverage.identifiers_lost} "
                              f"words {coverage.words_outside}")
    return by_source, losses


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "-"


def table(rows: dict[str, Counter]) -> list[str]:
    lines = ["| corpus / source | refs | identifiers | in no span | other label | not normalised | content words "
             "in no span | words ≥4 letters in no span |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, c in rows.items():
        lines.append(f"| {name} | {c['refs']:,} | {c['identifiers']:,} | {c['outside']} | {c['mislabelled']} | "
                     f"{c['unnormalised']} | {c['words_outside']:,} of {c['words']:,} "
                     f"({_share(c['words_outside'], c['words'])}) | {c['long_words_outside']:,} of "
                     f"{c['long_words']:,} ({_share(c['long_words_outside'], c['long_words'])}) |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="corpus .jsonl files (default: dev and every extra set)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--model", default=None, help="a .crfsuite model (default: the shipped one)")
    parser.add_argument("--method", default="auto", choices=("auto", "crf", "rules"))
    parser.add_argument("--show", type=int, default=10, help="references with a loss to print (default 10)")
    parser.add_argument("--assert", dest="strict", action="store_true",
                        help="exit 1 when any identifier or content word is in no span of its record")
    args = parser.parse_args()
    files = args.files or default_files(resolve_data_dir(args.data_dir))
    model = Parser(args.model)
    rows: dict[str, Counter] = {}
    all_losses: list[str] = []
    total: Counter = Counter()
    for path in files:
        by_source, losses = measure(path, model, args.method)
        corpus = sum(by_source.values(), Counter())
        rows[f"**{path.stem}**"] = corpus
        if len(by_source) > 1:
            rows.update({f"{path.stem} / {source}": c for source, c in sorted(by_source.items())})
        total += corpus
        all_losses += losses
    rows["**all**"] = total
    print("\n".join(table(rows)))
    for line in all_losses[: args.show]:
        print(line)
    lost = total["outside"] + total["mislabelled"] + total["unnormalised"] + total["words_outside"]
    if args.strict and lost:
        print(f"check_coverage: {len(all_losses)} references lost an identifier or a content word", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
