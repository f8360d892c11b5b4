"""Train and evaluate the reference-section splitter; write models/refparse-splitter.crfsuite and its card.

Training data: split/grobid-refseg.train.jsonl plus synthetic sections assembled (seeded) from
parse/train.jsonl references. Dev files are used only for the figures written into the card:
  - boundary F1 on split/grobid-refseg.dev.jsonl;
  - boundary F1 on synthetic sections built from parse/dev.jsonl with all line breaks removed (seed 2024);
  - boundary F1 on synthetic sections of every layout built from parse/dev.jsonl (seed 2025);
  - line F1 for finding reference lines in whole documents (split/anystyle-finder.dev.jsonl), both reusing the
    splitter's own decisions (a line is a reference line when any of its chunks is inside a reference) and with
    a separate line-level CRF trained on anystyle-finder.train.jsonl (evaluation only, not shipped).

    python training/train_splitter.py                     # train, evaluate, write model + card
    python training/train_splitter.py --evaluate-only     # evaluate the shipped splitter
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from refparse.corpus import resolve_data_dir  # noqa: E402
from refparse.model import CARD_VERSION  # noqa: E402
from refparse.split_features import SPLIT_FEATURES_VERSION, chunk_section, section_features  # noqa: E402
from refparse.evaluation.metrics import Counts, boundary_score  # noqa: E402
from refparse.splitter import Splitter  # noqa: E402
from refparse.training.synthetic import build_sections  # noqa: E402

DEFAULT_OUTPUT = REPO / "models" / "refparse-splitter.crfsuite"
TRAIN_SEED = 7
UNNUMBERED_RATE = 0.3
FLAT_DEV_SEED = 2024
MIXED_DEV_SEED = 2025
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def refseg_sections(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    return [(r["text"], [tuple(span) for span in r["references"]]) for r in read_jsonl(path)]


def reference_texts(path: Path) -> list[str]:
    return [r["text"] for r in read_jsonl(path)]


def synthetic(path: Path, count: int, seed: int, flat: bool | None = None, unnumbered_rate: float | None = None
              ) -> list[tuple[str, list[tuple[int, int]]]]:
    sections = build_sections(reference_texts(path), count, seed, flat=flat, unnumbered_rate=unnumbered_rate)
    return [(s.text, s.references, s.furniture) for s in sections]


def chunk_labels(text: str, references: Sequence[tuple[int, int]],
                 furniture: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Gold B/I/O per chunk: B for the first chunk of a reference, I for the rest, O outside every reference and
    on page furniture (which can sit inside a reference's span)."""
    chunks, _ = chunk_section(text)
    outside = [(s, e) for s, e in furniture]
    spans = sorted(references)
    labels = []
    k = 0
    current = None
    for chunk in chunks:
        while k < len(spans) and spans[k][1] <= chunk.start:
            k += 1
        inside = k < len(spans) and spans[k][0] < chunk.end
        if not inside or any(s <= chunk.start < e for s, e in outside):
            labels.append("O")
            continue
        labels.append("I" if current == k else "B")
        current = k
    return labels


def train(sections: Iterable[tuple], output: Path) -> None:
    """Fit the splitter on (text, references[, furniture]) sections and write the crfsuite model."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for text, references, *furniture in sections:
        chunks, lines = chunk_section(text)
        if chunks:
            trainer.append(section_features(text, chunks, lines), chunk_labels(text, references, *furniture))
    trainer.set_params(PARAMS)
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))


def evaluate_sections(splitter: Splitter, sections: Sequence[tuple]) -> dict:
    triples = []
    for text, gold, *_ in sections:
        predicted = [(r.start, r.end) for r in splitter.split_offsets(text)]
        triples.append((text, gold, predicted))
    score = boundary_score(triples)
    return {"sections": len(sections), "gold": score.support, "predicted": score.predicted,
            "precision": round(score.precision, 4), "recall": round(score.recall, 4), "f1": round(score.f1, 4)}


def finder_line_f1(splitter: Splitter, path: Path) -> dict:
    """Reference-line F1 on whole documents, using the splitter's chunk labels to mark lines."""
    tp = predicted = gold = 0
    for record in read_jsonl(path):
        labels = [label for label, _ in record["lines"]]
        text = "\n".join(line for _, line in record["lines"])
        chunks, _ = chunk_section(text)
        tags = splitter.labels(text)
        ref_lines = {chunk.line for chunk, (_, _, tag) in zip(chunks, tags) if tag != "O"}
        for i, label in enumerate(labels):
            is_gold = label == "ref" and record["lines"][i][1].strip() != ""
            is_pred = i in ref_lines
            tp += is_gold and is_pred
            predicted += is_pred
            gold += is_gold
    return {"documents": len(read_jsonl(path)), **_line_scores(Counts.of(tp, predicted, gold))}


def _line_scores(lines: Counts) -> dict:
    return {"gold_lines": lines.support, "predicted_lines": lines.predicted, "precision": round(lines.precision, 4),
            "recall": round(lines.recall, 4), "f1": round(lines.f1, 4)}


