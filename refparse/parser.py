"""The pipeline in one place: text -> tokens -> CRF labels -> spans -> normalised :class:`Reference`."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from .calibration import DEFAULT_REVIEW_BELOW, Calibration, field_confidence, needs_review
from .corrections import correct_spans
from .coverage import keep_identifiers, keep_words
from .errors import ModelError, ModelWarning
from .fallback import rule_spans, rule_tokens, rules_confidence
from .model import default_model_path, load_model
from .normalizers import normalise
from .prepare import MAX_REFERENCE_CHARS
from .spans import tokens_to_spans
from .tagger import CRFTagger
from .tokenize import Labelled
from .types import Reference, Token

#: Below this mean confidence a result carries a warning.
LOW_CONFIDENCE = 0.6

#: Parsing methods: "crf" the model alone, "rules" the rule-based parser, "auto" the model with the rules'
#: near-certain corrections (:data:`refparse.corrections.PIPELINE`), or the rules when no usable model exists.
#: "auto" and "rules" keep everything the input holds (:mod:`refparse.coverage`): every identifier in a span of
#: its label, every content word in some span; "crf" shows the model's own labels, as training scores them.
METHODS = ("auto", "crf", "rules")

#: What :meth:`Parser.parse` does when a text cannot be parsed: "raise" the exception, or "record" it, returning
#: the error record (:func:`error_record`) in place of a result.
ERRORS = ("raise", "record")

_warned_models: set[str] = set()
_warned_lock = threading.Lock()


def check_method(method: object) -> str:
    """Return ``method`` if it is one of :data:`METHODS`; otherwise raise a ValueError listing them."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, not {method!r}")
    return method  # type: ignore[return-value]


def check_errors(errors: object) -> str:
    """Return ``errors`` if it is one of :data:`ERRORS`; otherwise raise a ValueError listing them."""
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(map(repr, ERRORS))}, not {errors!r}")
    return errors  # type: ignore[return-value]


