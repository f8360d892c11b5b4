"""refparse.corrections.authors: author lists the model cut short or ran on into the title."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.authors import author_overrun
from refparse.types import spans_fields

from ._cases import check, fixes, leaves, params, spans_at

PUCCI = "P. Pucci, Odysseus Polutropos, Ithaca and London 1987."
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