def _document_lines(record: dict) -> tuple[list[str], list[str]]:
    texts = [text for _, text in record["lines"]]
    labels = ["ref" if label == "ref" and text.strip() else "other" for label, text in record["lines"]]
    return texts, labels


def finder_line_crf(data: Path) -> dict:
    """Train the line-level finder CRF on anystyle-finder.train (not shipped) and score reference lines on dev."""
    import tempfile

    import pycrfsuite

    from refparse.training.split_finder import document_features

    trainer = pycrfsuite.Trainer(verbose=False)
    for record in read_jsonl(data / "split" / "anystyle-finder.train.jsonl"):
        texts, labels = _document_lines(record)
        trainer.append(document_features(texts), labels)
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 100})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "finder.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        tp = predicted = gold = 0
        documents = read_jsonl(data / "split" / "anystyle-finder.dev.jsonl")
        for record in documents:
            texts, labels = _document_lines(record)
            for want, got in zip(labels, tagger.tag(document_features(texts))):
                tp += want == got == "ref"
                predicted += got == "ref"
                gold += want == "ref"
        tagger.close()
    return {"documents": len(documents), **_line_scores(Counts.of(tp, predicted, gold))}


def evaluate(splitter: Splitter, data: Path) -> dict:
    return {
        "grobid_refseg_dev": evaluate_sections(splitter, refseg_sections(data / "split" / "grobid-refseg.dev.jsonl")),
        "synthetic_dev_no_line_breaks": evaluate_sections(
            splitter, synthetic(data / "parse" / "dev.jsonl", 60, FLAT_DEV_SEED, flat=True)),
        "synthetic_dev_mixed_layouts": evaluate_sections(
            splitter, synthetic(data / "parse" / "dev.jsonl", 60, MIXED_DEV_SEED)),
        "anystyle_finder_dev_line_f1_splitter_reused": finder_line_f1(
            splitter, data / "split" / "anystyle-finder.dev.jsonl"),
        "anystyle_finder_dev_line_f1_line_crf": finder_line_crf(data),
    }


def write_card(output: Path, figures: dict, counts: dict, seconds: float) -> None:
    card = {
        "card_version": CARD_VERSION,  # load_model refuses a card without it
        "name": output.name,
        "task": "split a reference section into references (chunk labels B/I/O, linear-chain CRF)",
        "split_features_version": SPLIT_FEATURES_VERSION,
        "trained_on": {
            "split/grobid-refseg.train.jsonl": "GROBID reference segmenter sections, CC BY 4.0 (GROBID contributors)",
            "parse/train.jsonl (synthetic sections)": "AnyStyle core (BSD-2, Sylvester Keil) and GROBID citation "
            "corpus (CC BY 4.0, GROBID contributors) references, assembled into sections with seed "
            f"{TRAIN_SEED}",
        },
        "training_sections": counts,
        "synthetic_unnumbered_rate": UNNUMBERED_RATE,
        "params": PARAMS,
        "training_seconds": round(seconds, 1),
        "model_bytes": output.stat().st_size,
        "model_sha256": hashlib.sha256(output.read_bytes()).hexdigest(),  # checked by refparse.model.load_model
        "evaluation": figures,
        "evaluation_notes": "boundary F1: a predicted reference counts when its start and end match a gold "
        "reference after trimming whitespace and punctuation. Synthetic dev sections are built from "
        "parse/dev.jsonl references only. Finder line F1, two ways: (1) the splitter reused on whole theses, a line "
        "counting as a reference line when any of its chunks is inside a reference (it was trained on reference "
        "sections only, so it takes nearly every text line for a reference); (2) a separate line-level CRF "
        "(refparse/training/split_finder.py features) trained on anystyle-finder.train.jsonl and scored on dev; that "
        "model is not shipped.",
    }
    output.with_suffix(".card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="corpus folder (default: ../shared/data or REFPARSE_DATA_DIR)")
    ap.add_argument("--output", default=str(DEFAULT_OUTPUT))
    ap.add_argument("--synthetic", type=int, default=800,
                    help="synthetic training sections (default 800, the shipped splitter's)")
    ap.add_argument("--evaluate-only", action="store_true")
    args = ap.parse_args(argv)
    data = resolve_data_dir(args.data)
    output = Path(args.output)
    started = time.time()
    counts = {}
    if not args.evaluate_only:
        real = refseg_sections(data / "split" / "grobid-refseg.train.jsonl")
        # Unnumbered sections are the hard ones: training sees more of them than the one-in-six of the dev sets.
        fake = synthetic(data / "parse" / "train.jsonl", args.synthetic, TRAIN_SEED, unnumbered_rate=UNNUMBERED_RATE)
        counts = {"grobid-refseg.train": len(real), "synthetic": len(fake)}
        train(real + fake, output)
        print(f"trained {output} on {counts} in {time.time() - started:.0f} s", flush=True)
        # the card carries the model's checksum, which loading checks: write it before the model is loaded
        write_card(output, {}, counts, time.time() - started)
    seconds = time.time() - started
    figures = evaluate(Splitter(output), data)
    print(json.dumps(figures, indent=2))
    if not args.evaluate_only:
        write_card(output, figures, counts, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
