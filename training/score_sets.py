#!/usr/bin/env python3
"""Score models side by side on dev and every extra/ set: field exact-match micro F1, core 4 and all fields,
for the model alone (crf) and with the corrections (hybrid). The figures a new training recipe is chosen by.

    python training/score_sets.py                          # the shipped model
    python training/score_sets.py /tmp/a.crfsuite /tmp/b.crfsuite --json /tmp/scores.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import resolve_data_dir  # noqa: E402
from refparse.evaluation import harness as ev  # noqa: E402
from refparse.evaluation.sets import EVALUATION_SETS  # noqa: E402

SETS = {s.key: s.path for s in EVALUATION_SETS}


def score_model(model: str | None, data_dir: Path, kinds=("crf", "hybrid"), fields: Sequence[str] = ()
                ) -> dict[str, dict[str, list[float]]]:
    """set -> system -> [core-4, all fields] micro F1, then the exact F1 of each of ``fields``."""
    out: dict[str, dict[str, list[float]]] = {}
    systems = {kind: ev.parser_system(kind, model) for kind in kinds}
    for name, path in SETS.items():
        gold = ev.read_gold(data_dir / path)
        out[name] = {}
        for kind, system in systems.items():
            totals = ev.add_totals(ev.reference_totals(r) for r in ev.run_system(system, gold))
            h = ev.headline(totals)
            per_field = ev.field_scores(totals)
            out[name][kind] = [round(h["exact_micro_f1_core"], 4), round(h["exact_micro_f1"], 4)] + [
                round(per_field.micro([label]).f1, 4) for label in fields]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", help=".crfsuite files (default: the shipped model)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--json", help="also write the scores as JSON here")
    parser.add_argument("--fields", default="", help="comma-separated labels whose exact F1 is printed too "
                        "(e.g. doi,url,identifier)")
    args = parser.parse_args()
    data_dir = resolve_data_dir(args.data_dir)
    fields = [label for label in args.fields.split(",") if label]
    results = {}
    for model in args.models or [None]:
        name = Path(model).name if model else "shipped"
        results[name] = score_model(model, data_dir, fields=fields)
        row = " | ".join(f"{s} {v['hybrid'][0]:.4f}/{v['hybrid'][1]:.4f} (crf {v['crf'][0]:.4f})"
                         for s, v in results[name].items())
        print(f"{name}: hybrid core-4/all: {row}", flush=True)
        for i, label in enumerate(fields, start=2):
            row = " | ".join(f"{s} {v['hybrid'][i]:.4f} (crf {v['crf'][i]:.4f})" for s, v in results[name].items())
            print(f"  {label}: {row}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
