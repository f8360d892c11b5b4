"""refparse.corrections.editors: who edited a book, read from the editor cues around the names."""

from __future__ import annotations


import pytest

from refparse.corrections import correct_spans
from refparse.corrections.editors import editor_by_cue, leading_editor
from refparse.types import Span, spans_fields

from ._cases import check, fixes, leaves, params, spans_at

# (text, the names opening it): an editor cue after them
LEADING_EDITORS = [
    ("Weiss, G. (Hg.) 1999, Multiagent Systems. MIT Press: Cambridge, Mass.", "Weiss, G."),
    ("G. Camassa (a c. di), Idea e realtà del viaggio, Genova 1991.", "G. Camassa"),
    ("Leach, Neil, ed. Rethinking Architecture. London: Routledge, 1997.", "Leach, Neil"),
    # a full stop between the names and the cue
    ("Vedder, Günther. (Hrsg.). (2006). Managing Equity and Diversity at Universities. München", "Vedder, Günther"),
]
WEISS = "Weiss, G. (1999). Multiagent Systems (eds. A and B). MIT Press."
NEIDHARDT = "Neidhardt, F., 1986: Gewalt. S. 109-147 in: Bundeskriminalamt (Hrsg.), Was ist Gewalt? Wiesbaden: BKA."
SAINSBURY = ("Sainsbury, Diana (1999). Gender, Policy Regimes, and Politics, in: Diana Sainsbury (Hg.): Gender and "
             "welfare states regimes, Oxford, 245-275.")


def _sainsbury(label):
    return [("author", "Sainsbury, Diana"), ("date", "1999"), ("title", "Gender, Policy Regimes, and Politics"),
            (label, "Diana Sainsbury"), ("title", "Gender and welfare states regimes"), ("location", "Oxford"),
            ("pages", "245-275")]


def _neidhardt(label):
    return [("author", "Neidhardt, F."), ("date", "1986"), ("title", "Gewalt"), ("pages", "109-147"),
            (label, "Bundeskriminalamt"), ("title", "Was ist Gewalt?"), ("location", "Wiesbaden"), ("publisher", "BKA")]


HANDBUCH = "Smith, J. (2001). Title. In: Neumann, J. (Hrsg.): Handbuch. Wiesbaden."
HANDBUCH_HEAD = (("author", "Smith, J."), ("date", "2001"), ("title", "Title"))

TABLE = {
    leading_editor: [
        *[fixes(names, text, [("author", names)], [("editor", names)]) for text, names in LEADING_EDITORS],
        fixes("after a citation number", "[3] Weiss, G. (Hg.) 1999, Multiagent Systems.",
              [("citation-number", "[3]"), ("author", "Weiss, G."), ("date", "1999")],
              [("citation-number", "[3]"), ("editor", "Weiss, G."), ("date", "1999")]),
        leaves("an editor cue further on is not the names'", WEISS, [("author", "Weiss, G.")]),
        leaves("editors already", LEADING_EDITORS[0][0], [("editor", "Weiss, G."), ("date", "1999")]),
    ],
    editor_by_cue: [
        fixes("a publisher before (Hrsg.)", NEIDHARDT, _neidhardt("publisher"), _neidhardt("editor")),
        *[fixes(f"a {label} before (Hg.)", SAINSBURY, _sainsbury(label), _sainsbury("editor"))
          for label in ("container-title", "title")],
        leaves("the names opening a reference are left to leading-editor", "Schmidt, K. (Hrsg.): Handbuch. Wiesbaden.",
               [("author", "Schmidt, K."), ("title", "Handbuch")]),
        leaves("editors already", HANDBUCH, [*HANDBUCH_HEAD, ("editor", "Neumann, J."), ("container-title", "Handbuch")]),
        leaves("no cue after the names", NEIDHARDT.replace(" (Hrsg.)", ""),
               [("author", "Neidhardt, F."), ("date", "1986"), ("title", "Gewalt"), ("publisher", "Bundeskriminalamt")]),
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


def test_names_before_an_editor_cue_inside_a_reference_are_editors_and_the_book_follows():
    text = NEIDHARDT
    crf = spans_at(text, ("author", "Neidhardt, F."), ("date", "1986"), ("title", "Gewalt"), ("pages", "109-147"),
                   ("publisher", "Bundeskriminalamt"), ("title", "Was ist Gewalt?"), ("location", "Wiesbaden"),
                   ("publisher", "BKA"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["editor"] == ["Bundeskriminalamt"] and fields["publisher"] == ["BKA"]
    assert fields["title"] == ["Gewalt"] and fields["container-title"] == ["Was ist Gewalt?"]


@pytest.mark.parametrize("label", ["container-title", "title"])
def test_a_book_or_venue_before_an_editor_cue_is_the_editor(label):
    text = SAINSBURY
    crf = spans_at(text, ("author", "Sainsbury, Diana"), ("date", "1999"),
                   ("title", "Gender, Policy Regimes, and Politics"), (label, "Diana Sainsbury"),
                   ("title", "Gender and welfare states regimes"), ("location", "Oxford"), ("pages", "245-275"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["editor"] == ["Diana Sainsbury"]
    assert fields["title"] == ["Gender, Policy Regimes, and Politics"]
    assert fields["container-title"] == ["Gender and welfare states regimes"]
