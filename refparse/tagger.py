"""Tokens -> CRF labels with confidences (the marginal probability of each chosen label)."""

from __future__ import annotations

import threading

from .features import sequence_features
from .model import Model
from .types import Token


class CRFTagger:
    """Labels token sequences with one model; safe to share between threads (one crfsuite Tagger per thread)."""

    def __init__(self, model: Model):
        self.model = model
        self._local = threading.local()

    def thread_tagger(self):
        """This thread's ``pycrfsuite.Tagger`` on the model, opened on first use."""
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._local.tagger = self.model.tagger()
        return tagger

    def labels(self) -> list[str]:
        return list(self.thread_tagger().labels())

    def tag(self, tokens: list[Token]) -> list[Token]:
        """Return ``tokens`` with ``label`` and ``confidence`` set."""
        if not tokens:
            return []
        tagger = self.thread_tagger()
        labels = tagger.tag(sequence_features(tokens))
        marginal = tagger.marginal
        return [
            Token(t.text, t.start, t.end, label, marginal(label, i))
            for i, (t, label) in enumerate(zip(tokens, labels))
        ]
