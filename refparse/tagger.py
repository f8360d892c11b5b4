"""Tokens -> CRF labels with confidences (the marginal probability of each chosen label)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from .features import sequence_features
from .model import Model
from .prepare import ModelInput, prepare
from .tokenize import Labelled, Piece
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

    def tag(self, tokens: Sequence[Piece | Token], make: type[Labelled] | type[Token] = Token) -> list:
        """Return ``tokens`` as Tokens (or ``make``, :class:`~refparse.tokenize.Labelled` for ``parse``)
        with ``label`` and ``confidence`` set."""
        if not tokens:
            return []
        tagger = self.thread_tagger()
        labels = tagger.tag(sequence_features(tokens))
        marginal = tagger.marginal
        return [
            make(t.text, t.start, t.end, label, marginal(label, i))
            for i, (t, label) in enumerate(zip(tokens, labels))
        ]

    def tag_input(self, model_input: ModelInput, text: str,
                  make: type[Labelled] | type[Token] = Token) -> list:
        """The tokens of ``model_input`` (:func:`refparse.prepare.prepare` of ``text``): those labelled in
        preparation, then the model's; every token's text is the slice of ``text`` at its offsets."""
        tagged = list(model_input.labelled) + self.tag(model_input.tokens, make)
        if not model_input.masked:
            return tagged
        return [make(text[t.start : t.end], t.start, t.end, t.label, t.confidence) for t in tagged]

    def tag_text(self, text: str, make: type[Labelled] | type[Token] = Token) -> list:
        """Prepare ``text`` and tag it: the one tagging call of ``parse``, ``tag``, ``explain`` and training.
        Tokens by default; ``parse``, which hands out spans rather than tokens, asks for the lighter
        :class:`~refparse.tokenize.Labelled`."""
        return self.tag_input(prepare(text), text, make)
