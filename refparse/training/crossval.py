"""K-fold cross-validation of the CRF, with folds grouped by source document: train on k-1 folds, score the
held-out one with the evaluation harness, k times. Behind ``refparse evaluate --cv`` and ``training/evaluate.py
--cv``; the report renders with :func:`refparse.evaluation.reports.render_cv_markdown`.

Also GROBID's own protocol (:func:`grobid_fold`, behind ``training/cv_grobid.py``): its corpus only, random
folds of references, each fold's model trained with the shipped recipe on the other folds."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..evaluation.harness import (
    HEADLINE_NAMES,
    GoldReference,
    Prediction,
    ReferenceResult,
    System,
    gold_from_examples,
    headline_of,
    parser_system,
    run_system,
    summarise,
)
from ..corpus import Example
from .train import DEFAULT_PARAMS, crf_fields, fit

#: A source file with more references than this is a collection gathered from many papers, not one document
#: (GROBID's citations.xml holds 2,674): its references are grouped one by one, like AnyStyle's.
COLLECTION_SIZE = 500


def document_key(reference_id: str) -> str:
    """The source document of a reference: GROBID ids "grobid-corpus/<file>/<n>" share "<file>"; anything else
    (AnyStyle's records come from one big file, with no document boundaries) is its own group."""
    parts = reference_id.split("/")
    if parts[0].startswith("grobid") and len(parts) >= 3:
        return "/".join(parts[:-1])
    return reference_id


def document_groups(ids: Sequence[str], collection_size: int = COLLECTION_SIZE) -> list[str]:
    """The group of each id for cross-validation: its :func:`document_key`, except that the references of a
    collection file (more than ``collection_size`` references) each form their own group."""
    keys = [document_key(i) for i in ids]
    sizes = Counter(keys)
    return [i if sizes[k] > collection_size else k for i, k in zip(ids, keys)]


def kfold_groups(ids: Sequence[str], k: int, seed: int = 0, collection_size: int = COLLECTION_SIZE) -> list[int]:
    """Fold number (0..k-1) of each id: whole documents go to one fold (see :func:`document_groups`); documents
    are shuffled with ``seed`` and dealt, largest first, to the fold with fewest references so far, which keeps
    the folds nearly equal in size."""
    if k < 2:
        raise ValueError(f"cross-validation needs k >= 2 folds, not {k}")
    groups: dict[str, list[int]] = {}
    for i, group in enumerate(document_groups(ids, collection_size)):
        groups.setdefault(group, []).append(i)
    if len(groups) < k:
        raise ValueError(f"{len(groups)} documents cannot be split into {k} folds")
    order = sorted(groups)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda g: -len(groups[g]))  # stable: equal sizes keep their shuffled order
    sizes = [0] * k
    folds = [0] * len(ids)
    for g in order:
        target = min(range(k), key=lambda f: (sizes[f], f))
        sizes[target] += len(groups[g])
        for i in groups[g]:
            folds[i] = target
    return folds


def cross_validate(examples: Sequence, k: int = 5, params: Mapping[str, Any] | None = None, seed: int = 0,
                   workdir: str | Path | None = None, samples: int = 1000, progress: Callable[[str], None] = print
                   ) -> dict[str, Any]:
    """Train on k-1 folds and score on the held-out one, k times (:func:`refparse.training.train.fit`); the
    report holds each fold's headline numbers, their mean and spread, and the pooled scores of all held-out
    predictions."""
    import statistics
    import tempfile
    import time

    params = dict(params or shipped_params())
    folds = kfold_groups([e.id for e in examples], k, seed)
    pooled: list[ReferenceResult] = []
    rows = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for fold in range(k):
            train = [e for e, f in zip(examples, folds) if f != fold]
            held_out = gold_from_examples(e for e, f in zip(examples, folds) if f == fold)
            model = Path(tmp) / f"fold{fold}.crfsuite"
            started = time.perf_counter()
            seconds = fit(train, model, params)
            system = System(f"fold{fold}", _tagger_predict(model))
            results = run_system(system, held_out)
            pooled.extend(results)
            numbers = {name: round(value, 4) for name, value in headline_of(results).items()}
            rows.append({"fold": fold, "train": len(train), "test": len(held_out), "train_seconds": round(seconds, 1),
                         **numbers})
            progress(f"fold {fold + 1}/{k}: {len(train)} train, {len(held_out)} test, {seconds:.0f} s training, "
                     f"exact micro F1 {numbers['exact_micro_f1']:.4f} ({time.perf_counter() - started:.0f} s)")
    names = list(HEADLINE_NAMES)
    return {
        "k": k, "seed": seed, "params": params, "references": len(examples),
        "documents": len({document_key(e.id) for e in examples}),
        "groups": len(set(document_groups([e.id for e in examples]))),
        "collection_size": COLLECTION_SIZE,
        "folds": rows,
        "mean": {n: round(statistics.mean(r[n] for r in rows), 4) for n in names},
        "stdev": {n: round(statistics.stdev(r[n] for r in rows), 4) for n in names},
        "pooled": summarise(pooled, samples, seed, worst=10),
    }


