"""refparse.corrections.titles: one title per reference, whole; a second one after an editor or an "In" is the book."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.titles import book_title, join_titles
from refparse.types import Span, spans_fields

from ._cases import check, fixes, leaves, params, spans_at

# (text, title, editor, book): after an editor (APA, German), and after "in" with no editor (Italian humanities)
BOOKS = [
    ("Perez, L. (1992). Cuban Miami. In G. J. Grenier & A. Stepick (Eds.), Miami now! (pp. 83-108). "
     "Gainesville: University Press of Florida.", "Cuban Miami", "G. J. Grenier & A. Stepick", "Miami now!"),
    ("Stauber, B. (2004): Übergangsforschung. In: Schumacher, E. (Hrsg.): Übergänge in Bildung. Bad Heilbrunn.",
     "Übergangsforschung", "Schumacher, E.", "Übergänge in Bildung"),
    ("K. Reinhardt, ‘Die Abenteuer des Odysseus’, in Tradition und Geist, Göttingen 1960, p. 108.",
     "Die Abenteuer des Odysseus", None, "Tradition und Geist"),
]
GUREVITCH = ("Gurevitch, M. (1990): Political communication. In: Lichtenberg, Judith (ed.): Democracy and the Mass "
             "Media, New York: Cambridge University Press, 269-289.")
NEIDHARDT = "Neidhardt, F., 1986: Gewalt. S. 109-147 in: Bundeskriminalamt (Hrsg.), Was ist Gewalt? Wiesbaden: BKA."
MOSS = "Moss, P. (eds.) Parental leave: Progress or Pitfall? Research and Policy Issues in Europe. Bruxelles."
PETERMAN = "Peterman, J.N. (1940). The “Program Analyzer”. A New Technique in Studying. J. Appl. Psych., 24, 728-741."
SUCHMAN = "Suchman, Lucy (2005), »Affiliative Objects«, Organization, Jg. 12, H. 3, S. 379–399."
THREE_TITLES = "Smith, J. Title one (2001) Title two; Title three"


def _book(text, title, editor, book, label):
    return [("author", text[:8]), ("title", title), *([("editor", editor)] if editor else []), (label, book)]


def _gurevitch(label):
    return [("author", "Gurevitch, M."), ("date", "1990"), ("title", "Political communication"),
            ("editor", "Lichtenberg, Judith"), (label, "Democracy and the Mass Media"), ("location", "New York"),
            ("publisher", "Cambridge University Press"), ("pages", "269-289")]


def _neidhardt(label):
    return [("author", "Neidhardt, F."), ("date", "1986"), ("title", "Gewalt"), ("pages", "109-147"),
            ("editor", "Bundeskriminalamt"), (label, "Was ist Gewalt?"), ("location", "Wiesbaden"), ("publisher", "BKA")]


def _peterman(*titles):
    return [("author", "Peterman, J.N."), ("date", "1940"), *(("title", t) for t in titles),
            ("container-title", "J. Appl. Psych."), ("volume", "24"), ("pages", "728-741")]


TABLE = {
    book_title: [
        *[fixes(title, text, _book(text, title, editor, book, "title"), _book(text, title, editor, book, "container-title"))
          for text, title, editor, book in BOOKS],
        fixes("a publisher after In: and the editors", GUREVITCH, _gurevitch("publisher"), _gurevitch("container-title")),
        fixes("a title after the editors further in", NEIDHARDT, _neidhardt("title"), _neidhardt("container-title")),
        leaves("a lone title after In", "In Search of Lost Time. Paris: Grasset, 1913.", [("title", "Search of Lost Time")]),
        leaves("the book a container already", BOOKS[0][0], _book(*BOOKS[0], "container-title")),
        leaves("a second title with no editor or In before it", THREE_TITLES,
               [("author", "Smith, J."), ("title", "Title one"), ("date", "2001"), ("title", "Title two")]),
    ],
    join_titles: [
        fixes("broken at a question mark", MOSS,
              [("editor", "Moss, P."), ("title", "Parental leave: Progress or Pitfall"),
               ("title", "Research and Policy Issues in Europe"), ("location", "Bruxelles")],
              [("editor", "Moss, P."), ("title", "Parental leave: Progress or Pitfall? Research and Policy Issues in Europe"),
               ("location", "Bruxelles")]),
        fixes("broken at a quotation inside it", PETERMAN, _peterman("The “Program Analyzer", "A New Technique in Studying"),
              _peterman("The “Program Analyzer”. A New Technique in Studying")),
        fixes("a venue broken at a colon", "Smith, J. (2001). Title. Proc. IEEE: Conf. on Things, 3, 1-9.",
              [("author", "Smith, J."), ("date", "2001"), ("title", "Title"), ("container-title", "Proc. IEEE"),
               ("container-title", "Conf. on Things"), ("volume", "3")],
              [("author", "Smith, J."), ("date", "2001"), ("title", "Title"),
               ("container-title", "Proc. IEEE: Conf. on Things"), ("volume", "3")]),
        fixes("a quoted title closed by a comma: what follows is the venue", SUCHMAN,
              [("author", "Suchman, Lucy"), ("date", "2005"), ("title", "Affiliative Objects"), ("title", "Organization"),
               ("volume", "12"), ("pages", "379–399")],
              [("author", "Suchman, Lucy"), ("date", "2005"), ("title", "Affiliative Objects"),
               ("container-title", "Organization"), ("volume", "12"), ("pages", "379–399")]),
        leaves("more than punctuation between", THREE_TITLES,
               [("author", "Smith, J."), ("title", "Title one"), ("date", "2001"), ("title", "Title two"),
                ("container-title", "Title three")]),
        leaves("a title and a venue side by side", PETERMAN, _peterman("The “Program Analyzer”. A New Technique in Studying")),
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


@pytest.mark.parametrize(("text", "title", "editor", "book"), BOOKS)
def test_a_second_title_after_an_editor_or_in_is_the_book(text, title, editor, book):
    crf = [Span("author", text[:8], 0, 8)]
    for label, value in (("title", title), ("editor", editor), ("title", book)):
        if value:
            start = text.index(value)
            crf.append(Span(label, value, start, start + len(value)))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == [title]
    assert spans_fields(fixed)["container-title"] == [book]


def test_the_book_after_in_and_its_editors_is_the_container_not_the_publisher():
    text = GUREVITCH
    crf = spans_at(text, ("author", "Gurevitch, M."), ("date", "1990"), ("title", "Political communication"),
                   ("editor", "Lichtenberg, Judith"), ("publisher", "Democracy and the Mass Media"),
                   ("location", "New York"), ("publisher", "Cambridge University Press"), ("pages", "269-289"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["container-title"] == ["Democracy and the Mass Media"]
    assert fields["publisher"] == ["Cambridge University Press"]


def test_a_lone_title_after_in_stays_the_title():
    text = "In Search of Lost Time. Paris: Grasset, 1913."
    crf = [Span("title", "Search of Lost Time", 3, 22)]
    assert correct_spans(text, crf) == (crf, False)


def test_a_title_broken_at_a_question_mark_is_joined():
    text = MOSS
    crf = spans_at(text, ("editor", "Moss, P."), ("title", "Parental leave: Progress or Pitfall"),
                   ("title", "Research and Policy Issues in Europe"), ("location", "Bruxelles"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == ["Parental leave: Progress or Pitfall? Research and Policy Issues in Europe"]


def test_titles_with_more_than_punctuation_between_stay_apart():
    text = THREE_TITLES
    crf = spans_at(text, ("author", "Smith, J."), ("title", "Title one"), ("date", "2001"), ("title", "Title two"))
    crf.append(Span("container-title", "Title three", text.index("Title three"), len(text)))
    assert correct_spans(text, crf) == (crf, False)


def test_a_title_broken_at_a_quotation_inside_it_is_joined():
    text = PETERMAN
    crf = spans_at(text, ("author", "Peterman, J.N."), ("date", "1940"), ("title", "The “Program Analyzer"),
                   ("title", "A New Technique in Studying"), ("container-title", "J. Appl. Psych."), ("volume", "24"),
                   ("pages", "728-741"))
    assert spans_fields(correct_spans(text, crf)[0])["title"] == ["The “Program Analyzer”. A New Technique in Studying"]


def test_a_quoted_title_closed_by_a_comma_is_not_joined_to_the_venue_after_it():
    text = SUCHMAN
    crf = spans_at(text, ("author", "Suchman, Lucy"), ("date", "2005"), ("title", "Affiliative Objects"),
                   ("title", "Organization"), ("volume", "12"), ("pages", "379–399"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Affiliative Objects"]
    assert fields["container-title"] == ["Organization"]
