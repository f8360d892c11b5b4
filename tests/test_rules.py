"""The rule-based parser on its own: real references of each style family, span invariants, near-certain
corrections of CRF spans, and a core-4 floor on a fixed slice of dev."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refparse.evaluation.metrics import score
from refparse.labels import CORE_LABELS, LABELS, OUTSIDE
from refparse.parser import Parser
from refparse.rules import (
    ANCHOR_CONFIDENCE,
    author_list_end,
    correct_spans,
    rule_spans,
    rule_tokens,
    rules_confidence,
    sentence_end,
    spans_fields,
)
from refparse.types import Span

# Real references written in each family of styles, with every field the rules must find, exactly.
STYLES = {
    "apa": (
        "Bandura, A. (1977). Self-efficacy: Toward a unifying theory of behavioral change. Psychological Review, "
        "84(2), 191-215. https://doi.org/10.1037/0033-295X.84.2.191",
        {
            "author": ["Bandura, A."],
            "date": ["1977"],
            "title": ["Self-efficacy: Toward a unifying theory of behavioral change"],
            "container-title": ["Psychological Review"],
            "volume": ["84"],
            "issue": ["2"],
            "pages": ["191-215"],
            "url": ["https://doi.org/10.1037/0033-295X.84.2.191"],
        },
    ),
    "apa-book": (
        "Kahneman, D. (2011). Thinking, fast and slow. New York: Farrar, Straus and Giroux.",
        {
            "author": ["Kahneman, D."],
            "date": ["2011"],
            "title": ["Thinking, fast and slow"],
            "location": ["New York"],
            "publisher": ["Farrar, Straus and Giroux"],
        },
    ),
    "chicago-author-date": (
        'Granovetter, Mark. 1973. "The Strength of Weak Ties." American Journal of Sociology 78 (6): 1360-1380.',
        {
            "author": ["Granovetter, Mark"],
            "date": ["1973"],
            "title": ["The Strength of Weak Ties"],
            "container-title": ["American Journal of Sociology"],
            "volume": ["78"],
            "issue": ["6"],
            "pages": ["1360-1380"],
        },
    ),
    "chicago-book": (
        "Kuhn, Thomas S. The Structure of Scientific Revolutions. Chicago: University of Chicago Press, 1962.",
        {
            "author": ["Kuhn, Thomas S."],
            "title": ["The Structure of Scientific Revolutions"],
            "location": ["Chicago"],
            "publisher": ["University of Chicago Press"],
            "date": ["1962"],
        },
    ),
    "harvard": (
        "Granovetter, M. and Swedberg, R. 1992. Economic action and social structure. American Journal of "
        "Sociology 91: 481-510.",
        {
            "author": ["Granovetter, M. and Swedberg, R."],
            "date": ["1992"],
            "title": ["Economic action and social structure"],
            "container-title": ["American Journal of Sociology"],
            "volume": ["91"],
            "pages": ["481-510"],
        },
    ),
    "ieee": (
        '[12] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," IEEE Trans. '
        "Pattern Anal. Mach. Intell., vol. 38, no. 4, pp. 770-778, 2016.",
        {
            "citation-number": ["[12]"],
            "author": ["K. He, X. Zhang, S. Ren, and J. Sun"],
            "title": ["Deep residual learning for image recognition"],
            "container-title": ["IEEE Trans. Pattern Anal. Mach. Intell"],
            "volume": ["38"],
            "issue": ["4"],
            "pages": ["770-778"],
            "date": ["2016"],
        },
    ),
    "ieee-conference": (
        '[3] J. Lafferty, A. McCallum, and F. Pereira, "Conditional random fields: Probabilistic models for '
        'segmenting and labeling sequence data," in Proc. ICML, 2001, pp. 282-289.',
        {
            "citation-number": ["[3]"],
            "author": ["J. Lafferty, A. McCallum, and F. Pereira"],
            "title": ["Conditional random fields: Probabilistic models for segmenting and labeling sequence data"],
            "container-title": ["Proc. ICML"],
            "date": ["2001"],
            "pages": ["282-289"],
        },
    ),
    "vancouver": (
        "Kudo Y, Kitajima S, Sato S, Miyauchi M, Ogawa I, Takata T. High expression of S-phase kinase-interacting "
        "protein 2 correlates with poor prognosis in oral carcinomas. Cancer Res 2001; 61: 7044-7.",
        {
            "author": ["Kudo Y, Kitajima S, Sato S, Miyauchi M, Ogawa I, Takata T."],
            "title": [
                "High expression of S-phase kinase-interacting protein 2 correlates with poor prognosis in oral "
                "carcinomas"
            ],
            "container-title": ["Cancer Res"],
            "date": ["2001"],
            "volume": ["61"],
            "pages": ["7044-7"],
        },
    ),
    "acm": (
        "Atsushi Ohori and Peter Buneman. 1988. Type inference in a database programming language. In Proceedings "
        "of the 1988 ACM Conference on LISP and Functional Programming. ACM, 174-183.",
        {
            "author": ["Atsushi Ohori and Peter Buneman"],
            "date": ["1988"],
            "title": ["Type inference in a database programming language"],
            "container-title": ["Proceedings of the 1988 ACM Conference on LISP and Functional Programming"],
            "publisher": ["ACM"],
            "pages": ["174-183"],
        },
    ),
    "physics": (
        "A. Verger, C. Ciuti, and I. Carusotto, Phys. Rev. B 73, 193306 (2006).",
        {
            "author": ["A. Verger, C. Ciuti, and I. Carusotto"],
            "container-title": ["Phys. Rev. B"],
            "volume": ["73"],
            "pages": ["193306"],
            "date": ["2006"],
        },
    ),
    "physics-glued-volume": (
        "G. Kramer and B. Lampe, Z. Phys. C34, 497 (1987).",
        {
            "author": ["G. Kramer and B. Lampe"],
            "container-title": ["Z. Phys. C"],
            "volume": ["34"],
            "pages": ["497"],
            "date": ["1987"],
        },
    ),
    "astronomy": (
        "Bocchino, F., Maggio, A., & Sciortino, S. 1999, A&A, 342, 839",
        {
            "author": ["Bocchino, F., Maggio, A., & Sciortino, S."],
            "date": ["1999"],
            "container-title": ["A&A"],
            "volume": ["342"],
            "pages": ["839"],
        },
    ),
    "mla": (
        'Morrison, Toni. "Home." The House That Race Built, edited by Wahneema Lubiano, Pantheon Books, 1997, '
        "pp. 3-12.",
        {
            "author": ["Morrison, Toni"],
            "title": ["Home"],
            "container-title": ["The House That Race Built"],
            "editor": ["Wahneema Lubiano"],
            "publisher": ["Pantheon Books"],
            "date": ["1997"],
            "pages": ["3-12"],
        },
    ),
    "german-chapter": (
        "Müller, H. (2010): Die Entwicklung der Sozialpolitik. In: Schmidt, K. (Hrsg.): Handbuch Sozialpolitik. "
        "Wiesbaden: VS Verlag, S. 45-67.",
        {
            "author": ["Müller, H."],
            "date": ["2010"],
            "title": ["Die Entwicklung der Sozialpolitik"],
            "editor": ["Schmidt, K."],
            "container-title": ["Handbuch Sozialpolitik"],
            "location": ["Wiesbaden"],
            "publisher": ["VS Verlag"],
            "pages": ["45-67"],
        },
    ),
    "german-article": (
        "Weber, Max: Die protestantische Ethik und der Geist des Kapitalismus. In: Archiv für Sozialwissenschaft "
        "und Sozialpolitik, Jg. 20 (1904), H. 1, S. 1-54.",
        {
            "author": ["Weber, Max"],
            "title": ["Die protestantische Ethik und der Geist des Kapitalismus"],
            "container-title": ["Archiv für Sozialwissenschaft und Sozialpolitik"],
            "volume": ["20"],
            "date": ["1904"],
            "issue": ["1"],
            "pages": ["1-54"],
        },
    ),
    "german-book": (
        "Goffman, Erving (1996), Stigma. Über Techniken der Bewältigung beschädigter Identität, Frankfurt a.M.",
        {
            "author": ["Goffman, Erving"],
            "date": ["1996"],
            "title": ["Stigma. Über Techniken der Bewältigung beschädigter Identität"],
            "location": ["Frankfurt a.M."],
        },
    ),
    "german-slashes": (
        "Boers, Klaus/Walburg, Christian/Reinecke, Jost, 2006: Jugendkriminalität – Keine Zunahme im Dunkelfeld. "
        "Monatsschrift für Kriminologie und Strafrechtsreform 89: 63-87.",
        {
            "author": ["Boers, Klaus/Walburg, Christian/Reinecke, Jost"],
            "date": ["2006"],
            "title": ["Jugendkriminalität – Keine Zunahme im Dunkelfeld"],
            "container-title": ["Monatsschrift für Kriminologie und Strafrechtsreform"],
            "volume": ["89"],
            "pages": ["63-87"],
        },
    ),
    "german-guillemets": (
        "Dyer, Richard (1995), »Das Licht der Welt- Weiße Menschen und das Film-Bild«, in: Angerer, Marie-Luise "
        "(Hg.), The Body of Gender. Körper. Geschlechter. Identitäten, Wien.",
        {
            "author": ["Dyer, Richard"],
            "date": ["1995"],
            "title": ["Das Licht der Welt- Weiße Menschen und das Film-Bild"],
            "editor": ["Angerer, Marie-Luise"],
            "container-title": ["The Body of Gender. Körper. Geschlechter. Identitäten"],
            "location": ["Wien"],
        },
    ),
    "humanities-book": (
        "L. Canfora, La biblioteca scomparsa, Palermo 1988.",
        {"author": ["L. Canfora"], "title": ["La biblioteca scomparsa"], "location": ["Palermo"], "date": ["1988"]},
    ),
    "humanities-chapter": (
        "G. Lenclud, ‘Qu’est-ce que la tradition?’, in M. Detienne (éd.), Transcrire la mythologie, Paris 1994, "
        "pp. 25-44.",
        {
            "author": ["G. Lenclud"],
            "title": ["Qu’est-ce que la tradition?"],
            "editor": ["M. Detienne"],
            "container-title": ["Transcrire la mythologie"],
            "location": ["Paris"],
            "date": ["1994"],
            "pages": ["25-44"],
        },
    ),
    "arxiv": (
        "Vaswani, A., Shazeer, N., Parmar, N. (2017). Attention is all you need. arXiv:1706.03762.",
        {
            "author": ["Vaswani, A., Shazeer, N., Parmar, N."],
            "date": ["2017"],
            "title": ["Attention is all you need"],
            "identifier": ["arXiv:1706.03762"],
        },
    ),
    "isbn": (
        "Knuth, D. E. (1997). The Art of Computer Programming. Reading: Addison-Wesley. ISBN 978-0-201-89683-1.",
        {
            "author": ["Knuth, D. E."],
            "date": ["1997"],
            "title": ["The Art of Computer Programming"],
            "location": ["Reading"],
            "publisher": ["Addison-Wesley"],
            "isbn": ["978-0-201-89683-1"],
        },
    ),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_rules_parse_each_style_family(style):
    text, expected = STYLES[style]
    assert spans_fields(rule_spans(text)) == expected


def test_rules_result_goes_through_the_normalisers():
    ref = Parser(method="rules").parse(STYLES["german-chapter"][0])
    assert ref.source == "rules"
    assert [(a.family, a.given) for a in ref.authors] == [("Müller", "H.")]
    assert [e.family for e in ref.editors] == ["Schmidt"]
    assert (ref.year, ref.first_page, ref.last_page) == (2010, "45", "67")
    assert (ref.location, ref.publisher) == ("Wiesbaden", "VS Verlag")
    ieee = Parser(method="rules").parse(STYLES["ieee"][0])
    assert ieee.citation_number == "12" and [a.family for a in ieee.authors] == ["He", "Zhang", "Ren", "Sun"]


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gives_valid_spans(text):
    spans = rule_spans(text)
    previous_end = 0
    for span in spans:
        assert span.text == text[span.start : span.end] and span.text.strip() == span.text and span.text
        assert span.start >= previous_end and span.label in LABELS and 0 < span.confidence <= 1
        previous_end = span.end
    tokens = rule_tokens(text, spans)
    assert all(t.label in LABELS or t.label == OUTSIDE for t in tokens)
    assert 0.0 <= rules_confidence(spans) <= 1.0


def test_rule_tokens_carry_the_span_labels():
    text = STYLES["apa"][0]
    tokens = rule_tokens(text, rule_spans(text))
    by_text = {t.text: t.label for t in tokens}
    assert by_text["Bandura"] == "author" and by_text["1977"] == "date" and by_text["("] == OUTSIDE
    assert by_text["https://doi.org/10.1037/0033-295X.84.2.191"] == "url"


def test_correction_replaces_a_broken_doi_span():
    text = "Smith, J. 2016. Title. JHEP 06 (2016) 004. doi:10.1007/JHEP06(2016)004."
    crf = [
        Span("author", "Smith, J.", 0, 9),
        Span("doi", "doi:10.1007/JHEP06", text.index("doi:"), text.index("doi:") + 18),
        Span("date", "2016", text.rindex("(2016)") + 1, text.rindex("(2016)") + 5),
        Span("pages", "004", text.rindex("004"), text.rindex("004") + 3),
    ]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed) == {"author": ["Smith, J."], "doi": ["10.1007/JHEP06(2016)004"]}
    assert [s.confidence for s in fixed if s.label == "doi"] == [ANCHOR_CONFIDENCE]


def test_correction_leaves_agreeing_spans_and_urls_alone():
    text = "Smith, J. Title. http://dx.doi. org/10.1016/j.rse.2010.10.011. arXiv:1706.03762"
    url_start = text.index("http")
    arxiv_start = text.index("arXiv")
    crf = [
        Span("author", "Smith, J.", 0, 9),
        Span("url", text[url_start : text.index(". arXiv")], url_start, text.index(". arXiv")),
        Span("identifier", "arXiv:1706.03762", arxiv_start, len(text)),
    ]
    fixed, changed = correct_spans(text, crf)
    assert not changed and fixed == crf


def test_correction_cuts_a_title_at_its_closing_quote():
    text = ('[12] P. Lopez, "GROBID: Combining automatic bibliographic data recognition," in Research and '
            "Advanced Technology for Digital Libraries, vol. 5714, 2009, pp. 473-474.")
    title_end = text.index(", vol.")
    crf = [
        Span("author", "P. Lopez", 5, 13),
        Span("title", text[15:title_end], 15, title_end),  # runs on past the closing quote into the book
    ]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == ["GROBID: Combining automatic bibliographic data recognition"]


def test_correction_leaves_spans_it_does_not_touch():
    text = 'J. Doe, "A title," in Some Book. Vol. II: Another part, Paris.'
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


def test_a_lone_series_becomes_the_container():
    text = "[12] P. Lopez, GROBID. In Proc. ECDL, Research and Advanced Technology for Digital Libraries, vol. 5714."
    series = text[text.index("Research") : text.index(", vol.")]
    crf = spans_at(text, ("author", "P. Lopez"), ("title", "GROBID"), ("collection-title", series), ("volume", "5714"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed) == {"author": ["P. Lopez"], "title": ["GROBID"], "container-title": [series],
                                   "volume": ["5714"]}
    # beside a container title, a series stays a series
    both = sorted(crf + spans_at(text, ("container-title", "Proc. ECDL")), key=lambda s: s.start)
    assert correct_spans(text, both) == (both, False)


@pytest.mark.parametrize(
    ("text", "title", "editor", "book"),
    [  # after an editor (APA, German), and after "in" with no editor (Italian humanities)
        ("Perez, L. (1992). Cuban Miami. In G. J. Grenier & A. Stepick (Eds.), Miami now! (pp. 83-108). "
         "Gainesville: University Press of Florida.", "Cuban Miami", "G. J. Grenier & A. Stepick", "Miami now!"),
        ("Stauber, B. (2004): Übergangsforschung. In: Schumacher, E. (Hrsg.): Übergänge in Bildung. Bad Heilbrunn.",
         "Übergangsforschung", "Schumacher, E.", "Übergänge in Bildung"),
        ("K. Reinhardt, ‘Die Abenteuer des Odysseus’, in Tradition und Geist, Göttingen 1960, p. 108.",
         "Die Abenteuer des Odysseus", None, "Tradition und Geist"),
    ],
)
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
    text = ("Gurevitch, M. (1990): Political communication. In: Lichtenberg, Judith (ed.): Democracy and the Mass "
            "Media, New York: Cambridge University Press, 269-289.")
    crf = spans_at(text, ("author", "Gurevitch, M."), ("date", "1990"), ("title", "Political communication"),
                   ("editor", "Lichtenberg, Judith"), ("publisher", "Democracy and the Mass Media"),
                   ("location", "New York"), ("publisher", "Cambridge University Press"), ("pages", "269-289"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["container-title"] == ["Democracy and the Mass Media"]
    assert fields["publisher"] == ["Cambridge University Press"]


def test_a_publisher_before_a_volume_with_no_venue_or_place_is_the_journal():
    text = "Dörrenbächer, C. (2000): Between Global Market Constraints. Transnational Corporations, 9 (3): 33-61."
    crf = spans_at(text, ("author", "Dörrenbächer, C."), ("date", "2000"), ("title", "Between Global Market Constraints"),
                   ("publisher", "Transnational Corporations"), ("volume", "9"), ("issue", "3"), ("pages", "33-61"))
    assert spans_fields(correct_spans(text, crf)[0])["container-title"] == ["Transnational Corporations"]
    book = "Bundesministerium des Inneren (2001): Zuwanderung gestalten, Berlin: BMI, 80."
    crf = spans_at(book, ("author", "Bundesministerium des Inneren"), ("date", "2001"),
                   ("title", "Zuwanderung gestalten"), ("location", "Berlin"), ("publisher", "BMI"), ("volume", "80"))
    assert correct_spans(book, crf) == (crf, False)


@pytest.mark.parametrize(("head", "label"), [("Community", "publisher"), (None, None)])
def test_a_journal_name_with_a_comma_is_taken_whole(head, label):
    text = "Pfau-Effinger, B. 2011. Differences in employment patterns. Community, Work & Family 14(2): 217-32."
    parts = [("author", "Pfau-Effinger, B."), ("date", "2011"), ("title", "Differences in employment patterns")]
    parts += [(label, head)] if head else []
    crf = spans_at(text, *parts, ("container-title", "Work & Family"), ("volume", "14"), ("issue", "2"))
    assert spans_fields(correct_spans(text, crf)[0])["container-title"] == ["Community, Work & Family"]


def test_a_lone_title_after_in_stays_the_title():
    text = "In Search of Lost Time. Paris: Grasset, 1913."
    crf = [Span("title", "Search of Lost Time", 3, 22)]
    assert correct_spans(text, crf) == (crf, False)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Weiss, G. (Hg.) 1999, Multiagent Systems. MIT Press: Cambridge, Mass.", "Weiss, G."),
        ("G. Camassa (a c. di), Idea e realtà del viaggio, Genova 1991.", "G. Camassa"),
        ("Leach, Neil, ed. Rethinking Architecture. London: Routledge, 1997.", "Leach, Neil"),
        # a full stop between the names and the cue
        ("Vedder, Günther. (Hrsg.). (2006). Managing Equity and Diversity at Universities. München", "Vedder, Günther"),
    ],
)
def test_names_opening_a_reference_with_an_editor_cue_are_editors(text, names):
    crf = [Span("author", names, 0, len(names))]
    fixed, changed = correct_spans(text, crf)
    assert changed and spans_fields(fixed) == {"editor": [names]}


def test_names_opening_a_reference_as_editors_without_a_cue_are_authors():
    text = "Gerbner, George/Gross, Larry (1976): Living With Television: The Violence Profile. J. Commun., 26, 173-199."
    crf = spans_at(text, ("editor", "Gerbner, George/Gross, Larry"), ("date", "1976"),
                   ("title", "Living With Television: The Violence Profile"))
    assert spans_fields(correct_spans(text, crf)[0])["author"] == ["Gerbner, George/Gross, Larry"]


@pytest.mark.parametrize("text", ["Ching, Barbara, and Gerald W. Creed, eds. Knowing Your Place. New York: Routledge.",
                                  "Snyder, C. R. (Ed.). (1999). Coping: The psychology of what works. New York."])
def test_names_opening_a_reference_as_editors_with_a_cue_stay_editors(text):
    names = re.match(r".*?(?=, eds| \(Ed)", text).group()
    crf = spans_at(text, ("editor", names))
    assert correct_spans(text, crf) == (crf, False)


def test_authors_without_an_editor_cue_stay_authors():
    text = "Weiss, G. (1999). Multiagent Systems (eds. A and B). MIT Press."
    crf = [Span("author", "Weiss, G.", 0, 9)]
    assert correct_spans(text, crf) == (crf, False)


def spans_at(text: str, *parts: tuple[str, str]) -> list[Span]:
    """Spans for (label, value) pairs, each value found in ``text`` after the one before."""
    spans, pos = [], 0
    for label, value in parts:
        start = text.index(value, pos)
        spans.append(Span(label, value, start, start + len(value), 0.9))
        pos = start + len(value)
    return spans


def test_a_title_broken_at_a_question_mark_is_joined():
    text = "Moss, P. (eds.) Parental leave: Progress or Pitfall? Research and Policy Issues in Europe. Bruxelles."
    crf = spans_at(text, ("editor", "Moss, P."), ("title", "Parental leave: Progress or Pitfall"),
                   ("title", "Research and Policy Issues in Europe"), ("location", "Bruxelles"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == ["Parental leave: Progress or Pitfall? Research and Policy Issues in Europe"]


def test_titles_with_more_than_punctuation_between_stay_apart():
    text = "Smith, J. Title one (2001) Title two; Title three"
    crf = spans_at(text, ("author", "Smith, J."), ("title", "Title one"), ("date", "2001"), ("title", "Title two"))
    crf.append(Span("container-title", "Title three", text.index("Title three"), len(text)))
    assert correct_spans(text, crf) == (crf, False)


def test_an_edited_book_has_a_title_not_a_container():
    text = "Schubert, G. / Tetzlaff, R. (Hrsg.) 1998: Blockierte Demokratien in der Dritten Welt, Opladen."
    crf = spans_at(text, ("author", "Schubert, G. / Tetzlaff, R."), ("date", "1998"),
                   ("container-title", "Blockierte Demokratien in der Dritten Welt"), ("location", "Opladen"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed) == {"editor": ["Schubert, G. / Tetzlaff, R."], "date": ["1998"],
                                   "title": ["Blockierte Demokratien in der Dritten Welt"], "location": ["Opladen"]}


def test_a_short_title_taken_for_a_name_is_cut_from_the_authors():
    text = "P. Pucci, Odysseus Polutropos, Ithaca and London 1987."
    crf = spans_at(text, ("author", "P. Pucci, Odysseus Polutropos"), ("location", "Ithaca and London"),
                   ("date", "1987"))
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed) == {"author": ["P. Pucci"], "title": ["Odysseus Polutropos"],
                                   "location": ["Ithaca and London"], "date": ["1987"]}


@pytest.mark.parametrize(
    ("text", "parts"),
    [  # a list of names; physics style, whose journal articles have no title; names in capitals
        ("C. W. Misner, K. S. Thorne, and J. A. Wheeler, Gravitation (1973).",
         [("author", "C. W. Misner, K. S. Thorne, and J. A. Wheeler"), ("date", "1973")]),
        ("R. Diener, LCTPC Collaboration, Phys. Procedia 37 (2012) 456.",
         [("author", "R. Diener, LCTPC Collaboration"), ("container-title", "Phys. Procedia"), ("volume", "37")]),
        ("C. L., CRAIG, A. L. MARSHALL (2003).", [("author", "C. L., CRAIG, A. L. MARSHALL"), ("date", "2003")]),
    ],
)
def test_authors_that_may_be_names_are_not_cut(text, parts):
    crf = spans_at(text, *parts)
    assert correct_spans(text, crf) == (crf, False)


def test_names_before_an_editor_cue_inside_a_reference_are_editors_and_the_book_follows():
    text = ("Neidhardt, F., 1986: Gewalt. S. 109-147 in: Bundeskriminalamt (Hrsg.), Was ist Gewalt? "
            "Wiesbaden: BKA.")
    crf = spans_at(text, ("author", "Neidhardt, F."), ("date", "1986"), ("title", "Gewalt"), ("pages", "109-147"),
                   ("publisher", "Bundeskriminalamt"), ("title", "Was ist Gewalt?"), ("location", "Wiesbaden"),
                   ("publisher", "BKA"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["editor"] == ["Bundeskriminalamt"] and fields["publisher"] == ["BKA"]
    assert fields["title"] == ["Gewalt"] and fields["container-title"] == ["Was ist Gewalt?"]


def test_a_venue_before_colon_publisher_is_the_place():
    text = "Figueiredo NMA. SUS e PSF para enfermagem. São Caetano do Sul: Yendis Editora, 2007."
    crf = spans_at(text, ("author", "Figueiredo NMA"), ("title", "SUS e PSF para enfermagem"),
                   ("container-title", "São Caetano do Sul"), ("publisher", "Yendis Editora"), ("date", "2007"))
    assert spans_fields(correct_spans(text, crf)[0])["location"] == ["São Caetano do Sul"]


def test_a_lone_venue_without_numbers_is_a_book_title_but_a_journal_with_numbers_stays():
    book = "Han, P. (2000), Soziologie der Migration, Stuttgart: Lucius & Lucius."
    crf = spans_at(book, ("author", "Han, P."), ("date", "2000"), ("container-title", "Soziologie der Migration"),
                   ("location", "Stuttgart"), ("publisher", "Lucius & Lucius"))
    assert spans_fields(correct_spans(book, crf)[0])["title"] == ["Soziologie der Migration"]
    article = "A. Einstein, Ann. Phys. 17, 891 (1905)."
    crf = spans_at(article, ("author", "A. Einstein"), ("container-title", "Ann. Phys."), ("volume", "17"),
                   ("pages", "891"), ("date", "1905"))
    assert correct_spans(article, crf) == (crf, False)


def test_a_lone_venue_with_a_volume_and_a_place_is_a_book_title_but_one_with_a_volume_alone_stays():
    book = "Marx, Karl (1967), Das Kapital, Bd. I, Hamburg."
    crf = spans_at(book, ("author", "Marx, Karl"), ("date", "1967"), ("container-title", "Das Kapital"),
                   ("volume", "I"), ("location", "Hamburg"))
    assert spans_fields(correct_spans(book, crf)[0])["title"] == ["Das Kapital"]
    article = "Hooper, D., 2017, Physics of the Dark Universe, 15."
    crf = spans_at(article, ("author", "Hooper, D."), ("date", "2017"),
                   ("container-title", "Physics of the Dark Universe"), ("volume", "15"))
    assert correct_spans(article, crf) == (crf, False)


def test_a_second_date_glued_to_a_title_is_part_of_it():
    text = "United Nations Development Program (1990): Human Development Report 1990, Oxford University Press."
    crf = spans_at(text, ("author", "United Nations Development Program"), ("date", "1990"),
                   ("title", "Human Development Report"), ("date", "1990"), ("publisher", "Oxford University Press"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Human Development Report 1990"] and fields["date"] == ["1990"]
    # the only date of a reference stays a date, even right after the title
    alone = "Smith, J. A Report 1990. Oxford University Press."
    crf = spans_at(alone, ("author", "Smith, J."), ("title", "A Report"), ("date", "1990"))
    assert correct_spans(alone, crf) == (crf, False)


@pytest.mark.parametrize(
    "text, parts, note",
    [
        ("Jensen, K. (2003): Lov om social service. http://www.sm.dk/lov.htm (Stand Oktober 2003).",
         [("date", "2003"), ("url", "http://www.sm.dk/lov.htm"), ("date", "Oktober 2003")], "Stand Oktober 2003"),
        ("OCLC. (2014). WorldCat Discovery. Retrieved March 21, 2014, from http://www.librarytechnology.org/a",
         [("date", "2014"), ("title", "WorldCat Discovery"), ("date", "March 21, 2014")], "Retrieved March 21, 2014"),
        ("Japan, The (2008), Okinawa-Vision, online: http://www.dpj.or.jp/o.pdf (Aufruf: 02.03.2010).",
         [("date", "2008"), ("url", "http://www.dpj.or.jp/o.pdf"), ("date", "2010")], "Aufruf: 02.03.2010"),
        # the model read the day as a volume
        ("Bartz, Elke (2006), »Das Persönliche Budget«, in: www.forsea.de (1. Juli 2007).",
         [("date", "2006"), ("url", "www.forsea.de"), ("volume", "1"), ("date", "Juli 2007")], "1. Juli 2007"),
        ("Rev. bras. fisioter. [online]. 2010, [Citado em 13 maio 2012].",
         [("container-title", "Rev. bras. fisioter."), ("date", "2010"), ("date", "13 maio 2012")], "Citado em 13 maio 2012"),
    ],
)
def test_a_second_date_that_says_when_a_page_was_read_is_a_note(text, parts, note):
    fixed, changed = correct_spans(text, spans_at(text, *parts))
    assert changed
    first_date = next(value for label, value in parts if label == "date")
    assert spans_fields(fixed)["date"] == [first_date] and spans_fields(fixed)["note"] == [note]
    assert "volume" not in spans_fields(fixed)


def test_a_journal_in_guillemets_run_into_the_title_is_the_venue():
    text = "Andersen 1990 = Ø. Andersen, The making of the past in the Iliad, «HSPh», 93 (1990), p. 25–45."
    crf = spans_at(text, ("author", "Ø. Andersen"), ("title", "The making of the past in the Iliad, «HSPh"),
                   ("volume", "93"), ("date", "1990"), ("pages", "25–45"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["The making of the past in the Iliad"] and fields["container-title"] == ["HSPh"]
    # a quoted title with its journal named after it (French styles) is left as it is
    french = "Dupont, J., « Le titre, enfin », Revue française, 12, 2001, p. 3-9."
    crf = spans_at(french, ("author", "Dupont, J."), ("title", "Le titre, enfin"),
                   ("container-title", "Revue française"), ("volume", "12"), ("date", "2001"), ("pages", "3-9"))
    assert correct_spans(french, crf) == (crf, False)


@pytest.mark.parametrize("method", ["auto", "rules"])
def test_a_citation_key_before_the_reference_is_its_label(method):
    text = "Gill 2004 = S. P. D. Gill, A. Knebe, B. K. Gibson, «MNRAS», 351 (2004), p. 399."
    ref = Parser(method=method).parse(text)
    assert ref.citation_number == "Gill 2004"
    assert [n.family for n in ref.authors] == ["Gill", "Knebe", "Gibson"] and ref.year == 2004
    assert all(t.start >= text.index("S. P.") or t.label in ("citation-number", OUTSIDE)
               for t in Parser(method=method).tag(text))


def test_the_tagger_reads_a_citation_key_wherever_it_is_called_from():
    """Training's and cross-validation's scoring call the tagger without the parser: a key is a label there too."""
    from refparse.model import load_model
    from refparse.tagger import CRFTagger

    text = "Gill 2004 = S. P. D. Gill, A. Knebe, «MNRAS», 351 (2004), p. 399."
    tokens = CRFTagger(load_model()).tag_text(text)
    assert [t.label for t in tokens[:3]] == ["citation-number", "citation-number", OUTSIDE]
    assert tokens == Parser().tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gill, S. (2004). On x = y in 2004 = z. MNRAS, 351, 399.",  # "=" after the authors and title began
        "Gill 2004. S. P. D. Gill, «MNRAS», 351, p. 399.",  # no "="
        "CIL VI = Corpus Inscriptionum Latinarum, vol. VI, Berlin 1876.",  # a key with no year: left to the model
    ],
)
def test_only_a_short_key_with_a_year_and_an_equals_sign_is_a_citation_key(text):
    from refparse.rules import citation_key

    assert citation_key(text) is None


@pytest.mark.parametrize(
    "text, year, accessed",
    [
        ("Jensen, Karen (2003): Lov om social service. http://www.sm.dk/lov.htm (Stand Oktober 2003).", 2003,
         "2003-10"),
        ("OCLC. (2014b). OCLC introduces WorldCat Discovery Services. Retrieved March 21, 2014, from "
         "http://www.librarytechnology.org/diglib.pl", 2014, "2014-03-21"),
        ("Lie, A. (2009): Rapport. http://www.abc.org/r.pdf (Zugriff am 15. März 2011).", 2009, "2011-03-15"),
    ],
)
def test_parse_keeps_the_year_of_issue_apart_from_the_access_date(text, year, accessed):
    ref = Parser().parse(text)
    assert (ref.year, ref.accessed) == (year, accessed)
    assert ref.to_csl()["accessed"]["date-parts"][0][0] == int(accessed[:4])


@pytest.mark.parametrize(
    "text, parts",
    [
        # a year in brackets after a link is when the work appeared
        ("Doe, J. (2018). Returns. SSRN: https://ssrn.com/abstract=3492722 (2019).",
         [("date", "2018"), ("url", "https://ssrn.com/abstract=3492722"), ("date", "2019")]),
        # the only date stays the date, cue or not
        ("Tabula. http://tabula.technology. Accessed: 2015-05-13.",
         [("url", "http://tabula.technology"), ("date", "2015-05-13")]),
        # a conference's days are no access date
        ("Lee, K. (2006): Talk at the Ethiopian Society, 22. Juni 2006, Addis Ababa.",
         [("date", "2006"), ("title", "Talk at the Ethiopian Society"), ("date", "22. Juni 2006")]),
    ],
)
def test_dates_that_are_no_access_dates_stay_dates(text, parts):
    crf = spans_at(text, *parts)
    assert correct_spans(text, crf) == (crf, False)


@pytest.mark.parametrize("label", ["container-title", "title"])
def test_a_book_or_venue_before_an_editor_cue_is_the_editor(label):
    text = ("Sainsbury, Diana (1999). Gender, Policy Regimes, and Politics, in: Diana Sainsbury (Hg.): Gender and "
            "welfare states regimes, Oxford, 245-275.")
    crf = spans_at(text, ("author", "Sainsbury, Diana"), ("date", "1999"),
                   ("title", "Gender, Policy Regimes, and Politics"), (label, "Diana Sainsbury"),
                   ("title", "Gender and welfare states regimes"), ("location", "Oxford"), ("pages", "245-275"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["editor"] == ["Diana Sainsbury"]
    assert fields["title"] == ["Gender, Policy Regimes, and Politics"]
    assert fields["container-title"] == ["Gender and welfare states regimes"]


def test_a_title_broken_at_a_quotation_inside_it_is_joined():
    text = "Peterman, J.N. (1940). The “Program Analyzer”. A New Technique in Studying. J. Appl. Psych., 24, 728-741."
    crf = spans_at(text, ("author", "Peterman, J.N."), ("date", "1940"), ("title", "The “Program Analyzer"),
                   ("title", "A New Technique in Studying"), ("container-title", "J. Appl. Psych."), ("volume", "24"),
                   ("pages", "728-741"))
    assert spans_fields(correct_spans(text, crf)[0])["title"] == ["The “Program Analyzer”. A New Technique in Studying"]


def test_a_quoted_title_closed_by_a_comma_is_not_joined_to_the_venue_after_it():
    text = "Suchman, Lucy (2005), »Affiliative Objects«, Organization, Jg. 12, H. 3, S. 379–399."
    crf = spans_at(text, ("author", "Suchman, Lucy"), ("date", "2005"), ("title", "Affiliative Objects"),
                   ("title", "Organization"), ("volume", "12"), ("pages", "379–399"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Affiliative Objects"]
    assert fields["container-title"] == ["Organization"]


@pytest.mark.parametrize(
    ("text", "title", "venue"),
    [
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
    ],
)
def test_a_title_run_on_into_the_journal_before_numbers_gives_the_journal_back(text, title, venue):
    run_on = text[text.index(title):text.index(venue) + len(venue)]
    number = re.search(r"\d+", text[text.index(venue) + len(venue):]).group()
    crf = spans_at(text, ("title", run_on), ("date" if len(number) == 4 else "volume", number))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == [title] and fields["container-title"] == [venue]


@pytest.mark.parametrize(
    "text",
    [
        # part I of a title, not the start of the journal's name
        "[62] Lars Hormander. Fourier integral operators. I. Acta mathematica, 127(1):79–183, 1971.",
        # a book: no numbers after the title
        "Neidhart, F. (1986): Gewalt. Soziale Deutung des Begriffs. Wiesbaden.",
        # the tail of an abbreviated journal, not a journal of its own
        "L. R. Sochet. Bull. Soc. Chim. Fr. 1571 (1971).",
    ],
)
def test_a_title_with_a_full_stop_inside_is_left_whole_when_no_journal_can_end_it(text):
    title = re.search(r"(?:Fourier|Gewalt|Bull)[^(]*?(?=, 127| Wiesbaden| 1571)", text).group().rstrip(".")
    after = {"127": ("volume", "127"), "1571": ("volume", "1571")}
    parts = [("title", title), next((v for k, v in after.items() if k in text), ("location", "Wiesbaden"))]
    crf = spans_at(text, *parts)
    assert correct_spans(text, crf) == (crf, False)


def test_a_book_title_before_its_date_is_left_whole():
    text = "Neidhart, F. Gewalt. Soziale Deutung des Begriffs. 1986, Wiesbaden."
    crf = spans_at(text, ("author", "Neidhart, F."), ("title", "Gewalt. Soziale Deutung des Begriffs"),
                   ("date", "1986"), ("location", "Wiesbaden"))
    assert correct_spans(text, crf) == (crf, False)


def test_a_venue_that_took_the_title_in_gives_the_title_back():
    text = "Schmid, M. (2001). Theorienvergleich in den Sozialwissenschaften. Ethik und Sozialwissenschaften, 4, 483-495."
    crf = spans_at(text, ("author", "Schmid, M."), ("date", "2001"),
                   ("container-title", "Theorienvergleich in den Sozialwissenschaften. Ethik und Sozialwissenschaften"),
                   ("volume", "4"), ("pages", "483-495"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Theorienvergleich in den Sozialwissenschaften"]
    assert fields["container-title"] == ["Ethik und Sozialwissenschaften"]


def test_a_subtitle_run_on_into_the_venue_goes_back_to_the_title():
    text = ("Strohmeier, K. P., 2003: Segregierte Armut in der Stadtgesellschaft. Problemstrukturen und "
            "Handlungskonzepte im Stadtteil. Informationen zur Stadtentwicklung 3/4: 231-246.")
    venue = "Problemstrukturen und Handlungskonzepte im Stadtteil. Informationen zur Stadtentwicklung"
    crf = spans_at(text, ("author", "Strohmeier, K. P."), ("date", "2003"),
                   ("title", "Segregierte Armut in der Stadtgesellschaft"), ("container-title", venue),
                   ("volume", "3"), ("issue", "4"), ("pages", "231-246"))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields["title"] == ["Segregierte Armut in der Stadtgesellschaft. Problemstrukturen und Handlungskonzepte "
                               "im Stadtteil"]
    assert fields["container-title"] == ["Informationen zur Stadtentwicklung"]


def test_an_abbreviated_physics_venue_without_a_title_is_left_whole():
    text = "H.-W. Hammer, L. Platter, Annu. Rev. Nucl. Part. Sci. 60 (2010) 207."
    crf = spans_at(text, ("author", "H.-W. Hammer, L. Platter"), ("container-title", "Annu. Rev. Nucl. Part. Sci."),
                   ("volume", "60"), ("date", "2010"), ("pages", "207"))
    assert correct_spans(text, crf) == (crf, False)


@pytest.mark.parametrize(
    ("text", "parts", "title"),
    [
        ("Assmann, Jan (1997): Das kulturelle Gedächtnis. München",
         [("author", "Assmann"), ("date", "Jan (1997"), ("title", "Das kulturelle Gedächtnis")],
         "Das kulturelle Gedächtnis"),
        # the year the title then opens with is the date
        ("Boas, Franz 1932 Notes on Some Recent Changes in the Kwakiutl Language.",
         [("author", "Boas"), ("title", "Franz 1932 Notes on Some Recent Changes in the Kwakiutl Language")],
         "Notes on Some Recent Changes in the Kwakiutl Language"),
        ("Stagl, Justin (1983): Übergangsriten und Statuspassagen. Graz.",
         [("author", "Stagl"), ("location", "Justin"), ("date", "1983"), ("title", "Übergangsriten und Statuspassagen"),
          ("location", "Graz")], "Übergangsriten und Statuspassagen"),
    ],
)
def test_a_family_name_alone_takes_back_its_given_name(text, parts, title):
    fields = spans_fields(correct_spans(text, spans_at(text, *parts))[0])
    family_and_given = re.match(r"\w+, \w+", text).group()
    assert fields["author"] == [family_and_given] and fields["title"] == [title]
    assert fields["date"] == [re.search(r"1\d{3}", text).group()]


@pytest.mark.parametrize(
    ("text", "first", "names", "label"),
    [
        ("Heine, Susanne/Theophil Müller: Rituale zwischen Kritik und Neuschöpfung. In: Reformatio 1 (1991)",
         "Heine", "Heine, Susanne/Theophil Müller", "author"),
        ("Hauptmann, Alexander & McAvinney, Paul: Gestures with Speech, Int. J. Man Mach. Stud. 38 (1993)",
         "Hauptmann", "Hauptmann, Alexander & McAvinney, Paul", "author"),
        # the list's editor cue makes it the editors
        ("Belasco, Warren James; Scranton, Philip (Hg.) (2002): Food nations. New York: Routledge.",
         "Belasco, Warren James", "Belasco, Warren James; Scranton, Philip", "editor"),
    ],
)
def test_a_list_of_names_cut_short_takes_back_the_rest(text, first, names, label):
    title_start = text.index(names) + len(names)
    crf = spans_at(text, ("author", first), ("title", text[len(first) + 2:title_start + 20].strip()))
    fields = spans_fields(correct_spans(text, crf)[0])
    assert fields[label] == [names]


def test_a_family_name_followed_by_more_than_given_names_is_left():
    # "Ley Sobre Refugiados" is a title, not two given names: no date or title mark ends it
    text = "México, Ley Sobre Refugiados y Protección Complementaria, 2010."
    crf = spans_at(text, ("author", "México"), ("title", "Ley Sobre Refugiados y Protección Complementaria"),
                   ("date", "2010"))
    assert correct_spans(text, crf) == (crf, False)


@pytest.mark.parametrize(
    ("text", "venue", "cut"),
    [
        ("Witten, E.: Perturbative Gauge Theory. In: Commun. Math. Phys. Bd. 252 (2004), S. 189–258",
         "Commun. Math. Phys. Bd.", "Commun. Math. Phys."),
        ("Gertz, B.: Gejohle? In: Die Bundeswehr Heft 11 (1995), S. 5", "Die Bundeswehr Heft", "Die Bundeswehr"),
    ],
)
def test_a_venue_ending_in_the_cue_of_its_number_ends_before_it(text, venue, cut):
    number = re.search(r"\d+", text[text.index(venue) + len(venue):]).group()
    crf = spans_at(text, ("author", text[:10]), ("container-title", venue), ("volume", number))
    fixed, changed = correct_spans(text, crf)
    assert changed and spans_fields(fixed)["container-title"] == [cut]


def test_a_venue_ending_in_a_cue_word_with_no_number_after_it_is_kept():
    text = "Smith, J. The volume. Journal of Band Studies Band, Berlin."
    crf = spans_at(text, ("author", "Smith, J."), ("title", "The volume"),
                   ("container-title", "Journal of Band Studies Band"))
    assert correct_spans(text, crf) == (crf, False)


@pytest.mark.parametrize(
    ("text", "title", "ran_to"),
    [  # the closing punctuation outside the quote (German) and inside it (American)
        ("Kühl, S. (2004). »Frauen in Führungspositionen«, IAB Kurzbericht 12, 1-6.",
         "Frauen in Führungspositionen", " 12"),
        ("Cavell, S. (1979) “Criteria and Judgement.” The Claim of Reason, pp. 3-36. Oxford University Press.",
         "Criteria and Judgement", ", pp."),
    ],
)
def test_correction_cuts_at_a_quote_with_a_comma_or_full_stop(text, title, ran_to):
    start, end = text.index(title), text.index(ran_to)
    crf = [Span("author", text[:8], 0, 8), Span("title", text[start:end], start, end)]
    fixed, changed = correct_spans(text, crf)
    assert changed
    assert spans_fields(fixed)["title"] == [title]


@pytest.mark.parametrize(
    "text",
    [
        'Friard, D. "Je voudrais que vous parliez à ma mère" - Carnet de route en psychiatrie. Paris, 2010.',
        "Angus, L. (2004). 'What is the story'? Working with narrative in psychotherapy. Sage, 2004.",
    ],
)
def test_correction_keeps_a_title_that_goes_on_after_a_quotation(text):
    start = text.index(". ", 9) + 2
    end = text.index(". ", start + 40)
    crf = [Span("author", text[:10], 0, 10), Span("title", text[start:end], start, end)]
    fixed, _ = correct_spans(text, crf)
    assert spans_fields(fixed)["title"] == [text[start:end]]


@pytest.mark.corpus
def test_rules_core4_floor_on_a_dev_slice(data_dir):
    """The rules alone on every other reference of dev (434): core-4 micro F1 (field exact match) of at least 0.70.

    Measured when written: 0.80 on this slice (0.81 on all of dev); the shipped model scores about 0.93.
    """
    from refparse.corpus import iter_fields, read_jsonl_plain

    examples = read_jsonl_plain(data_dir / "parse" / "dev.jsonl")[::2]
    pairs = []
    for example in examples:
        gold: dict[str, list[str]] = {}
        for label, value in iter_fields(example):
            gold.setdefault(label, []).append(value)
        pairs.append((gold, spans_fields(rule_spans(example.text))))
    scores = score(pairs)
    assert scores.micro(CORE_LABELS).f1 >= 0.70
    assert scores.per_label["date"].f1 >= 0.85 and scores.per_label["author"].f1 >= 0.80


def test_every_correction_is_listed_and_implemented():
    from refparse import rules

    assert set(rules.CORRECTIONS) <= set(rules.ALL_CORRECTIONS)
    assert set(rules.ALL_CORRECTIONS) == set(rules._PROPOSERS) | set(rules._REWORKS)
