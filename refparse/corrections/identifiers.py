"""Identifiers the model missed or cut: a well-formed arXiv or PubMed id found by its pattern."""

from __future__ import annotations

from ..reading import anchors
from ..types import Span
from .base import Correction, proposal


def _anchors_of(label: str, doc: str) -> Correction:
    def propose(text: str, spans: list[Span]) -> list[Span]:
        # A URL the model found is left whole even where extraction broke it ("http://dx.doi. org/10.1016/..."):
        # a DOI inside it is part of the link.
        urls = [s for s in spans if s.label == "url"]
        return [a for a in anchors(text)
                if a.label == label and not any(u.start < a.end and a.start < u.end for u in urls)]

    propose.__doc__ = doc
    propose.__name__ = label
    return proposal(label, reads="url", writes=label)(propose)


identifier = _anchors_of("identifier", """An arXiv or PubMed id with its cue ("arXiv:1706.03762", "PMID: 12345678") the model did not
    label whole: the cue and the shape of the number make it near-certain.""")
