"""refparse.corrections.authors: author lists the model cut short or ran on into the title."""

from __future__ import annotations

import re

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.authors import author_overrun, given_names
from refparse.types import spans_fields

from ._cases import check, fixes, leaves, params, spans_at

PUCCI = "P. Pucci, Odysseus Polutropos, Ithaca and London 1987."
ASSMANN = "Assmann, Jan (1997): Das kulturelle Gedächtnis. München"
# (text, spans): names that may be names, in physics style, in capitals
MAY_BE_NAMES = [
    ("C. W. Misner, K. S. Thorne, and J. A. Wheeler, Gravitation (1973).",
     [("author", "C. W. Misner, K. S. Thorne, and J. A. Wheeler"), ("date", "1973")]),
    ("R. Diener, LCTPC Collaboration, Phys. Procedia 37 (2012) 456.",
     [("author", "R. Diener, LCTPC Collaboration"), ("container-title", "Phys. Procedia"), ("volume", "37")]),
    ("C. L., CRAIG, A. L. MARSHALL (2003).", [("author", "C. L., CRAIG, A. L. MARSHALL"), ("date", "2003")]),
]
# (text, spans, title): a family name alone, its given name given elsewhere
FAMILY_ALONE = [
    (ASSMANN, [("author", "Assmann"), ("date", "Jan (1997"), ("title", "Das kulturelle Gedächtnis")],
     "Das kulturelle Gedächtnis"),
    # the year the title then opens with is the date
    ("Boas, Franz 1932 Notes on Some Recent Changes in the Kwakiutl Language.",
     [("author", "Boas"), ("title", "Franz 1932 Notes on Some Recent Changes in the Kwakiutl Language")],
     "Notes on Some Recent Changes in the Kwakiutl Language"),
    ("Stagl, Justin (1983): Übergangsriten und Statuspassagen. Graz.",
     [("author", "Stagl"), ("location", "Justin"), ("date", "1983"), ("title", "Übergangsriten und Statuspassagen"),
      ("location", "Graz")], "Übergangsriten und Statuspassagen"),
]
# (text, the first name the model labelled, the list, its label)
LISTS_CUT_SHORT = [
    ("Heine, Susanne/Theophil Müller: Rituale zwischen Kritik und Neuschöpfung. In: Reformatio 1 (1991)",
     "Heine", "Heine, Susanne/Theophil Müller", "author"),
    ("Hauptmann, Alexander & McAvinney, Paul: Gestures with Speech, Int. J. Man Mach. Stud. 38 (1993)",
     "Hauptmann", "Hauptmann, Alexander & McAvinney, Paul", "author"),
    # the list's editor cue makes it the editors
    ("Belasco, Warren James; Scranton, Philip (Hg.) (2002): Food nations. New York: Routledge.",
     "Belasco, Warren James", "Belasco, Warren James; Scranton, Philip", "editor"),
]
MEXICO = "México, Ley Sobre Refugiados y Protección Complementaria, 2010."


def _cut_short(text, first, names):
    """The spans of a list cut short: the first name, and a title that took in the rest of the list."""
    title_start = text.index(names) + len(names)
    return [("author", first), ("title", text[len(first) + 2:title_start + 20].strip())]


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
    given_names: [
        fixes("given name read as part of the date", ASSMANN, FAMILY_ALONE[0][1],
              [("author", "Assmann, Jan"), ("date", "1997"), ("title", "Das kulturelle Gedächtnis")]),
        fixes("given name read as the title's, whose year is the date", FAMILY_ALONE[1][0], FAMILY_ALONE[1][1],
              [("author", "Boas, Franz"), ("date", "1932"),
               ("title", "Notes on Some Recent Changes in the Kwakiutl Language")]),
        fixes("given name read as a place", FAMILY_ALONE[2][0], FAMILY_ALONE[2][1],
              [("author", "Stagl, Justin"), ("date", "1983"), ("title", "Übergangsriten und Statuspassagen"),
               ("location", "Graz")]),
        # what the title had taken of the list goes back to the names; the rest stays the title's
        *[fixes(names, text, _cut_short(text, first, names), [(label, names), ("title", rest)])
          for (text, first, names, label), rest in zip(LISTS_CUT_SHORT, ("Rituale zwischen K", "Gestures with Spee",
                                                                          "(Hg.) (2002): Food"))],
        leaves("a family name followed by a title, not given names", MEXICO,
               [("author", "México"), ("title", "Ley Sobre Refugiados y Protección Complementaria"), ("date", "2010")]),
        leaves("the names whole", ASSMANN,
               [("author", "Assmann, Jan"), ("date", "1997"), ("title", "Das kulturelle Gedächtnis")]),
        *[leaves(parts[0][1], text, parts) for text, parts in MAY_BE_NAMES],
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


@pytest.mark.parametrize(("text", "parts", "title"), FAMILY_ALONE)
def test_a_family_name_alone_takes_back_its_given_name(text, parts, title):
    fields = spans_fields(correct_spans(text, spans_at(text, *parts))[0])
    family_and_given = re.match(r"\w+, \w+", text).group()
    assert fields["author"] == [family_and_given] and fields["title"] == [title]
    assert fields["date"] == [re.search(r"1\d{3}", text).group()]


@pytest.mark.parametrize(("text", "first", "names", "label"), LISTS_CUT_SHORT)
def test_a_list_of_names_cut_short_takes_back_the_rest(text, first, names, label):
    title_start = text.index(names) + len(names)
    crf = spans_at(text, ("author", first), ("title", text[len(first) + 2:title_start + 20].strip()))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields[label] == [names]


def test_a_family_name_followed_by_more_than_given_names_is_left():
    # "Ley Sobre Refugiados" is a title, not two given names: no date or title mark ends it
    text = MEXICO
    crf = spans_at(text, ("author", "México"), ("title", "Ley Sobre Refugiados y Protección Complementaria"),
                   ("date", "2010"))
    assert correct_spans(text, crf) == (crf, False)
