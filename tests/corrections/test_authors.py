"""refparse.corrections.authors: author lists the model cut short or ran on into the title."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.authors import author_overrun, initials_overrun
from refparse.types import spans_fields

from ._cases import check, fixes, leaves, params, spans_at

PUCCI = "P. Pucci, Odysseus Polutropos, Ithaca and London 1987."
SILVA = "SILVA, J. A. Educação e sociedade. Revista Brasileira de Educação, v. 20, n. 3, p. 10-20, 2015."
VENUE = ("container-title", "Revista Brasileira de Educação")
# (text, spans): names that may be names, in physics style, in capitals
MAY_BE_NAMES = [
    ("C. W. Misner, K. S. Thorne, and J. A. Wheeler, Gravitation (1973).",
     [("author", "C. W. Misner, K. S. Thorne, and J. A. Wheeler"), ("date", "1973")]),
    ("R. Diener, LCTPC Collaboration, Phys. Procedia 37 (2012) 456.",
     [("author", "R. Diener, LCTPC Collaboration"), ("container-title", "Phys. Procedia"), ("volume", "37")]),
    ("C. L., CRAIG, A. L. MARSHALL (2003).", [("author", "C. L., CRAIG, A. L. MARSHALL"), ("date", "2003")]),
]
TABLE = {
    author_overrun: [
        fixes("a short title taken for a name", PUCCI,
              [("author", "P. Pucci, Odysseus Polutropos"), ("location", "Ithaca and London"), ("date", "1987")],
              [("author", "P. Pucci"), ("title", "Odysseus Polutropos"), ("location", "Ithaca and London"),
               ("date", "1987")]),
        fixes("a title in lower case", "L. Bottin, Ermeneutica e oralità, Roma 1983",
              [("author", "L. Bottin, Ermeneutica e oralità"), ("location", "Roma"), ("date", "1983")],
              [("author", "L. Bottin"), ("title", "Ermeneutica e oralità"), ("location", "Roma"), ("date", "1983")]),
        *[leaves(parts[0][1], text, parts) for text, parts in MAY_BE_NAMES],
        leaves("a reference with a title of its own", PUCCI,
               [("author", "P. Pucci, Odysseus Polutropos"), ("title", "Ithaca")]),
    ],
    initials_overrun: [
        fixes("an ABNT title after the initials", SILVA,
              [("author", "SILVA, J. A. Educação e sociedade"), VENUE],
              [("author", "SILVA, J. A."), ("title", "Educação e sociedade"), VENUE]),
        fixes("after the last of two names", "SILVA, J. A.; SOUZA, M. Educação e sociedade. Revista Brasileira de "
              "Educação, 2015.", [("author", "SILVA, J. A.; SOUZA, M. Educação e sociedade"), VENUE],
              [("author", "SILVA, J. A.; SOUZA, M."), ("title", "Educação e sociedade"), VENUE]),
        leaves("more inverted names", "Smith, J. A. and Jones, B. Nature 3, 2001.",
               [("author", "Smith, J. A. and Jones, B."), ("container-title", "Nature")]),
        leaves("a name with particles", "Smith, J. A. and van der Berg, K. 2001.",
               [("author", "Smith, J. A. and van der Berg, K.")]),
        leaves("a capitalised name with no title word", "Wright, J. R. Hamilton Jones 2001.",
               [("author", "Wright, J. R. Hamilton Jones")]),
        leaves("given names first", "J. A. Silva, Educação e sociedade, 2015.",
               [("author", "J. A. Silva, Educação e sociedade")]),
        leaves("a title found by the model", SILVA,
               [("author", "SILVA, J. A. Educação"), ("title", "sociedade"), VENUE]),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


def test_a_short_title_taken_for_a_name_is_cut_from_the_authors():
    text = PUCCI
    crf = spans_at(text, ("author", "P. Pucci, Odysseus Polutropos"), ("location", "Ithaca and London"),
                   ("date", "1987"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed) == {"author": ["P. Pucci"], "title": ["Odysseus Polutropos"],
                                   "location": ["Ithaca and London"], "date": ["1987"]}


@pytest.mark.parametrize(("text", "parts"), MAY_BE_NAMES)
def test_authors_that_may_be_names_are_not_cut(text, parts):
    crf = spans_at(text, *parts)
    assert correct_spans(text, crf) == (crf, False)
