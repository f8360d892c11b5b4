#!/usr/bin/env python3
"""Evaluate refparse.read_pdf on generated articles (training/generate_pdfs.py) whose references are known.

Finding: each extracted reference is matched one-to-one to a gold reference of its article by text similarity
(difflib ratio >= 0.9 after whitespace and Unicode normalisation, best pairs first); precision, recall and F1
over all articles. Fields: core-4 exact micro F1 (author, title, container-title, date; the harness's scoring)
over all gold references, a gold reference that was not found counting as predicting nothing; against the same
gold strings parsed directly (the "clean strings" figure). Speed: pages and references per second of
read_pdf on one process (extraction, section finding, splitting and parsing; the model loaded beforehand).

    python training/evaluate_pdf.py build/pdf-eval --json reports/pdf-eval.json
    python training/evaluate_pdf.py build/pdf-tune --split splitter      # the learned splitter alone
    python training/evaluate_pdf.py build/pdf-eval --baseline            # also pdftotext | split, whole text
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refparse.evaluation import harness as ev  # noqa: E402
from refparse.evaluation.harness import Prediction  # noqa: E402
from refparse.pdf import read_pdf  # noqa: E402

MATCH = 0.9


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def match(found: list[str], gold: list[str]) -> dict[int, int]:
    """gold index -> found index, one-to-one, best ratios first, from MATCH up."""
    pairs = []
    for i, text in enumerate(found):
        for j, target in enumerate(gold):
            sm = difflib.SequenceMatcher(None, normal(text), normal(target), autojunk=False)
            if sm.real_quick_ratio() >= MATCH and sm.quick_ratio() >= MATCH:
                ratio = sm.ratio()
                if ratio >= MATCH:
                    pairs.append((ratio, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used and j not in out:
            out[j] = i
            used.add(i)
    return out


def f1(tp: int, found: int, gold: int) -> dict[str, float]:
    p, r = tp / found if found else 0.0, tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def pdftotext_split(pdf: Path) -> list[str]:
    """The baseline of the issue: the whole PDF through pdftotext, then the learned splitter."""
    import refparse

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=False).stdout
    return refparse.split(text.decode("utf-8", "replace"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--split", default="auto", choices=("auto", "splitter"))
    parser.add_argument("--baseline", action="store_true", help="also score pdftotext on the whole PDF + split")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--show", type=int, default=0, help="print up to N unmatched references per article")
    args = parser.parse_args(argv)
    from refparse.parser import default_parser

    default_parser().parse("Smith, J. (2001). Warm-up. Journal, 1, 1-2.")  # load the model outside the timing
    clean_system = ev.parser_system("hybrid")
    totals = defaultdict(int)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    pdf_totals, clean_totals, seconds, how = [], [], 0.0, defaultdict(int)
    for pdf in sorted(Path(args.folder).glob("*.pdf")):
        gold = ev.read_gold(pdf.with_suffix(".gold.jsonl"))
        spec = json.loads(pdf.with_suffix(".spec.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        result = read_pdf(pdf, split=args.split)
        seconds += time.perf_counter() - started
        found = [ref.text for ref in result.references]
        pairs = match(found, [g.text for g in gold])
        totals["pages"] += result.pages
        totals["found"] += len(found)
        totals["gold"] += len(gold)
        totals["tp"] += len(pairs)
        how[f"{result.section.split(':')[0]} / {result.splitting}"] += 1
        for kind in (f"{spec['columns']} column(s)", f"style {spec['style']}", f"heading {spec['language']}"):
            by_kind[kind][0] += len(pairs)
            by_kind[kind][1] += len(found)
            by_kind[kind][2] += len(gold)
        for j, ref in enumerate(gold):
            i = pairs.get(j)
            fields = result.references[i].fields if i is not None else {}
            pdf_totals.append(ev.reference_totals(ev.score_reference(ref, Prediction(fields))))
        clean_totals += [ev.reference_totals(r) for r in ev.run_system(clean_system, gold)]
        if args.baseline:
            base = pdftotext_split(pdf)
            totals["base_found"] += len(base)
            totals["base_tp"] += len(match(base, [g.text for g in gold]))
        missed = len(gold) - len(pairs)
        status = f"{pdf.name}: {len(pairs)}/{len(gold)} found, {len(found) - len(pairs)} false; {result.section} / " \
                 f"{result.splitting}; {result.seconds:.2f} s"
        print(status, flush=True)
        if args.show and (missed or len(found) > len(pairs)):
            matched = set(pairs.values())
            for i, text in enumerate(found):
                if i not in matched and args.show:
                    print("   false:", text[:160])
            for j, g in enumerate(gold):
                if j not in pairs:
                    print("   missed:", g.text[:160])
    pdf_core = ev.headline(ev.add_totals(pdf_totals))["exact_micro_f1_core"]
    clean_core = ev.headline(ev.add_totals(clean_totals))["exact_micro_f1_core"]
    report = {
        "articles": sum(how.values()), "pages": totals["pages"], "gold_references": totals["gold"],
        "finding": f1(totals["tp"], totals["found"], totals["gold"]),
        "core4_pdf": round(pdf_core, 4), "core4_clean_strings": round(clean_core, 4),
        "core4_gap_points": round(100 * (clean_core - pdf_core), 2),
        "seconds": round(seconds, 2), "pages_per_second": round(totals["pages"] / seconds, 1),
        "references_per_second": round(totals["found"] / seconds, 1),
        "section_and_splitting": dict(sorted(how.items())),
        "finding_by_kind": {k: f1(*v)["f1"] for k, v in sorted(by_kind.items())},
    }
    if args.baseline:
        report["baseline_pdftotext_split"] = f1(totals["base_tp"], totals["base_found"], totals["gold"])
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
