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
"crf" or "rules", as in :func:`refparse.parse`), ``spans_key`` (default ``"refparse"``) and
``split_tokens`` (default true: see :class:`RefparseComponent`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..parser import check_method, shared_parser
from ..types import Reference

SPANS_KEY = "refparse"


class RefparseComponent:
    """Parses ``doc.text`` as one reference; sets ``doc.spans[spans_key]`` and ``doc._.reference``.

    Each span of the :class:`~refparse.types.Reference` becomes a spaCy span with that label ("author",
    "title", "container-title", ...). refparse's tokenizer and spaCy's cut some texts differently
    ("270:471-480" is one spaCy token, three for refparse): by default (``split_tokens``) the component splits
    a spaCy token where a span starts or ends inside it, so every spaCy span has exactly the Reference span's
    characters. With ``split_tokens=False`` the Doc's tokens are left alone and a span that does not fall on
    their boundaries keeps the whole tokens inside it, or, inside a single token, that token: no span is lost,
    and the exact offsets stay in ``doc._.reference.spans``.
    """

    def __init__(self, name: str = "refparse", model: str | None = None, method: str = "auto",
                 spans_key: str = SPANS_KEY, split_tokens: bool = True):
        self.name = name
        self.model = model
        self.method = check_method(method)
        self.spans_key = spans_key
        self.split_tokens = split_tokens
        if not Doc.has_extension("reference"):
            Doc.set_extension("reference", default=None)

    def __call__(self, doc: Doc) -> Doc:
        # The process's parser for (model, method): components of several pipelines, and the copies spaCy makes
        # for ``nlp.pipe(n_process=...)``, share the loaded model instead of reading it again.
        ref = shared_parser(self.model, self.method).parse(doc.text, errors="record")
        doc._.reference = ref
        if self.split_tokens:
            split_at_span_edges(doc, ref)
        doc.spans[self.spans_key] = list(_spacy_spans(doc, ref))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def split_at_span_edges(doc: Doc, ref: Reference) -> None:
    """Split every spaCy token that a span of ``ref`` starts or ends inside ("270:471-480" with volume "270"
    and pages "471-480" becomes "270", ":", "471-480"), so that each span falls on token boundaries exactly.
    Each new token is its own head: a blank pipeline has no parse to keep, and a parser placed after this
    component sees the split tokens."""
    edges = sorted({offset for span in ref.spans for offset in (span.start, span.end)})
    plans = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        inside = [offset for offset in edges if start < offset < end]
        if inside and not token.is_space:
            bounds = [start, *inside, end]
            plans.append((token, [token.text[a - start : b - start] for a, b in zip(bounds, bounds[1:])]))
    if plans:
        with doc.retokenize() as retokenizer:
            for token, pieces in plans:
                retokenizer.split(token, pieces, heads=[(token, i) for i in range(len(pieces))])


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
    default_config={"model": None, "method": "auto", "spans_key": SPANS_KEY, "split_tokens": True},
    assigns=["doc.spans", "doc._.reference"],
)
def make_refparse_component(nlp: Language, name: str, model: str | None, method: str, spans_key: str,
                            split_tokens: bool) -> RefparseComponent:
    """spaCy factory of the ``"refparse"`` component (see :class:`RefparseComponent`)."""
    return RefparseComponent(name, model=model, method=method, spans_key=spans_key, split_tokens=split_tokens)
