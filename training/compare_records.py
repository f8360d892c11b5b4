#!/usr/bin/env python3
"""Behaviour check for refactors: every record's ``to_dict()`` on the labelled corpora, before and after.

Write a snapshot with one version of the code, another with the next, then compare them:

    python training/compare_records.py write /tmp/before.jsonl.gz      # on the old checkout
    python training/compare_records.py write /tmp/after.jsonl.gz       # on the new one
    python training/compare_records.py diff /tmp/before.jsonl.gz /tmp/after.jsonl.gz

A snapshot holds, for each reference of ``parse/dev.jsonl``, ``parse/train.jsonl`` and every
``parse/extra/*.jsonl``, the ``to_dict()`` of ``refparse.parse`` (the shipped model with its corrections), of
the model alone and of the rule-based parser, and the labels of ``refparse tag`` and ``refparse explain``.
``diff`` prints how many records differ per corpus and method, and the first differences in full.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

METHODS = ("auto", "crf", "rules")


def corpora(data_dir: Path) -> list[Path]:
    parse = data_dir / "parse"
    return [parse / "dev.jsonl", parse / "train.jsonl", *sorted((parse / "extra").glob("*.jsonl"))]


def texts_of(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row["id"], row["text"]) for row in map(json.loads, fh)]


def explain_labels(text: str) -> list[str] | None:
    """The labels ``refparse explain`` shows, or None where this version of the code has no explain."""
    try:
        from refparse.explain import explain  # the layout after the refactor
    except ImportError:
        try:
            from refparse.evaluate import explain
        except ImportError:
            return None
    return [e.label for e in explain(text)]


def write(out: Path, data_dir: Path, limit: int | None) -> None:
    import refparse
    from refparse.parser import Parser

    parsers = {m: Parser(method=m) for m in METHODS}
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for path in corpora(data_dir):
            rows = texts_of(path)[:limit]
            for ref_id, text in rows:
                record = {"corpus": path.name, "id": ref_id}
                for method, parser in parsers.items():
                    record[method] = parser.parse(text).to_dict()
                record["tag"] = [t.label for t in refparse.tag(text)]
                record["explain"] = explain_labels(text)
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            print(f"{path.name}: {len(rows)} references", file=sys.stderr)


def read(path: Path) -> dict[tuple[str, str], dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {(r["corpus"], r["id"]): r for r in map(json.loads, fh)}


def diff(before: Path, after: Path, show: int) -> int:
    a, b = read(before), read(after)
    if a.keys() != b.keys():
        print(f"the snapshots hold different references: {len(a.keys() - b.keys())} only before, "
              f"{len(b.keys() - a.keys())} only after")
        return 1
    counts: dict[tuple[str, str], int] = {}
    shown = 0
    for key in a:
        for what in (*METHODS, "tag"):
            if a[key][what] != b[key][what]:
                counts[key[0], what] = counts.get((key[0], what), 0) + 1
                if shown < show:
                    shown += 1
                    print(f"--- {key[0]} {key[1]} ({what})\nbefore: {json.dumps(a[key][what], ensure_ascii=False)}"
                          f"\nafter:  {json.dumps(b[key][what], ensure_ascii=False)}")
    for key in a:  # explain against tag, in the new snapshot: the same tagging path
        if b[key]["explain"] is not None and b[key]["explain"] != b[key]["tag"]:
            counts[key[0], "explain != tag"] = counts.get((key[0], "explain != tag"), 0) + 1
    corpora_seen = sorted({k[0] for k in a})
    print(f"{len(a)} references in {len(corpora_seen)} corpora")
    for corpus in corpora_seen:
        row = {w: counts.get((corpus, w), 0) for w in (*METHODS, "tag", "explain != tag")}
        print(f"{corpus:24} " + "  ".join(f"{w}: {n}" for w, n in row.items()))
    return 1 if counts else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="parse every reference and write a snapshot")
    w.add_argument("out", type=Path)
    w.add_argument("--data-dir", type=Path,
                   default=Path(os.environ.get("REFPARSE_DATA_DIR", ROOT.parent / "shared" / "data")))
    w.add_argument("--limit", type=int, default=None, help="references per corpus (default: all)")
    d = sub.add_parser("diff", help="count and show the records that differ between two snapshots")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--show", type=int, default=10, help="differences to print in full")
    args = parser.parse_args(argv)
    if args.command == "write":
        write(args.out, args.data_dir, args.limit)
        return 0
    return diff(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
