"""Table-driven tests for DOI, URL, arXiv, ISBN, PMID and PMCID normalisation."""

from __future__ import annotations

import pytest

from refparse.normalizers import identifiers as ids

# (function, input, expected)
IDENTIFIERS = [
    (ids.clean_doi, "doi:10.1000/xyz123.", "10.1000/xyz123"),
    (ids.clean_doi, "DOI: 10.1000/xyz123", "10.1000/xyz123"),
    (ids.clean_doi, "https://doi.org/10.1000/abc(1)2.", "10.1000/abc(1)2"),
    (ids.clean_doi, "http://dx.doi.org/10.1016/j.cell.2009.01.002).", "10.1016/j.cell.2009.01.002"),
    (ids.clean_doi, "doi.org/10.1000/x", "10.1000/x"),
    (ids.clean_doi, "10.1002/ (SICI)1097-4571", "10.1002/(SICI)1097-4571"),
    (ids.clean_doi, "https://doi.org/10.1000%2Fabc", "10.1000/abc"),
    (ids.clean_doi, "doi:10.1145/1234.5678,", "10.1145/1234.5678"),
    (ids.clean_doi, "not a doi", None),
    (ids.clean_url, "http://www.exam ple.com/a b.pdf.", "http://www.example.com/ab.pdf"),
    (ids.clean_url, "<https://x.org/y>", "https://x.org/y"),
    (ids.clean_url, "“https://x.org/y”", "https://x.org/y"),
    (ids.clean_url, "URL: http://x.org", "http://x.org"),
    (ids.clean_url, "Retrieved from https://x.org/a/", "https://x.org/a/"),
    (ids.clean_url, "Available at: http://x.org/.", "http://x.org/"),
    (ids.clean_url, "www.example.org/page;", "www.example.org/page"),
    (ids.find_arxiv, "arXiv:1706.03762", "1706.03762"),
    (ids.find_arxiv, "arXiv:1706.03762v5", "1706.03762v5"),
    (ids.find_arxiv, "https://arxiv.org/abs/1706.03762", "1706.03762"),
    (ids.find_arxiv, "arXiv:hep-th/9901001", "hep-th/9901001"),
    (ids.find_arxiv, "arXiv:math.GT/0309136", "math.GT/0309136"),
    (ids.find_arxiv, "1706.03762 [cs.CL]", "1706.03762"),
    (ids.find_arxiv, "arXiv preprint arXiv:1810.04805", "1810.04805"),
    (ids.find_arxiv, "pp. 1706.1800", None),
    (ids.find_arxiv, "hep-ph/9706210", "hep-ph/9706210"),  # old-style, without its cue
    (ids.find_issn, "ISSN: 0028-0836", "0028-0836"),
    (ids.find_issn, "issn:1476-4687", "1476-4687"),
    (ids.find_issn, "e-ISSN 1533489X", "1533-489X"),
    (ids.find_issn, "1533-4899", "1533-4899"),  # a segment that is an ISSN alone
    (ids.find_issn, "pp. 1533-4899", None),
    (ids.clean_isbn, "ISBN 978-3-16-148410-0", "9783161484100"),
    (ids.clean_isbn, "ISBN 0-306-40615-2", "0306406152"),
    (ids.clean_isbn, "ISBN 0-306-40615-3", None),  # checksum fails
    (ids.clean_isbn, "isbn: 080442957X", "080442957X"),
    (ids.clean_isbn, "978 0 306 40615 7", "9780306406157"),
    (ids.find_pmid, "PMID: 12345678", "12345678"),
    (ids.find_pmid, "pmid 1234", "1234"),
    (ids.find_pmcid, "PMCID: PMC1234567", "PMC1234567"),
    (ids.find_pmcid, "pmc1234567", "PMC1234567"),
    (ids.find_pmcid, "PMCID:PMCPMC3597270", "PMC3597270"),  # the prefix doubled
]


@pytest.mark.parametrize(("function", "text", "expected"), IDENTIFIERS,
                         ids=[f"{f.__name__}:{t}" for f, t, _ in IDENTIFIERS])
def test_identifiers(function, text, expected):
    assert function(text) == expected


def test_table_covers_at_least_fifteen_forms():
    assert len(IDENTIFIERS) >= 15


@pytest.mark.parametrize("digits", ["0306406152", "9780306406157", "080442957X"])
def test_isbn_checksum_rejects_every_single_digit_change(digits):
    assert ids.isbn_checksum_ok(digits)
    for i, ch in enumerate(digits[:-1]):
        changed = digits[:i] + str((int(ch) + 1) % 10) + digits[i + 1 :]
        assert not ids.isbn_checksum_ok(changed)
