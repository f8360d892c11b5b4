"""Table-driven cases for the corrections: a reference, the spans before a correction as (label, value) pairs,
and the spans it must give (or None: the correction must leave the spans as they are)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from refparse.corrections import Correction
from refparse.types import Span

Pair = tuple[str, str]


def spans_at(text: str, *parts: Pair) -> list[Span]:
    """Spans for (label, value) pairs, each value found in ``text`` after the one before."""
    spans, pos = [], 0
    for label, value in parts:
        start = text.index(value, pos)
        spans.append(Span(label, value, start, start + len(value), 0.9))
        pos = start + len(value)
    return spans


@dataclass(frozen=True)
class Case:
    """``before`` run through one correction gives ``after``; ``after`` None means the spans stay as they are."""

    id: str
    text: str
    before: tuple[Pair, ...]
    after: tuple[Pair, ...] | None = None
    #: Why the correction does not give ``after`` yet: a known flaw, run as a strict xfail.
    known_flaw: str | None = None

    @property
    def spans(self) -> list[Span]:
        return spans_at(self.text, *self.before)


def fixes(id: str, text: str, before: Sequence[Pair], after: Sequence[Pair], known_flaw: str | None = None) -> Case:
    """A case the correction exists for (``known_flaw``: why it does not give ``after`` yet)."""
    return Case(id, text, tuple(before), tuple(after), known_flaw)


def leaves(id: str, text: str, before: Sequence[Pair]) -> Case:
    """A case the correction must leave alone."""
    return Case(id, text, tuple(before))


def where(span: Span) -> tuple[str, str, int, int]:
    return span.label, span.text, span.start, span.end


def check(correction: Correction, case: Case) -> None:
    """Run ``case`` through ``correction`` alone and compare label, text and offsets of every span."""
    before = case.spans
    out = correction(case.text, list(before))
    assert all(s.text == case.text[s.start:s.end] for s in out), "a span's text is not the text at its offsets"
    if case.after is None:
        assert [where(s) for s in out] == [where(s) for s in before]
    else:
        assert [where(s) for s in out] == [where(s) for s in spans_at(case.text, *case.after)]


def params(table: Mapping[Correction, Iterable[Case]]) -> list:
    """pytest parameters (correction, case), one per case of ``table``, with readable ids."""
    import pytest

    return [pytest.param(c, case, id=f"{c.name}: {case.id}",
                         marks=[pytest.mark.xfail(strict=True, reason=case.known_flaw)] if case.known_flaw else [])
            for c, cases in table.items() for case in cases]
