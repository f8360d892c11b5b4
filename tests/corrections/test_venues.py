"""refparse.corrections.venues: the journal or book a work appeared in, told apart from a title."""

from __future__ import annotations

import re

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.venues import (
    lone_container,
    venue_in_title,
)
from refparse.types import spans_fields

from ._cases import check, fixes, leaves, params, spans_at

HAN = "Han, P. (2000), Soziologie der Migration, Stuttgart: Lucius & Lucius."
EINSTEIN = "A. Einstein, Ann. Phys. 17, 891 (1905)."
MARX = "Marx, Karl (1967), Das Kapital, Bd. I, Hamburg."
HOOPER = "Hooper, D., 2017, Physics of the Dark Universe, 15."
# (text, title, venue): a title run on into the journal before numbers
RUN_ON = [
    ("Klein, O. (2003). How European am I? Prejudice expression and social identity. Self and Identity, 2, "
     "251-264.", "How European am I? Prejudice expression and social identity", "Self and Identity"),
    ("Hill, T. P. (1999). The difficulty of faking data. Chance, 12(3), 27–31.", "The difficulty of faking data",
     "Chance"),
    # the date of an article, after its venue
    ("Ban Y, Shimazaki J. Morphological evaluation of meibomian glands. The ocular surface. 2013;11(1): 47-53.",
     "Morphological evaluation of meibomian glands", "The ocular surface"),
    # a journal's name rarely holds a comma: the subtitle before it stays in the title
    ("Sohichi Sato, The Merovingian Accounting Documents of Tours. Form and Function, Early Medieval Europe, 9, "
     "2000, 143-161.", "The Merovingian Accounting Documents of Tours. Form and Function", "Early Medieval Europe"),
]
LEFT_WHOLE = [
    # part I of a title, not the start of the journal's name
    "[62] Lars Hormander. Fourier integral operators. I. Acta mathematica, 127(1):79–183, 1971.",
    # a book: no numbers after the title
    "Neidhart, F. (1986): Gewalt. Soziale Deutung des Begriffs. Wiesbaden.",
    # the tail of an abbreviated journal, not a journal of its own
    "L. R. Sochet. Bull. Soc. Chim. Fr. 1571 (1971).",
]
NEIDHART = "Neidhart, F. Gewalt. Soziale Deutung des Begriffs. 1986, Wiesbaden."
SCHMID = "Schmid, M. (2001). Theorienvergleich in den Sozialwissenschaften. Ethik und Sozialwissenschaften, 4, 483-495."
STROHMEIER = ("Strohmeier, K. P., 2003: Segregierte Armut in der Stadtgesellschaft. Problemstrukturen und "
              "Handlungskonzepte im Stadtteil. Informationen zur Stadtentwicklung 3/4: 231-246.")
STROHMEIER_VENUE = "Problemstrukturen und Handlungskonzepte im Stadtteil. Informationen zur Stadtentwicklung"
HAMMER = "H.-W. Hammer, L. Platter, Annu. Rev. Nucl. Part. Sci. 60 (2010) 207."


def _run_on(text, title, venue):
    run_on = text[text.index(title):text.index(venue) + len(venue)]
    number = re.search(r"\d+", text[text.index(venue) + len(venue):]).group()
    return [("title", run_on), ("date" if len(number) == 4 else "volume", number)]


def _left_whole(text):
    title = re.search(r"(?:Fourier|Gewalt|Bull)[^(]*?(?=, 127| Wiesbaden| 1571)", text).group().rstrip(".")
    after = {"127": ("volume", "127"), "1571": ("volume", "1571")}
    return [("title", title), next((v for k, v in after.items() if k in text), ("location", "Wiesbaden"))]


def _strohmeier(*middle):
    return [("author", "Strohmeier, K. P."), ("date", "2003"), *middle, ("volume", "3"), ("issue", "4"),
            ("pages", "231-246")]


