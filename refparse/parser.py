"""The pipeline in one place: text -> tokens -> CRF labels -> spans -> normalised :class:`Reference`."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable
from pathlib import Path

from .corrections import correct_spans
from .errors import ModelError, ModelWarning
from .fallback import rule_spans, rule_tokens, rules_confidence
from .model import default_model_path, load_model
from .normalizers import normalise
from .prepare import MAX_REFERENCE_CHARS
from .spans import tokens_to_spans
from .tagger import CRFTagger
from .types import Reference, Token

#: Below this mean confidence a result carries a warning.
LOW_CONFIDENCE = 0.6

#: Parsing methods: "crf" the model alone, "rules" the rule-based parser alone, "auto" the model with the
#: rules' near-certain corrections (:data:`refparse.corrections.PIPELINE`), or the rules when no usable model exists.
METHODS = ("auto", "crf", "rules")

_warned_models: set[str] = set()
_warned_lock = threading.Lock()


def check_method(method: object) -> str:
    """Return ``method`` if it is one of :data:`METHODS`; otherwise raise a ValueError listing them."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, not {method!r}")
    return method  # type: ignore[return-value]


def _warn_fallback(model: str | Path | None, error: ModelError) -> None:
    """Warn once per process and model path that the rules replace a model that cannot be used."""
    key = str(Path(model) if model is not None else default_model_path())
    with _warned_lock:
        if key in _warned_models:
            return
        _warned_models.add(key)
    warnings.warn(
        f"no usable CRF model, parsing with the rule-based fallback (Reference.source == 'rules'): {error}",
        ModelWarning,
        stacklevel=4,
    )


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
    >>> parser = Parser(method="rules")    # no model at all: the rule-based parser

    ``method`` (see :data:`METHODS`) is the default of :meth:`parse` and :meth:`tag`. With "auto" the model is
    opened on first use; if it is missing, truncated, corrupt or from another feature version, one
    :class:`~refparse.errors.ModelWarning` (per process and model file) names the file and the cause and the
    rules take over. With "crf" such a model raises :class:`~refparse.errors.ModelError` at once.
    """

    def __init__(self, model: str | Path | None = None, method: str = "auto"):
        self.method = check_method(method)
        self._model_path = model
        self._tagger: CRFTagger | None = None
        self._model_error: ModelError | None = None
        self._load_lock = threading.Lock()
        if self.method == "crf":
            self._crf_tagger()

    @property
    def model(self):
        """The opened CRF model (:class:`refparse.model.Model`); raises ModelError when none is usable."""
        return self._crf_tagger().model

    def _crf_tagger(self) -> CRFTagger:
        if self._tagger is None and self._model_error is None:
            with self._load_lock:
                if self._tagger is None and self._model_error is None:
                    try:
                        self._tagger = CRFTagger(load_model(self._model_path))
                    except ModelError as exc:
                        self._model_error = exc
        if self._tagger is None:
            raise ModelError(str(self._model_error))
        return self._tagger

    def _resolve(self, method: str | None) -> str:
        """The method that will run: "crf", "hybrid" (auto with a model) or "rules"."""
        method = check_method(self.method if method is None else method)
        if method == "rules":
            return "rules"
        try:
            self._crf_tagger()
        except ModelError as exc:
            if method == "crf":
                raise
            _warn_fallback(self._model_path, exc)
            return "rules"
        return "crf" if method == "crf" else "hybrid"

    def tag(self, text: str, method: str | None = None) -> list[Token]:
        """Tokens of ``text`` with their label and confidence (from the rules' spans when the rules run)."""
        text = check_text(text)
        if self._resolve(method) == "rules":
            head = text[:MAX_REFERENCE_CHARS]
            return rule_tokens(head, rule_spans(head))
        return self._tag_crf(text)

    def _tag_crf(self, text: str) -> list[Token]:
        return self._crf_tagger().tag_text(text)

    def parse(self, text: str, method: str | None = None) -> Reference:
        """Parse one reference string into a :class:`Reference`. Never raises on a ``str``.

        ``method`` overrides the parser's own (see :data:`METHODS`). ``Reference.source`` says what produced
        the result: "crf" (the model alone), "hybrid" (the model, with at least one field corrected by the
        rules), "rules" (the rule-based parser: asked for, or no usable model). ``Reference.confidence`` is the
        mean token marginal of the CRF, or for the rules the mean of their per-field confidences
        (:data:`refparse.fallback.RULE_CONFIDENCE`); below :data:`LOW_CONFIDENCE` a warning is added.

        Only the first :data:`MAX_REFERENCE_CHARS` characters are parsed, so time stays bounded however long
        the input; a longer input gets a warning in ``Reference.warnings``. The input is never altered: control
        characters and lone surrogates stay in ``text`` and the spans (``json.dumps`` escapes them).
        Anything but a ``str`` raises a TypeError that says what was expected.
        """
        text = check_text(text)
        chosen = self._resolve(method)
        if chosen == "rules":
            spans = rule_spans(text[:MAX_REFERENCE_CHARS])
            ref = Reference(text=text, spans=spans, source="rules", confidence=rules_confidence(spans))
            tokens = []
        else:
            tokens = self._tag_crf(text)
            ref = Reference(text=text, spans=tokens_to_spans(text, tokens), source="crf")
            if chosen == "hybrid":
                ref.spans, corrected = correct_spans(text[:MAX_REFERENCE_CHARS], ref.spans)
                ref.source = "hybrid" if corrected else "crf"
        if len(text) > MAX_REFERENCE_CHARS:
            ref.warnings.append(
                f"input is {len(text)} characters; only the first {MAX_REFERENCE_CHARS} were parsed "
                "(is this a whole reference section? use refparse.split first)"
            )
        if tokens:
            ref.confidence = round(sum(t.confidence or 0.0 for t in tokens) / len(tokens), 4)
        if ref.confidence is not None:
            if ref.confidence < LOW_CONFIDENCE:
                ref.warnings.append(f"low confidence ({ref.confidence:.2f}): check this result")
        return normalise(ref)

    def parse_many(self, texts: Iterable[str], n_jobs: int = 1, batch_size: int = 256) -> list[Reference]:
        """Parse each text; order kept, exactly one result per input, a bad item gives an error record.

        ``n_jobs`` > 1 parses on that many processes (-1: every core), each loading this parser's model once;
        ``batch_size`` texts go to a process at a time. See :mod:`refparse.batch` (and its ``iter_parse`` to
        stream inputs too large for a list).
        """
        if isinstance(texts, (str, bytes)):  # iterating it would parse one character at a time
            raise TypeError(f"texts must be an iterable of str, not one {type(texts).__name__} (use parse)")
        if n_jobs == 1:
            return [self._parse_or_error(text) for text in texts]
        from .batch import (
            parse_many,  # the pool machinery is only imported when asked for
        )

        return parse_many(texts, n_jobs=n_jobs, batch_size=batch_size, model=self._model_path, method=self.method)

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
