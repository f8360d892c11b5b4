"""Explaining one parse: each token's CRF label, its confidence (the marginal), the runner-up label and the
features that weigh most for the label, read from the model's state-feature weights. Behind ``refparse
explain``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import sequence_features
from .model import default_model_path, load_model
from .parser import check_text
from .prepare import prepare
from .tagger import CRFTagger


@dataclass(frozen=True)
class FeatureWeight:
    """One active feature of a token and its state weight for the token's label (positive: pulls towards it)."""

    attribute: str
    weight: float


@dataclass(frozen=True)
class TokenExplanation:
    """Why the CRF gave a token its label: the marginal, the runner-up label and the heaviest features."""

    text: str
    start: int
    end: int
    label: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float
    features: tuple[FeatureWeight, ...]


@lru_cache(maxsize=4)
def _state_weights(path: str, size: int, mtime: float) -> dict[str, dict[str, float]]:
    """attribute -> label -> weight of a model's state features; read once per model file (keyed on its size and
    modification time, so a retrained model is read again).

    The weights come from crfsuite's text dump. pycrfsuite's own ``Tagger.info()`` parser rejects some of our
    attributes, and dumping a model opened in memory crashes, so the file is opened by path and the dump read here.
    """
    import os
    import tempfile

    import pycrfsuite

    load_model(path)  # checks the file first: crfsuite crashes on a damaged header instead of raising
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "model.txt")
        tagger.dump(dump)
        with open(dump, encoding="utf-8", errors="replace") as handle:
            return parse_state_features(handle)


def parse_state_features(lines: Iterable[str]) -> dict[str, dict[str, float]]:
    """Read the STATE_FEATURES block of a crfsuite dump: lines ``  (n) ATTRIBUTE --> LABEL: WEIGHT``."""
    table: dict[str, dict[str, float]] = {}
    inside = False
    for line in lines:
        if not line.startswith(" "):
            inside = line.startswith("STATE_FEATURES")
            continue
        if not inside or ") " not in line:
            continue
        body, _, weight = line.strip().partition(") ")[2].rpartition(": ")
        attribute, _, label = body.rpartition(" --> ")
        if attribute:
            table.setdefault(attribute, {})[label] = float(weight)
    return table


def state_weights(model_path: str | Path) -> dict[str, dict[str, float]]:
    """The cached state-feature weight table of the model at ``model_path``."""
    path = Path(model_path).resolve()
    stat = path.stat()
    return _state_weights(str(path), stat.st_size, stat.st_mtime)


def explain(text: str, model: str | Path | None = None, top: int = 5) -> list[TokenExplanation]:
    """Each token of ``text`` with its label, confidence (marginal), runner-up label and the ``top`` features with
    the largest weights (by absolute value) for that label.

    The labels come from the tagging ``parse`` and ``tag`` run (:meth:`refparse.tagger.CRFTagger.tag_text`, whose
    two steps are taken here to keep the prepared input), so the three always agree. Tokens labelled in input preparation (a citation key, :mod:`refparse.prepare`) have
    no runner-up and no features: the model did not see them.
    """
    text = check_text(text)
    path = Path(model) if model is not None else default_model_path()
    tagger = CRFTagger(load_model(path))  # a clear ModelError for a missing or broken model
    weights = state_weights(path)
    model_input = prepare(text)
    tagged = tagger.tag_input(model_input, text)  # what tag_text does, keeping the prepared input for the features
    crf = tagger.thread_tagger()  # still holds the sequence the model tagged, for marginal()
    features = sequence_features(model_input.tokens)
    all_labels = list(crf.labels())
    first = len(model_input.labelled)
    out = []
    for token in tagged[:first]:
        out.append(TokenExplanation(token.text, token.start, token.end, token.label, token.confidence, None, 0.0, ()))
    for i, token in enumerate(tagged[first:]):
        marginals = sorted(((crf.marginal(label, i), label) for label in all_labels), reverse=True)
        runner = next(((p, label) for p, label in marginals if label != token.label), (0.0, None))
        active = [FeatureWeight(a, weights[a][token.label]) for a in features[i] if token.label in weights.get(a, {})]
        active.sort(key=lambda f: (-abs(f.weight), f.attribute))
        out.append(TokenExplanation(token.text, token.start, token.end, token.label, round(token.confidence, 4),
                                    runner[1], round(runner[0], 4), tuple(active[:top])))
    return out


def format_explanation(explanations: Sequence[TokenExplanation]) -> str:
    """A readable table: token, label, confidence, runner-up, top features with their weights."""
    width = min(max((len(e.text) for e in explanations), default=5), 24)
    lines = [f"{'token':<{width}}  {'label':<16} {'conf':>5}  {'runner-up':<22} top features (weight for the label)"]
    for e in explanations:
        runner = f"{e.runner_up} {e.runner_up_confidence:.2f}" if e.runner_up else ""
        feats = ", ".join(f"{f.attribute} {f.weight:+.2f}" for f in e.features)
        shown = e.text if len(e.text) <= width else e.text[: width - 1] + "…"
        lines.append(f"{shown:<{width}}  {e.label:<16} {e.confidence:5.2f}  {runner:<22} {feats}")
    return "\n".join(lines)
