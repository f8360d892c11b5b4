"""Tokens -> CRF labels with confidences (the marginal probability of each chosen label)."""

from __future__ import annotations

import threading

from .features import sequence_features
from .model import Model
from .prepare import ModelInput, prepare
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

    def tag(self, tokens: list[Token] | tuple[Token, ...]) -> list[Token]:
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

    def tag_input(self, model_input: ModelInput) -> list[Token]:
        """The tokens of a prepared input: those labelled in preparation, then the model's."""
        return list(model_input.labelled) + self.tag(model_input.tokens)

    def tag_text(self, text: str) -> list[Token]:
        """Prepare ``text`` (:func:`refparse.prepare.prepare`) and tag it; every token's text is the slice of
        ``text`` at its offsets. The one tagging call of ``parse``, ``tag``, ``explain`` and training."""
        model_input = prepare(text)
        tagged = self.tag_input(model_input)
        if model_input.text == text[: len(model_input.text)]:
            return tagged
        return [Token(text[t.start : t.end], t.start, t.end, t.label, t.confidence) for t in tagged]
