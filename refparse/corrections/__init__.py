"""Corrections of the model's spans: what ``parse`` runs after the CRF, in order.

:data:`PIPELINE` is the whole story. Each :class:`Correction` reads the reference text and the spans so far
and returns corrected spans; each is applied to what the ones before it returned, so the order matters (editors
are settled before the book's title is, titles are joined before a venue is cut out of one). Two kinds:

- quoted titles the model ran past their closing quote, cut at the quote;
- structure: the model's spans held to the structure of a reference as the training data has it, where the
  model strays from it (a second title after the editors is the book; names with "(Hrsg.)" are editors; a
  venue with neither title nor numbers is a book's title; ...).

Each correction's docstring says what it fixes and why it is safe, most with the count in the training data
behind it. What each adds with the shipped model is in ``reports/corrections.md``
(``python training/ablate_corrections.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..types import Span
from . import authors, editors, titles, venues
from .base import Correction

__all__ = ["PIPELINE", "Correction", "correct_spans", "corrections_named"]

PIPELINE: tuple[Correction, ...] = (
    editors.leading_editor,
    titles.book_title,
    titles.join_titles,
    authors.author_overrun,
    authors.initials_overrun,
    venues.lone_container,
    venues.venue_in_title,
)

_BY_NAME: dict[str, Correction] = {c.name: c for c in PIPELINE}


def corrections_named(names: Iterable[str]) -> tuple[Correction, ...]:
    """The corrections called ``names``, in :data:`PIPELINE` order; a ValueError names any unknown one."""
    names = list(names)
    unknown = sorted(set(names) - set(_BY_NAME))
    if unknown:
        raise ValueError(f"unknown corrections: {', '.join(unknown)} (known: {', '.join(_BY_NAME)})")
    return tuple(c for c in PIPELINE if c.name in names)


def correct_spans(text: str, spans: Sequence[Span],
                  pipeline: Sequence[Correction] = PIPELINE) -> tuple[list[Span], bool]:
    """Run ``pipeline`` over the model's ``spans`` of ``text``; returns (spans, whether any changed)."""
    out = list(spans)
    for step in pipeline:
        out = step(text, out)
    return out, out != list(spans)
