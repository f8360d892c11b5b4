"""Tokens -> CRF labels with confidences (the marginal probability of each chosen label)."""

from __future__ import annotations

import re
import threading

from .features import sequence_features
from .labels import OUTSIDE
from .model import Model
from .rules import ANCHOR_CONFIDENCE, citation_key
from .tokenize import tokenize
from .types import Token

# Lone surrogates cannot be encoded for crfsuite and control characters carry no meaning for it; both are
# replaced in the copy that features are computed from, which keeps every offset as it is. Controls that
# str.isspace() counts as whitespace (\x0b \x0c \x1c-\x1f) are left alone: the tokenizer skips them, whereas a
# replacement character would turn them into tokens.
_UNSAFE = re.compile(r"[\ud800-\udfff\x00-\x08\x0e-\x1b\x7f]")


def crfsuite_safe(text: str) -> str:
    """``text`` with the characters crfsuite cannot take replaced by U+FFFD (same length, same offsets)."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


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

    def tag_text(self, text: str) -> list[Token]:
        """Tokenize and tag ``text``; every token's text is the slice of ``text`` at its offsets.

        A citation key opening ``text`` ("Gill 2004 = S. P. D. Gill, ...", :func:`refparse.rules.citation_key`)
        is labelled ``citation-number`` and the model tags the rest: it has seen citation numbers but no keys, so
        it reads the reference after the key as if it began there."""
        safe = crfsuite_safe(text)
        key = citation_key(safe)
        if key is None:
            tagged = self.tag(tokenize(safe))
        else:
            _, end, rest = key
            head = [Token(t.text, t.start, t.end, "citation-number" if t.end <= end else OUTSIDE, ANCHOR_CONFIDENCE)
                    for t in tokenize(safe[:rest])]
            tail = self.tag(tokenize(safe[rest:]))
            tagged = head + [Token(t.text, t.start + rest, t.end + rest, t.label, t.confidence) for t in tail]
        if safe is text:
            return tagged
        return [Token(text[t.start : t.end], t.start, t.end, t.label, t.confidence) for t in tagged]