#: GROBID's published 10-fold cross-validation on its own citation corpus: micro F1 over all fields.
GROBID_PUBLISHED: dict[str, float] = {"GROBID CRF": 0.9448, "GROBID best deep-learning model": 0.9522}
#: The source of GROBID's corpus in the shared schema.
GROBID_SOURCE = "grobid-corpus"
#: The files that hold it, relative to the data folder (dev is drawn from the same files as train).
GROBID_FILES: tuple[str, ...] = ("parse/train.jsonl", "parse/dev.jsonl")


def random_folds(count: int, k: int, seed: int = 0) -> list[int]:
    """Fold number (0..k-1) of each of ``count`` items: shuffled with ``seed``, then dealt in turn, so fold sizes
    differ by at most one."""
    if k < 2 or count < k:
        raise ValueError(f"{count} items cannot be split into {k} folds (k must be 2 or more)")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    folds = [0] * count
    for position, item in enumerate(order):
        folds[item] = position % k
    return folds


def grobid_corpus(data_dir: str | Path) -> list[Example]:
    """Every GROBID-corpus reference of the train and dev files, in file order."""
    from ..corpus import read_jsonl_plain

    return [e for name in GROBID_FILES for e in read_jsonl_plain(Path(data_dir) / name) if e.source == GROBID_SOURCE]


def recipe_training_set(corpus: list[Example], data_dir: str | Path) -> list[Example]:
    """``corpus`` as the shipped recipe trains on it: with its style renderings and noised copies, repeated, and
    with the generated references (whose drawing does not depend on ``corpus``)."""
    from .train import DEFAULT_AUGMENTATION, DEFAULT_GENERATION, with_augmentation, with_generation

    train, _ = with_augmentation(list(corpus), **DEFAULT_AUGMENTATION)
    train, _ = with_generation(train, corpus, dict(DEFAULT_GENERATION), Path(data_dir))
    return train


def grobid_fold(fold: int, data_dir: str | Path, workdir: str | Path, k: int = 10, seed: int = 0,
                params: Mapping[str, Any] | None = None, methods: Sequence[str] = ("crf", "hybrid"),
                progress: Callable[[str], None] = print) -> dict[str, Any]:
    """One fold of GROBID's protocol: train on the other folds of :func:`grobid_corpus` with the shipped recipe,
    score the held-out fold with each of ``methods`` (harness system kinds); the fold's model is kept in
    ``workdir``. Returns the fold's headline numbers per method."""
    import time

    params = dict(params or shipped_params())
    examples = grobid_corpus(data_dir)
    folds = random_folds(len(examples), k, seed)
    held_out = [e for e, f in zip(examples, folds) if f == fold]
    train = recipe_training_set([e for e, f in zip(examples, folds) if f != fold], data_dir)
    model = Path(workdir) / f"grobid-fold{fold}.crfsuite"
    model.parent.mkdir(parents=True, exist_ok=True)
    progress(f"fold {fold}: training on {len(train)} references ({len(examples) - len(held_out)} of the corpus), "
             f"{len(held_out)} held out")
    seconds = fit(train, model, params)
    gold = gold_from_examples(held_out)
    scores = {}
    for method in methods:
        system = parser_system(method, str(model))
        scores[method] = {name: round(value, 4) for name, value in headline_of(run_system(system, gold)).items()}
    progress(f"fold {fold}: {seconds:.0f} s training; all-fields exact micro F1 "
             + ", ".join(f"{m} {s['exact_micro_f1']:.4f}" for m, s in scores.items()))
    return {"fold": fold, "k": k, "seed": seed, "params": params, "corpus": len(examples),
            "train_corpus": len(examples) - len(held_out), "train_references": len(train), "test": len(held_out),
            "train_seconds": round(seconds, 1), "scores": scores, "finished": time.strftime("%Y-%m-%d %H:%M:%S")}


def _tagger_predict(model_path: Path) -> Callable[[GoldReference], Prediction]:
    """The CRF alone on one model file, as a system's ``predict`` (fold models have no card)."""
    fields = crf_fields(model_path)

    def predict(ref: GoldReference) -> Prediction:
        return Prediction(*fields(ref.text))

    return predict


def shipped_params() -> dict[str, Any]:
    """The shipped model's training parameters (its card's "params"), else the trainer's defaults."""
    from ..model import card_path, default_model_path

    params = dict(DEFAULT_PARAMS)
    try:
        params.update(json.loads(card_path(default_model_path()).read_text(encoding="utf-8")).get("params", {}))
    except (OSError, ValueError):
        pass
    return params
