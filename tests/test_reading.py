"""refparse.reading: the character-level readers the fallback parser and the corrections share."""

from __future__ import annotations

import pytest

from refparse.reading import author_list_end, find_identifiers, sentence_end


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Smith, J. A., Jones, B., & Lee, C. (2001). T.", "Smith, J. A., Jones, B., & Lee, C."),
        ("Monneret G, Labaune JM, Isaac C. Procalcitonin levels.", "Monneret G, Labaune JM, Isaac C."),
        ("Wieland K. Distribution and mortality of cod eggs.", "Wieland K."),
        ("Rotzoll, K., S. B. Gingerich, and A. I. El-Kadi. 2013.", "Rotzoll, K., S. B. Gingerich, and A. I. El-Kadi"),
        ("K. MARUYAMA, K. TARDA et Y. YAMAMOTO. Chem. Lett.", "K. MARUYAMA, K. TARDA et Y. YAMAMOTO"),
        ("R. Hartshorne, Algebraic Geometry, Springer (1977)", "R. Hartshorne"),
        ("Johnson, et al., Endocrinology 124(3)", "Johnson, et al."),
        ("Lars Hormander. Fourier integral operators.", "Lars Hormander"),
        ("Mark Finch, Russell M. Taylor II, and Richard Superfine. Tools.", "Mark Finch, Russell M. Taylor II, and Richard Superfine"),
        ("The Structure of Things. 2001.", ""),
    ],
)
def test_author_lists_end_where_the_names_end(text, names):
    assert text[: author_list_end(text, 0)] == names


def test_sentence_end_skips_initials_and_abbreviations():
    text = "Proc. Natl. Acad. Sci. USA 93. Next"
    assert text[: sentence_end(text, 0, len(text), venue=True)] == "Proc. Natl. Acad. Sci. USA 93"
    title = "Waves that appear from nowhere .Physics Letters A"
    assert title[: sentence_end(title, 0, len(title))] == "Waves that appear from nowhere"


@pytest.mark.parametrize("text, found", [
    ("Cortex 50, 125. http://doi.org/10.1016/j.cortex.2013.07.011",
     [("url", "http://doi.org/10.1016/j.cortex.2013.07.011"), ("doi", "10.1016/j.cortex.2013.07.011")]),
    ("x https://doi. org/10.1016/j.x.1 y", [("url", "https://doi. org/10.1016/j.x.1"), ("doi", "10.1016/j.x.1")]),
    ("doi:10.1016/j. cortex.2013.07.011. Accessed", [("doi", "10.1016/j. cortex.2013.07.011")]),
    ("See http:// dx.doi.org/10.1000/a1 now", [("url", "http:// dx.doi.org/10.1000/a1"), ("doi", "10.1000/a1")]),
    ("At https://github.com/ google-research/bert. Retrieved", [("url", "https://github.com/ google-research/bert")]),
    ("Cut https://x.org/page. retrieved 2020", [("url", "https://x.org/page")]),
    ("Host http://www.gtz.de. Zum Projekt", [("url", "http://www.gtz.de")]),
    ("Link https://x.org/a/28802646(accessed 2 May 2019)", [("url", "https://x.org/a/28802646")]),
    ("10.1000/abc. 2020.", [("doi", "10.1000/abc")]),
    ("https://www.aa.org/_ 10.1000/a00", [("url", "https://www.aa.org/_"), ("doi", "10.1000/a00")]),
    ("https://www.aa.org/_ doi:10.1000/a00", [("url", "https://www.aa.org/_"), ("doi", "10.1000/a00")]),
    ("http://dx.doi.org/ 10.1061/(ASCE)0733", [("url", "http://dx.doi.org/ 10.1061/(ASCE)0733"),
                                               ("doi", "10.1061/(ASCE)0733")]),
    ("vol. 10. 1234, pp. 5", []),
    ("arXiv:1412.7054 [cs.LG]; 1706.03762 [cs.CL]; hep-th/9901001",
     [("arxiv", "arXiv:1412.7054 [cs.LG]"), ("arxiv", "1706.03762 [cs.CL]"), ("arxiv", "hep-th/9901001")]),
    ("PMID: 12345678. PMCID: PMC1234567. PMCID:PMCPMC3597270",
     [("pmid", "PMID: 12345678"), ("pmcid", "PMCID: PMC1234567"), ("pmcid", "PMCID:PMCPMC3597270")]),
    ("ISBN 978-3-16-148410-0; also 978-0-12-345678-9. ISSN: 0028-0836, e-ISSN 1533-4899",
     [("isbn", "978-3-16-148410-0"), ("isbn", "978-0-12-345678-9"), ("issn", "ISSN: 0028-0836"),
      ("issn", "e-ISSN 1533-4899")]),
])
def test_find_identifiers_finds_each_once_and_joins_certain_breaks(text, found):
    assert [(i.kind, text[i.start:i.end]) for i in find_identifiers(text)] == found


def test_an_identifier_inside_a_link_is_marked_so():
    text = "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567 and https://doi.org/10.1000/x"
    assert [(i.kind, i.inside) for i in find_identifiers(text)] == [
        ("url", False), ("pmcid", True), ("url", False), ("doi", True)]