def error_record(item: object, cause: BaseException | str) -> Reference:
    """The record given in place of a result for an item that cannot be parsed: ``source == "error"``, the
    item as ``text`` when it is a ``str`` (else ""), and one warning: ``cause`` itself when it is a message,
    else the exception's type and message ("TypeError: text must be a str, not NoneType")."""
    warning = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
    return Reference(text=item if isinstance(item, str) else "", source="error", warnings=[warning],
                     needs_review=True)


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

    ``method`` (see :data:`METHODS`) is the default of :meth:`parse` and :meth:`tag`. ``review_below`` overrides
    the model card's threshold for ``Reference.needs_review`` (:mod:`refparse.calibration`); ``calibrate=False``
    leaves the card's calibration unused (the raw marginals, as calibration is fitted on). With "auto" the model is
    opened on first use; if it is missing, truncated, corrupt or from another feature version, one
    :class:`~refparse.errors.ModelWarning` (per process and model file) names the file and the cause and the
    rules take over. With "crf" such a model raises :class:`~refparse.errors.ModelError` at once.
    """

    def __init__(self, model: str | Path | None = None, method: str = "auto", review_below: float | None = None,
                 calibrate: bool = True):
        self.method = check_method(method)
        if review_below is not None and not 0.0 <= review_below <= 1.0:
            raise ValueError(f"review_below is a probability between 0 and 1, not {review_below!r}")
        self.review_below = review_below
        self.calibrate = calibrate
        self._calibration: Calibration | None = None
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
                        model = load_model(self._model_path)
                        self._calibration = Calibration.from_card(model.card, str(model.path))
                        self._tagger = CRFTagger(model)
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

    def _label_crf(self, text: str) -> list[Labelled]:
        """The model's labels as ``parse`` takes them to the spans: :meth:`_tag_crf` in lighter tuples."""
        return self._crf_tagger().tag_text(text, make=Labelled)

    def parse(self, text: str, method: str | None = None, errors: str = "raise") -> Reference:
        """Parse one reference string into a :class:`Reference`. Never raises on a ``str``.

        ``method`` overrides the parser's own (see :data:`METHODS`). ``Reference.source`` says what produced
        the result: "crf" (the model alone), "hybrid" (the model, with at least one field corrected by the
        rules or placed by :mod:`refparse.coverage`), "rules" (the rule-based parser: asked for, or no usable
        model). ``Reference.confidence`` is the mean token marginal of the CRF, or for the rules the mean of
        their per-field confidences (:data:`refparse.fallback.RULE_CONFIDENCE`); below :data:`LOW_CONFIDENCE` a
        warning is added.

        Only the first :data:`MAX_REFERENCE_CHARS` characters are parsed, so time stays bounded however long
        the input; a longer input gets a warning in ``Reference.warnings``. The input is never altered: control
        characters and lone surrogates stay in ``text`` and the spans (``json.dumps`` escapes them).

        ``errors`` (see :data:`ERRORS`) says what happens when ``text`` cannot be parsed (anything but a
        ``str`` is a TypeError that says what was expected; ``method="crf"`` without a usable model a
        ModelError): "raise" (the default) raises it, "record" returns :func:`error_record` instead
        (``source == "error"``, the exception named in ``warnings``), as a batch does for each bad item.
        A ``method`` or ``errors`` that is not one of its choices is a ValueError either way.
        """
        check_errors(errors)
        if method is not None:
            check_method(method)  # a wrong argument is the caller's mistake, never an error record
        try:
            text = check_text(text)
            chosen = self._resolve(method)
            if chosen == "rules":
                spans = rule_spans(text[:MAX_REFERENCE_CHARS])
                ref = Reference(text=text, spans=spans, source="rules", confidence=rules_confidence(spans))
                tokens = []
            else:
                tokens = self._label_crf(text)
                ref = Reference(text=text, spans=tokens_to_spans(text, tokens), source="crf")
                if chosen == "hybrid":
                    ref.spans, corrected = correct_spans(text[:MAX_REFERENCE_CHARS], ref.spans)
                    ref.source = "hybrid" if corrected else "crf"
            if chosen != "crf":
                ref = _keep_everything(ref)
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
            self._judge(ref, calibrate=chosen == "hybrid")
            return normalise(ref)
        except Exception as exc:
            if errors == "raise":
                raise
            return error_record(text, exc)  # the caller asked for a record (one bad item must not stop a batch)

    def _active_calibration(self) -> Calibration | None:
        return self._calibration if self.calibrate else None

    def review_below_in_use(self) -> float:
        """The ``needs_review`` threshold: ``review_below`` if given, else the model card's, else
        :data:`~refparse.calibration.DEFAULT_REVIEW_BELOW`."""
        if self.review_below is not None:
            return self.review_below
        calibration = self._active_calibration()
        return calibration.review_below if calibration is not None else DEFAULT_REVIEW_BELOW

    def _judge(self, ref: Reference, calibrate: bool) -> None:
        """Calibrate the spans' confidences (method auto, a calibrated model) and set the per-field confidence
        and ``needs_review``."""
        calibration = self._active_calibration()
        if calibrate and calibration is not None:
            ref.spans = calibration.calibrate(ref.spans, ref.confidence)
        ref.field_confidence = field_confidence(ref.spans)
        ref.needs_review = needs_review(ref.spans, self.review_below_in_use())


def _keep_everything(ref: Reference) -> Reference:
    """The guarantees of :mod:`refparse.coverage`: every identifier in a span of its label, every content word
    in some span. A model's record that they change is "hybrid", as one the corrections change."""
    spans = keep_identifiers(ref.text, ref.spans)
    spans, warnings = keep_words(ref.text, spans)
    if spans != ref.spans and ref.source == "crf":
        ref.source = "hybrid"
    ref.spans = spans
    ref.warnings.extend(warnings)
    return ref


_shared: dict[tuple[str | None, str], Parser] = {}
_shared_lock = threading.Lock()
_shared_built = 0  # parsers ever built by shared_parser in this process (see shared_parser_info)


def shared_parser(model: str | Path | None = None, method: str = "auto") -> Parser:
    """This process's parser for ``model`` (a .crfsuite path; None: the shipped model) and ``method``, built
    on first use and kept: the batch workers, the spaCy component and the Dask workers all use it, so a
    process opens each model once. Thread-safe; its model is opened on the first parse, as with any
    :class:`Parser` (with ``method="crf"`` at once, raising :class:`~refparse.errors.ModelError`, and then
    nothing is kept). A model file rewritten after its first use is not read again: build a :class:`Parser`
    to read it afresh."""
    global _shared_built
    key = (None if model is None else str(model), check_method(method))
    parser = _shared.get(key)
    if parser is None:
        with _shared_lock:  # several threads asking at once still build one parser
            parser = _shared.get(key)
            if parser is None:
                parser = Parser(model, method=method)
                _shared[key] = parser
                _shared_built += 1
    return parser


def shared_parser_info() -> dict[str, int]:
    """How many parsers :func:`shared_parser` holds in this process, and how many it ever built."""
    return {"parsers": len(_shared), "built": _shared_built}


def default_parser() -> Parser:
    """The process-wide parser on the shipped model (``shared_parser()``), loaded on first use."""
    return shared_parser()
