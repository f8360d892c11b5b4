"""Property tests: any segments through the normalisers never raise, and whatever they produce is written as
CSL-JSON that our schema accepts and as BibTeX that bibtexparser reads back field for field."""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser import middlewares as m
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refparse.formats.bibtex import to_bibtex
from refparse.formats.csl import to_csl, validate
from refparse.labels import LABELS
from refparse.normalizers import normalise
from refparse.types import Reference, Span

from .test_bibtex import VERBATIM, expected_back

# Letters, digits, punctuation and every LaTeX special, plus some accents and dashes.
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:()[]{}&%$#_~^\\'\"-–/@éßŁ") + ["et al.", " and ", "pp. ", "vol. "])
SEGMENT = st.lists(ALPHABET, min_size=1, max_size=25).map("".join)


@st.composite
def references(draw) -> Reference:
    """A Reference whose spans carry arbitrary text under arbitrary labels, laid out left to right."""
    pieces = draw(st.lists(st.tuples(st.sampled_from(LABELS), SEGMENT), min_size=1, max_size=8))
    text, spans = "", []
    for label, segment in pieces:
        start = len(text)
        text += segment + " "
        spans.append(Span(label, segment, start, start + len(segment)))
    return normalise(Reference(text=text, spans=spans))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(references())
def test_any_fields_give_valid_csl(ref):
    validate([to_csl(ref)])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(references())
def test_any_fields_give_bibtex_that_reads_back(ref):
    text = to_bibtex(ref, unicode=True)  # UTF-8 kept: exactly what a reader gives back (LaTeX mode: test_bibtex)
    raw = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(text, append_middleware=[m.LatexDecodingMiddleware()])
    assert not raw.failed_blocks and len(raw.entries) == 1
    back = {f.key: (raw if f.key in VERBATIM else decoded).entries[0].fields_dict[f.key].value
            for f in raw.entries[0].fields}
    assert back == expected_back(ref)
