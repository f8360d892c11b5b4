"""refparse.corrections.numbers: volume, issue and pages labelled only in part (both left out of the pipeline)."""

from __future__ import annotations

import pytest

from refparse.corrections.numbers import pages, volume_issue

from ._cases import check, fixes, leaves, params

WEAK_TIES = "Granovetter, M. 1973. The Strength of Weak Ties. American Journal of Sociology 78: 1360-1380."
WEAK_TIES_BEFORE = (("author", "Granovetter, M."), ("date", "1973"), ("title", "The Strength of Weak Ties"),
                    ("container-title", "American Journal of Sociology"), ("volume", "78"))
KUEHL = "Kühl, S. (2004). Frauen. Soziale Welt, 54. Jg., Heft 22, S. 3-9."
IEEE = "Smith, J. Title. Journal, vol. 5, no. 2, pp. 1-9."
BANDURA = "Bandura, A. (1977). Self-efficacy. Psychological Review, 84 (2), 191-215."
BANDURA_BEFORE = (("author", "Bandura, A."), ("date", "1977"), ("title", "Self-efficacy"),
                  ("container-title", "Psychological Review"))

TABLE = {
    pages: [
        fixes("the first page alone", WEAK_TIES, [*WEAK_TIES_BEFORE, ("pages", "1360")],
              [*WEAK_TIES_BEFORE, ("pages", "1360-1380")]),
        fixes("the last page cut short", WEAK_TIES, [*WEAK_TIES_BEFORE, ("pages", "1360-13")],
              [*WEAK_TIES_BEFORE, ("pages", "1360-1380")]),
        leaves("the range labelled whole", WEAK_TIES, [*WEAK_TIES_BEFORE, ("pages", "1360-1380")]),
        leaves("a range the model gave another label: no part of it is pages", WEAK_TIES,
               [*WEAK_TIES_BEFORE, ("date", "1360-1380")]),
        leaves("a range of years is no page range", "Smith, J. (1990-1995). History of the years. Past, 12, 3-9.",
               [("author", "Smith, J."), ("pages", "1990"), ("title", "History of the years")]),
    ],
    volume_issue: [
        # the volume keeps the issue's cue ("Heft", "no."): one reason this correction does not run
        fixes("a German volume holding its issue", KUEHL,
              [("author", "Kühl, S."), ("date", "2004"), ("title", "Frauen"), ("container-title", "Soziale Welt"),
               ("volume", "54. Jg., Heft 22"), ("pages", "3-9")],
              [("author", "Kühl, S."), ("date", "2004"), ("title", "Frauen"), ("container-title", "Soziale Welt"),
               ("volume", "54. Jg., Heft"), ("issue", "22"), ("pages", "3-9")]),
        fixes("vol. and no. in one span", IEEE,
              [("author", "Smith, J."), ("title", "Title"), ("container-title", "Journal"),
               ("volume", "vol. 5, no. 2"), ("pages", "1-9")],
              [("author", "Smith, J."), ("title", "Title"), ("container-title", "Journal"),
               ("volume", "vol. 5, no."), ("issue", "2"), ("pages", "1-9")]),
        leaves("volume and issue apart already", BANDURA,
               [*BANDURA_BEFORE, ("volume", "84"), ("issue", "2"), ("pages", "191-215")]),
        leaves("a year in brackets after the volume is no issue", "Smith, J. Title. Journal 12 (1998), 1-9.",
               [("author", "Smith, J."), ("title", "Title"), ("container-title", "Journal"), ("volume", "12 (1998)"),
                ("pages", "1-9")]),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)
