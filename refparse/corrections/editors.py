"""Editors and authors: who edited a book, read from the editor cues around the names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..types import Span
from .base import (
    EDITOR_AFTER,
    LEADING_EDITOR_CUE,
    correction,
    opening_span,
    proposal,
)


@proposal("leading-editor", reads="author", writes="editor")
def leading_editor(text: str, spans: Sequence[Span]) -> list[Span]:
    """Names that open a reference and carry an editor cue ("Weiss, G. (Hg.) 1999: Title", "Leach, Neil, ed.
    Title", "Vedder, Günther. (Hrsg.). (2006)") are the editors of the book, not its authors: so labelled 25 times
    to 5 in the training data."""
    first = opening_span(sorted(spans, key=lambda s: s.start))
    if first is None or first.label != "author" or not LEADING_EDITOR_CUE.match(text, first.end):
        return []
    return [replace(first, label="editor")]


@correction("editor-by-cue", reads="author publisher location note genre container-title title", writes="editor")
def editor_by_cue(text: str, spans: list[Span]) -> list[Span]:
    """Names followed by "(Hrsg.)" or "(eds.)" further into a reference ("in: Bundeskriminalamt (Hrsg.), Was
    ist Gewalt?", "in: Diana Sainsbury (Hg.): Gender and welfare") are editors, whatever the model called them, a
    book or a venue included: in the training data all 41 such spans are."""
    names = ("author", "publisher", "location", "note", "genre", "container-title", "title")
    return [replace(s, label="editor") if i > 0 and s.label in names and EDITOR_AFTER.match(text, s.end) else s
            for i, s in enumerate(spans)]

