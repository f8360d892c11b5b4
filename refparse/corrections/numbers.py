"""Volume, issue and pages the model labelled only in part."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..fallback import BARE_RANGE, ISSUE_CUE, VOLUME_ISSUE, is_year_range
from ..patterns import ANCHOR_CONFIDENCE, YEAR
from ..types import Span
from .base import (
    proposal,
)


@proposal("pages", reads="pages", writes="pages")
def pages(text: str, spans: Sequence[Span]) -> list[Span]:
    """A page range ("123-145", "pp. 12–19") of which the CRF labelled only a part as pages: all of it."""
    out = []
    for m in BARE_RANGE.finditer(text):
        start, end = m.span(1)
        if is_year_range(m.group(1)):
            continue
        inside = [s for s in spans if s.start < end and start < s.end]
        if any(s.label == "pages" for s in inside) and not any(s.start <= start and end <= s.end for s in inside):
            lo = min([start] + [s.start for s in inside if s.label == "pages"])
            hi = max([end] + [s.end for s in inside if s.label == "pages"])
            out.append(Span("pages", text[lo:hi], lo, hi, ANCHOR_CONFIDENCE))
    return out


@proposal("volume-issue", reads="volume", writes="issue")
def volume_issue(text: str, spans: Sequence[Span]) -> list[Span]:
    """A volume span holding an issue too ("54. Jg., Heft 22", "12 (3)", "vol. 5, no. 2"): the issue apart."""
    out = []
    for span in spans:
        if span.label != "volume":
            continue
        m = ISSUE_CUE.search(text, span.start, span.end) or VOLUME_ISSUE.search(text, span.start, span.end)
        if m and m.end() <= span.end and m.lastindex:
            group = m.lastindex
            if not re.fullmatch(YEAR, m.group(group)) and m.start(group) > span.start:
                out.append(Span("issue", m.group(group), m.start(group), m.end(group), span.confidence))
    return out
