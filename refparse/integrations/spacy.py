"""The ``"refparse"`` spaCy pipeline component: each Doc is one reference string.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("refparse")                       # doctest: +SKIP
>>> doc = nlp("Smith, J. (2001). A title. Journal of Things, 3(2), 1-9.")
>>> [(span.label_, span.text) for span in doc.spans["refparse"]]   # doctest: +SKIP
[('author', 'Smith, J.'), ('date', '2001'), ('title', 'A title'), ...]
>>> doc._.reference.year                           # doctest: +SKIP
2001

The factory is registered twice over: through the ``spacy_factories`` entry point of the installed package (so
``add_pipe("refparse")`` works without importing anything first) and by importing this module (so it works from
a source checkout too). Settings: ``model`` (a .crfsuite file, default the shipped model), ``method`` ("auto",
"crf" or "rules", as in :func:`refparse.parse`) and ``spans_key`` (default ``"refparse"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..parser import Parser, check_method, default_parser
from ..types import Reference

SPANS_KEY = "refparse"

#: One parser per (model, method) in each process: components of several pipelines, and the copies spaCy makes
#: for ``nlp.pipe(n_process=...)``, share the loaded model instead of reading it again.
_parsers: dict[tuple[str | None, str], Parser] = {}


def _parser(model: str | None, method: str) -> Parser:
    key = (model, method)
    if key not in _parsers:
        _parsers[key] = default_parser() if model is None and method == "auto" else Parser(model, method=method)
    return _parsers[key]


class RefparseComponent:
    """Parses ``doc.text`` as one reference; sets ``doc.spans[spans_key]`` and ``doc._.reference``.

    Each span of the :class:`~refparse.types.Reference` becomes a spaCy span with that label ("author",
    "title", "container-title", ...). refparse's tokenizer and spaCy's may cut a text differently: a span that
    does not fall on spaCy's token boundaries keeps the whole tokens inside it, or, when it lies inside a single
    spaCy token, that token; so no span is lost, and the exact offsets stay in ``doc._.reference.spans``.
    """

    def __init__(self, name: str = "refparse", model: str | None = None, method: str = "auto",
                 spans_key: str = SPANS_KEY):
        self.name = name
        self.model = model
        self.method = check_method(method)
        self.spans_key = spans_key
        if not Doc.has_extension("reference"):
            Doc.set_extension("reference", default=None)

    def __call__(self, doc: Doc) -> Doc:
        ref = _parser(self.model, self.method)._parse_or_error(doc.text)
        doc._.reference = ref
        doc.spans[self.spans_key] = list(_spacy_spans(doc, ref))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _spacy_spans(doc: Doc, ref: Reference):
    """The Reference's spans on spaCy's tokens: exact where the token boundaries agree, else the tokens inside
    the span ("contract"), else the tokens it touches ("expand": a span inside one spaCy token)."""
    for span in ref.spans:
        for mode in ("strict", "contract", "expand"):
            spacy_span = doc.char_span(span.start, span.end, label=span.label, alignment_mode=mode)
            if spacy_span is not None and len(spacy_span):
                yield spacy_span
                break


@Language.factory(
    "refparse",
    default_config={"model": None, "method": "auto", "spans_key": SPANS_KEY},
    assigns=["doc.spans", "doc._.reference"],
)
def make_refparse_component(nlp: Language, name: str, model: str | None, method: str,
                            spans_key: str) -> RefparseComponent:
    """spaCy factory of the ``"refparse"`` component (see :class:`RefparseComponent`)."""
    return RefparseComponent(name, model=model, method=method, spans_key=spans_key)