TABLE = {
    lone_container: [
        fixes("a venue without numbers", HAN,
              [("author", "Han, P."), ("date", "2000"), ("container-title", "Soziologie der Migration"),
               ("location", "Stuttgart"), ("publisher", "Lucius & Lucius")],
              [("author", "Han, P."), ("date", "2000"), ("title", "Soziologie der Migration"), ("location", "Stuttgart"),
               ("publisher", "Lucius & Lucius")]),
        fixes("a venue with a volume and a place", MARX,
              [("author", "Marx, Karl"), ("date", "1967"), ("container-title", "Das Kapital"), ("volume", "I"),
               ("location", "Hamburg")],
              [("author", "Marx, Karl"), ("date", "1967"), ("title", "Das Kapital"), ("volume", "I"),
               ("location", "Hamburg")]),
        leaves("a physics journal with its numbers", EINSTEIN,
               [("author", "A. Einstein"), ("container-title", "Ann. Phys."), ("volume", "17"), ("pages", "891"),
                ("date", "1905")]),
        leaves("a journal with a volume alone", HOOPER,
               [("author", "Hooper, D."), ("date", "2017"), ("container-title", "Physics of the Dark Universe"),
                ("volume", "15")]),
    ],
    venue_in_title: [
        *[fixes(venue, text, _run_on(text, title, venue),
                [("title", title), ("container-title", venue), _run_on(text, title, venue)[1]])
          for text, title, venue in RUN_ON],
        fixes("a venue that took the title in", SCHMID,
              [("author", "Schmid, M."), ("date", "2001"),
               ("container-title", "Theorienvergleich in den Sozialwissenschaften. Ethik und Sozialwissenschaften"),
               ("volume", "4"), ("pages", "483-495")],
              [("author", "Schmid, M."), ("date", "2001"), ("title", "Theorienvergleich in den Sozialwissenschaften"),
               ("container-title", "Ethik und Sozialwissenschaften"), ("volume", "4"), ("pages", "483-495")]),
        fixes("a subtitle run on into the venue", STROHMEIER,
              _strohmeier(("title", "Segregierte Armut in der Stadtgesellschaft"), ("container-title", STROHMEIER_VENUE)),
              _strohmeier(("title", "Segregierte Armut in der Stadtgesellschaft. Problemstrukturen und "
                                    "Handlungskonzepte im Stadtteil"),
                          ("container-title", "Informationen zur Stadtentwicklung"))),
        *[leaves(text[:20], text, _left_whole(text)) for text in LEFT_WHOLE],
        leaves("a book title before its date", NEIDHART,
               [("author", "Neidhart, F."), ("title", "Gewalt. Soziale Deutung des Begriffs"), ("date", "1986"),
                ("location", "Wiesbaden")]),
        leaves("an abbreviated physics venue without a title", HAMMER,
               [("author", "H.-W. Hammer, L. Platter"), ("container-title", "Annu. Rev. Nucl. Part. Sci."),
                ("volume", "60"), ("date", "2010"), ("pages", "207")]),
        leaves("a date after the title of a reference with a place is a book's", RUN_ON[2][0] + " Tokyo.",
               [*_run_on(*RUN_ON[2]), ("location", "Tokyo")]),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


def test_a_lone_venue_without_numbers_is_a_book_title_but_a_journal_with_numbers_stays():
    book = HAN
    crf = spans_at(book, ("author", "Han, P."), ("date", "2000"), ("container-title", "Soziologie der Migration"),
                   ("location", "Stuttgart"), ("publisher", "Lucius & Lucius"))
    assert spans_fields(correct_spans(book, crf)[0])["title"] == ["Soziologie der Migration"]
    article = EINSTEIN
    crf = spans_at(article, ("author", "A. Einstein"), ("container-title", "Ann. Phys."), ("volume", "17"),
                   ("pages", "891"), ("date", "1905"))
    assert correct_spans(article, crf) == (crf, False)


def test_a_lone_venue_with_a_volume_and_a_place_is_a_book_title_but_one_with_a_volume_alone_stays():
    book = MARX
    crf = spans_at(book, ("author", "Marx, Karl"), ("date", "1967"), ("container-title", "Das Kapital"),
                   ("volume", "I"), ("location", "Hamburg"))
    assert spans_fields(correct_spans(book, crf)[0])["title"] == ["Das Kapital"]
    article = HOOPER
    crf = spans_at(article, ("author", "Hooper, D."), ("date", "2017"),
                   ("container-title", "Physics of the Dark Universe"), ("volume", "15"))
    assert correct_spans(article, crf) == (crf, False)


@pytest.mark.parametrize(("text", "title", "venue"), RUN_ON)
def test_a_title_run_on_into_the_journal_before_numbers_gives_the_journal_back(text, title, venue):
    crf = spans_at(text, *_run_on(text, title, venue))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == [title] and fields["container-title"] == [venue]


@pytest.mark.parametrize("text", LEFT_WHOLE)
def test_a_title_with_a_full_stop_inside_is_left_whole_when_no_journal_can_end_it(text):
    crf = spans_at(text, *_left_whole(text))
    assert correct_spans(text, crf) == (crf, False)


def test_a_book_title_before_its_date_is_left_whole():
    text = NEIDHART
    crf = spans_at(text, ("author", "Neidhart, F."), ("title", "Gewalt. Soziale Deutung des Begriffs"),
                   ("date", "1986"), ("location", "Wiesbaden"))
    assert correct_spans(text, crf) == (crf, False)


def test_a_venue_that_took_the_title_in_gives_the_title_back():
    text = SCHMID
    crf = spans_at(text, ("author", "Schmid, M."), ("date", "2001"),
                   ("container-title", "Theorienvergleich in den Sozialwissenschaften. Ethik und Sozialwissenschaften"),
                   ("volume", "4"), ("pages", "483-495"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Theorienvergleich in den Sozialwissenschaften"]
    assert fields["container-title"] == ["Ethik und Sozialwissenschaften"]


def test_a_subtitle_run_on_into_the_venue_goes_back_to_the_title():
    text = STROHMEIER
    crf = spans_at(text, ("author", "Strohmeier, K. P."), ("date", "2003"),
                   ("title", "Segregierte Armut in der Stadtgesellschaft"), ("container-title", STROHMEIER_VENUE),
                   ("volume", "3"), ("issue", "4"), ("pages", "231-246"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Segregierte Armut in der Stadtgesellschaft. Problemstrukturen und Handlungskonzepte "
                               "im Stadtteil"]
    assert fields["container-title"] == ["Informationen zur Stadtentwicklung"]


def test_an_abbreviated_physics_venue_without_a_title_is_left_whole():
    text = HAMMER
    crf = spans_at(text, ("author", "H.-W. Hammer, L. Platter"), ("container-title", "Annu. Rev. Nucl. Part. Sci."),
                   ("volume", "60"), ("date", "2010"), ("pages", "207"))
    assert correct_spans(text, crf) == (crf, False)
