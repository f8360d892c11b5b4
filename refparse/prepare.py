"""Model input preparation, in one place: what happens to a reference string before the CRF sees it.

Three things, and nothing else:

1. The string is cut at :data:`MAX_REFERENCE_CHARS` (no reference is that long; tagging time grows with length).
2. Characters crfsuite cannot take (lone surrogates, control characters) are replaced in the copy the
   features are computed from, keeping every offset (:func:`crfsuite_safe`).
3. A citation key opening the reference ("Gill 2004 = S. P. D. Gill, ..."), as Italian, classics and
   archaeology bibliographies print it, is labelled ``citation-number`` here and the model tags the rest: it
   has seen citation numbers but no keys, so it reads the reference after the key as if it began there.

Every tagging path (``parse``, ``tag``, ``explain``, training's and cross-validation's scoring) goes through
:func:`prepare`, by way of :meth:`refparse.tagger.CRFTagger.tag_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import OUTSIDE
from .patterns import ANCHOR_CONFIDENCE, YEAR
from .tokenize import Piece, pieces
from .types import Token

#: Longer inputs are cut here (the parser adds a warning): no reference is this long.
MAX_REFERENCE_CHARS = 4000

# Lone surrogates cannot be encoded for crfsuite and control characters carry no meaning for it. Controls that
# str.isspace() counts as whitespace (\x0b \x0c \x1c-\x1f) are left alone: the tokenizer skips them, whereas a
# replacement character would turn them into tokens.
_UNSAFE = re.compile(r"[\ud800-\udfff\x00-\x08\x0e-\x1b\x7f]")

# "Gill 2004 = ": a short key ending in a year, then "=" and the reference.
_CITATION_KEY = re.compile(rf"\s*(\S[^=\n]{{0,48}}?\s{YEAR}[a-z]?)\s?=\s+(?=\S)")


def crfsuite_safe(text: str) -> str:
    """``text`` with the characters crfsuite cannot take replaced by U+FFFD (same length, same offsets)."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def citation_key(text: str) -> tuple[int, int, int] | None:
    """(start, end) of the key opening ``text`` ("Gill 2004" in "Gill 2004 = S. P. D. Gill, ...") and where the
    reference after its "=" begins; None if it opens with none."""
    m = _CITATION_KEY.match(text)
    return (m.start(1), m.end(1), m.end()) if m else None


@dataclass(frozen=True)
class ModelInput:
    """A reference made ready for the model.

    ``text`` is the crfsuite-safe copy of the (cut) input and ``masked`` whether that copy replaced any
    character; ``labelled`` are tokens labelled before the model (the citation key and its "="), ``tokens`` the
    pieces (text and offsets) the model tags. Offsets are into ``text``, which has the input's offsets.
    """

    text: str
    masked: bool
    labelled: tuple[Token, ...]
    tokens: tuple[Piece, ...]


def prepare(text: str) -> ModelInput:
    """Cut ``text``, make it safe for crfsuite and take off a citation key (see the module docstring)."""
    head = text[:MAX_REFERENCE_CHARS]
    safe = crfsuite_safe(head)
    masked = safe is not head
    key = citation_key(safe)
    if key is None:
        return ModelInput(safe, masked, (), tuple(pieces(safe)))
    _, end, rest = key
    labelled = tuple(Token(t.text, t.start, t.end, "citation-number" if t.end <= end else OUTSIDE, ANCHOR_CONFIDENCE)
                     for t in pieces(safe, 0, rest))
    tokens = tuple(pieces(safe, rest))
    return ModelInput(safe, masked, labelled, tokens)
