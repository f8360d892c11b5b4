"""refparse.corrections.editors: who edited a book, read from the editor cues around the names."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.editors import leading_editor
from refparse.types import Span, spans_fields

from ._cases import check, fixes, leaves, params

# (text, the names opening it): an editor cue after them
LEADING_EDITORS = [
    ("Weiss, G. (Hg.) 1999, Multiagent Systems. MIT Press: Cambridge, Mass.", "Weiss, G."),
    ("G. Camassa (a c. di), Idea e realtà del viaggio, Genova 1991.", "G. Camassa"),
    ("Leach, Neil, ed. Rethinking Architecture. London: Routledge, 1997.", "Leach, Neil"),
    # a full stop between the names and the cue
    ("Vedder, Günther. (Hrsg.). (2006). Managing Equity and Diversity at Universities. München", "Vedder, Günther"),
]
WEISS = "Weiss, G. (1999). Multiagent Systems (eds. A and B). MIT Press."

TABLE = {
    leading_editor: [
        *[fixes(names, text, [("author", names)], [("editor", names)]) for text, names in LEADING_EDITORS],
        fixes("after a citation number", "[3] Weiss, G. (Hg.) 1999, Multiagent Systems.",
              [("citation-number", "[3]"), ("author", "Weiss, G."), ("date", "1999")],
              [("citation-number", "[3]"), ("editor", "Weiss, G."), ("date", "1999")]),
        leaves("an editor cue further on is not the names'", WEISS, [("author", "Weiss, G.")]),
        leaves("editors already", LEADING_EDITORS[0][0], [("editor", "Weiss, G."), ("date", "1999")]),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


@pytest.mark.parametrize(("text", "names"), LEADING_EDITORS)
def test_names_opening_a_reference_with_an_editor_cue_are_editors(text, names):
    crf = [Span("author", names, 0, len(names))]
    fixed, changed = correct_spans(text, crf)
    assert changed and spans_fields(fixed) == {"editor": [names]}


def test_authors_without_an_editor_cue_stay_authors():
    text = WEISS
    crf = [Span("author", "Weiss, G.", 0, 9)]
    assert correct_spans(text, crf) == (crf, False)
