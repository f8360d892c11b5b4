"""refparse.corrections.titles: one title per reference, whole; a second one after an editor or an "In" is the book."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.titles import book_title, join_titles, quoted_title
from refparse.types import Span, spans_fields

from ._cases import check, fixes, leaves, params, spans_at

LOPEZ = ('[12] P. Lopez, "GROBID: Combining automatic bibliographic data recognition," in Research and '
         "Advanced Technology for Digital Libraries, vol. 5714, 2009, pp. 473-474.")
DOE = 'J. Doe, "A title," in Some Book. Vol. II: Another part, Paris.'
# (text, title, where the model's title ran to): the closing punctuation outside the quote (German) and inside it
QUOTE_CUTS = [
    ("Kühl, S. (2004). »Frauen in Führungspositionen«, IAB Kurzbericht 12, 1-6.", "Frauen in Führungspositionen", " 12"),
    ("Cavell, S. (1979) “Criteria and Judgement.” The Claim of Reason, pp. 3-36. Oxford University Press.",
     "Criteria and Judgement", ", pp."),
]
GOES_ON = ['Friard, D. "Je voudrais que vous parliez à ma mère" - Carnet de route en psychiatrie. Paris, 2010.',
           "Angus, L. (2004). 'What is the story'? Working with narrative in psychotherapy. Sage, 2004."]
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


def _quote_cut(text, title, ran_to):
    return [("author", text[:8]), ("title", text[text.index(title):text.index(ran_to)])]


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
    quoted_title: [
        fixes("a quote closed by a comma and the venue with numbers after it", *QUOTE_CUTS[0][:1],
              _quote_cut(*QUOTE_CUTS[0]),
              [("author", "Kühl, S."), ("title", "Frauen in Führungspositionen"), ("container-title", "IAB Kurzbericht")]),
        fixes("a quote closed by a full stop inside it, the venue after", QUOTE_CUTS[1][0], _quote_cut(*QUOTE_CUTS[1]),
              [("author", "Cavell, "), ("title", "Criteria and Judgement"), ("container-title", "The Claim of Reason")],
              known_flaw="the venue keeps the closing quote: '” The Claim of Reason' (so did the old rules.py)"),
        fixes("a title run on past its quote into the book", LOPEZ,
              [("author", "P. Lopez"), ("title", LOPEZ[15:LOPEZ.index(", vol.")])],
              [("author", "P. Lopez"), ("title", "GROBID: Combining automatic bibliographic data recognition"),
               ("container-title", "Research and Advanced Technology for Digital Libraries")],
              known_flaw="the venue keeps the cue: 'in Research and ...' (so did the old rules.py)"),
        fixes("a title run on past its quote, no numbers after: no venue", DOE,
              [("author", "J. Doe"), ("title", 'A title," in Some Book'), ("title", "Another part"), ("location", "Paris")],
              [("author", "J. Doe"), ("title", "A title"), ("title", "Another part"), ("location", "Paris")]),
        *[leaves(text[:10], text, [("author", text[:10]), ("title", text[text.index(". ", 9) + 2:
                                                                          text.index(". ", text.index(". ", 9) + 42)])])
          for text in GOES_ON],
        leaves("a title that ends at its quote", QUOTE_CUTS[0][0],
               [("author", "Kühl, S."), ("title", "Frauen in Führungspositionen"), ("container-title", "IAB Kurzbericht")]),
    ],
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


def test_correction_cuts_a_title_at_its_closing_quote():
    text = LOPEZ
    title_end = text.index(", vol.")
    crf = [
        Span("author", "P. Lopez", 5, 13),
        Span("title", text[15:title_end], 15, title_end),  # runs on past the closing quote into the book
    ]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == ["GROBID: Combining automatic bibliographic data recognition"]


def test_correction_leaves_spans_it_does_not_touch():
    text = DOE
    first = text.index("A title")
    second = text.index("Another part")
    crf = [
        Span("author", "J. Doe", 0, 6),
        Span("title", text[first : text.index(". Vol")], first, text.index(". Vol")),  # ran past the quote
        Span("title", "Another part", second, second + len("Another part")),  # a second title, untouched
        Span("location", "Paris", text.index("Paris"), text.index("Paris") + 5),
    ]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == ["A title", "Another part"]
    assert spans_fields(fixed)["location"] == ["Paris"]


@pytest.mark.parametrize(("text", "title", "ran_to"), QUOTE_CUTS)
def test_correction_cuts_at_a_quote_with_a_comma_or_full_stop(text, title, ran_to):
    start, end = text.index(title), text.index(ran_to)
    crf = [Span("author", text[:8], 0, 8), Span("title", text[start:end], start, end)]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == [title]


@pytest.mark.parametrize("text", GOES_ON)
def test_correction_keeps_a_title_that_goes_on_after_a_quotation(text):
    start = text.index(". ", 9) + 2
    end = text.index(". ", start + 40)
    crf = [Span("author", text[:10], 0, 10), Span("title", text[start:end], start, end)]
    fixed, _ = correct_spans(text, crf)
    assert spans_fields(fixed)["title"] == [text[start:end]]


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
