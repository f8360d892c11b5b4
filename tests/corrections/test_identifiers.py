"""refparse.corrections.identifiers: arXiv and PubMed ids found by their near-certain patterns."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.identifiers import identifier
from refparse.types import Span

from ._cases import check, fixes, leaves, params

BROKEN_URL = "Smith, J. Title. http://dx.doi. org/10.1016/j.rse.2010.10.011. arXiv:1706.03762"
TESTS = "Smith, J. (2020). A study. Journal of Tests, 3, 1-9. doi:10.1234/abc.def-5"
TESTS_BEFORE = (("author", "Smith, J."), ("date", "2020"), ("title", "A study"), ("container-title", "Journal of Tests"),
                ("volume", "3"), ("pages", "1-9"))
VASWANI = "Vaswani, A., Shazeer, N., Parmar, N. (2017). Attention is all you need. arXiv:1706.03762."
PUBMED = "Doe, J. (2019). Gene study. Nature, 5, 1-9. PMID: 12345678."
PUBMED_BEFORE = (("author", "Doe, J."), ("date", "2019"), ("title", "Gene study"), ("container-title", "Nature"),
                 ("volume", "5"), ("pages", "1-9"))
KNUTH = "Knuth, D. E. (1997). The Art of Computer Programming. Reading: Addison-Wesley. ISBN 978-0-201-89683-1."
KNUTH_BEFORE = (("author", "Knuth, D. E."), ("date", "1997"), ("title", "The Art of Computer Programming"),
                ("location", "Reading"), ("publisher", "Addison-Wesley"))

TABLE = {
    identifier: [
        fixes("an arXiv id the model ran into the title", VASWANI,
              [("author", "Vaswani, A., Shazeer, N., Parmar, N."), ("date", "2017"),
               ("title", "Attention is all you need. arXiv")],
              [("author", "Vaswani, A., Shazeer, N., Parmar, N."), ("date", "2017"),
               ("title", "Attention is all you need"), ("identifier", "arXiv:1706.03762")]),
        fixes("a PubMed id labelled in part", PUBMED, [*PUBMED_BEFORE, ("note", "PMID: 1234")],
              [*PUBMED_BEFORE, ("identifier", "PMID: 12345678")]),
        fixes("an arXiv id after a broken URL", BROKEN_URL,
              [("author", "Smith, J."), ("url", "http://dx.doi. org/10.1016/j.rse.2010.10.011"), ("note", "arXiv")],
              [("author", "Smith, J."), ("url", "http://dx.doi. org/10.1016/j.rse.2010.10.011"),
               ("identifier", "arXiv:1706.03762")]),
        leaves("an arXiv id the model labelled whole", BROKEN_URL,
               [("author", "Smith, J."), ("url", "http://dx.doi. org/10.1016/j.rse.2010.10.011"),
                ("identifier", "arXiv:1706.03762")]),
        leaves("a DOI is no identifier of this kind", TESTS, [*TESTS_BEFORE, ("note", "doi:10.1234/abc.def-5")]),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


def test_correction_leaves_agreeing_spans_and_urls_alone():
    text = BROKEN_URL
    url_start = text.index("http")
    arxiv_start = text.index("arXiv")
    crf = [
        Span("author", "Smith, J.", 0, 9),
        Span("url", text[url_start : text.index(". arXiv")], url_start, text.index(". arXiv")),
        Span("identifier", "arXiv:1706.03762", arxiv_start, len(text)),
    ]
    fixed, changed = correct_spans(text, crf)
    assert not changed and fixed == crf
