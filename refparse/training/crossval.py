"""K-fold cross-validation of the CRF, with folds grouped by source document: train on k-1 folds, score the
held-out one with the evaluation harness, k times. Behind ``refparse evaluate --cv`` and ``training/evaluate.py
--cv``; the report renders with :func:`refparse.evaluation.reports.render_cv_markdown`."""

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
    run_system,
    summarise,
)
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
