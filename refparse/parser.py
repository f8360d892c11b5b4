"""The pipeline in one place: text -> tokens -> CRF labels -> spans -> normalised :class:`Reference`."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from .model import load_model
from .normalizers import normalise
from .spans import tokens_to_spans
from .tagger import CRFTagger
from .tokenize import tokenize
from .types import Reference, Token

#: Longer inputs are cut here (with a warning): no reference is this long, and tagging time grows with length.
MAX_REFERENCE_CHARS = 4000

#: Below this mean confidence a result carries a warning.
LOW_CONFIDENCE = 0.6

# Lone surrogates cannot be encoded for crfsuite and control characters carry no meaning for it; both are
# replaced in the copy that features are computed from, which keeps every offset as it is.
_UNSAFE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(text: object, what: str = "text") -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a TypeError that says what was expected."""
    if isinstance(text, str):
        return text
    hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    if isinstance(text, (list, tuple)):
        hint = " (use refparse.parse_many for several references)"
    raise TypeError(f"{what} must be a str, not {type(text).__name__}{hint}")


class Parser:
    """A reference parser bound to one model; thread-safe; load once and reuse.

    >>> parser = Parser()                  # the shipped model
    >>> parser = Parser("my.crfsuite")     # a model of your own (its .card.json beside it)
    """

    def __init__(self, model: str | Path | None = None):
        self.model = load_model(model)
        self._tagger = CRFTagger(self.model)

    def tag(self, text: str) -> list[Token]:
        """Tokens of ``text`` with their label and confidence."""
        text = check_text(text)
        head = text[:MAX_REFERENCE_CHARS]
        if not _UNSAFE.search(head):
            return self._tagger.tag(tokenize(head))
        tagged = self._tagger.tag(tokenize(_UNSAFE.sub("\ufffd", head)))
        return [Token(text[t.start : t.end], t.start, t.end, t.label, t.confidence) for t in tagged]

    def parse(self, text: str) -> Reference:
        """Parse one reference string into a :class:`Reference`. Never raises on a ``str``.

        Only the first :data:`MAX_REFERENCE_CHARS` characters are parsed, so time stays bounded however long
        the input; a longer input gets a warning in ``Reference.warnings``. The input is never altered: control
        characters and lone surrogates stay in ``text`` and the spans (``json.dumps`` escapes them).
        Anything but a ``str`` raises a TypeError that says what was expected.
        """
        text = check_text(text)
        tokens = self.tag(text)
        ref = Reference(text=text, spans=tokens_to_spans(text, tokens), source="crf")
        if len(text) > MAX_REFERENCE_CHARS:
            ref.warnings.append(
                f"input is {len(text)} characters; only the first {MAX_REFERENCE_CHARS} were parsed "
                "(is this a whole reference section? use refparse.split first)"
            )
        if tokens:
            ref.confidence = round(sum(t.confidence or 0.0 for t in tokens) / len(tokens), 4)
            if ref.confidence < LOW_CONFIDENCE:
                ref.warnings.append(f"low confidence ({ref.confidence:.2f}): check this result")
        return normalise(ref)

    def parse_many(self, texts: Iterable[str]) -> list[Reference]:
        """Parse each text; order kept, exactly one result per input, a bad item gives an error record."""
        if isinstance(texts, (str, bytes)):  # iterating it would parse one character at a time
            raise TypeError(f"texts must be an iterable of str, not one {type(texts).__name__} (use parse)")
        return [self._parse_or_error(text) for text in texts]

    def _parse_or_error(self, text: object) -> Reference:
        try:
            return self.parse(text)  # type: ignore[arg-type]
        except Exception as exc:  # one bad item must not stop a batch
            shown = text if isinstance(text, str) else ""
            return Reference(text=shown, source="error", warnings=[f"{type(exc).__name__}: {exc}"])


_default: Parser | None = None
_default_lock = threading.Lock()


def default_parser() -> Parser:
    """The process-wide parser on the shipped model, loaded on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Parser()
    return _default
