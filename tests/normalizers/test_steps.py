"""The STEPS chain on hand-built spans: compounds in one span, warnings, type inference."""

from __future__ import annotations

import re

import pytest

from refparse.normalizers import STEPS, normalise
from refparse.types import Reference, Span


def build(text: str, *labelled: tuple[str, str]) -> Reference:
    """A Reference whose spans are the given (label, segment) pairs, found in ``text`` left to right."""
    spans, at = [], 0
    for label, segment in labelled:
        start = text.index(segment, at)
        spans.append(Span(label, segment, start, start + len(segment)))
        at = start + len(segment)
    return normalise(Reference(text=text, spans=spans))


def test_steps_are_an_ordered_chain_of_functions():
    assert [s.__name__ for s in STEPS][:2] == ["names_step", "date_step"]
    assert STEPS[-1].__name__ == "type_step", "type inference needs every other field first"


@pytest.mark.parametrize(
    ("label", "segment", "volume", "issue", "pages", "first", "last"),
    [
        ("volume", "21(3): 643–654", "21", "3", "643–654", "643", "654"),
        ("volume", "vol. 5, no. 2, pp. 1-10", "5", "2", "1-10", "1", "10"),
        ("pages", "S. 23-45", None, None, "23-45", "23", "45"),
        ("pages", "e1002345", None, None, "e1002345", "e1002345", None),
        ("issue", "no. 4, pp. 963-979", None, "4", "963-979", "963", "979"),
    ],
)
def test_one_span_holding_several_numbers(label, segment, volume, issue, pages, first, last):
    ref = build(f"Doe, J. (2001). A title. Journal, {segment}.", ("author", "Doe, J."), ("date", "2001"),
                ("title", "A title"), ("container-title", "Journal"), (label, segment))
    assert (ref.volume, ref.issue, ref.pages, ref.first_page, ref.last_page) == (volume, issue, pages, first, last)
    assert ref.warnings == []


def test_separate_spans_win_over_a_compound_reading():
    ref = build("J. 12(3), 45-67.", ("container-title", "J."), ("volume", "12"), ("issue", "3"), ("pages", "45-67"))
    assert (ref.volume, ref.issue, ref.pages) == ("12", "3", "45-67")


def test_fields_become_structured_values():
    text = ("Smith, J. A., van der Berg, J., et al. (2022b). Title here. Journal, 12(3), 45-67. "
            "https://doi.org/10.1000/xyz. PMID: 1234567")
    ref = build(text, ("author", "Smith, J. A., van der Berg, J., et al."), ("date", "(2022b)"),
                ("title", "Title here."), ("container-title", "Journal"), ("volume", "12(3)"), ("pages", "45-67"),
                ("doi", "https://doi.org/10.1000/xyz."), ("identifier", "PMID: 1234567"))
    assert [(n.family, n.given, n.particle) for n in ref.authors] == [("Smith", "J. A.", None),
                                                                     ("Berg", "J.", "van der")]
    assert ref.et_al is True
    assert (ref.year, ref.year_suffix) == (2022, "b")
    assert (ref.volume, ref.issue, ref.first_page, ref.last_page) == ("12", "3", "45", "67")
    assert ref.doi == "10.1000/xyz" and ref.pmid == "1234567"
    assert ref.type == "article-journal"


def test_an_access_note_gives_the_access_date_and_leaves_the_year():
    text = "Doe, J. (2003): Lov om social service. http://www.sm.dk/lov.htm (Stand Oktober 2003)."
    ref = build(text, ("author", "Doe, J."), ("date", "(2003)"), ("title", "Lov om social service."),
                ("url", "http://www.sm.dk/lov.htm"), ("note", "Stand Oktober 2003"))
    assert (ref.year, ref.month, ref.accessed, ref.note) == (2003, None, "2003-10", "Stand Oktober 2003")
    plain = build("Doe, J. T. Oslo: Gyldendal. Reprint.", ("title", "T."), ("note", "Reprint."))
    assert plain.accessed is None


@pytest.mark.parametrize(
    ("expected", "text", "labelled"),
    [
        ("article-journal", "Doe J. T. Nature 5:1-9.", [("title", "T."), ("container-title", "Nature"),
                                                        ("volume", "5"), ("pages", "1-9")]),
        ("article-journal", "Doe J. T. Proc Natl Acad Sci 95:1-9.",
         [("title", "T."), ("container-title", "Proc Natl Acad Sci"), ("volume", "95"), ("pages", "1-9")]),
        ("paper-conference", "Doe J. T. In Proceedings of ICML, 1-9.",
         [("title", "T."), ("container-title", "Proceedings of ICML"), ("pages", "1-9")]),
        ("chapter", "Doe J. T. In A Book, 1-9. London: Sage.",
         [("title", "T."), ("container-title", "A Book"), ("pages", "1-9"), ("location", "London"),
          ("publisher", "Sage")]),
        ("chapter", "Doe J. T. In: R. Roe (ed.) A Book.", [("title", "T."), ("editor", "R. Roe (ed.)"),
                                                          ("container-title", "A Book")]),
        ("book", "Doe J. A Book. London: Sage.", [("title", "A Book"), ("location", "London"),
                                                   ("publisher", "Sage")]),
        ("thesis", "Doe J. T. PhD thesis, MIT.", [("title", "T."), ("genre", "PhD thesis"), ("publisher", "MIT")]),
        ("report", "Doe J. T. Tech. Rep. 12, MIT.", [("title", "T."), ("genre", "Tech. Rep."),
                                                     ("publisher", "MIT")]),
        ("preprint", "Doe J. T. arXiv:1706.03762.", [("title", "T."), ("identifier", "arXiv:1706.03762")]),
        ("preprint", "Doe J. T. bioRxiv.", [("title", "T."), ("container-title", "bioRxiv")]),
        ("webpage", "Doe J. T. http://x.org/a (accessed 1 May 2020).", [("title", "T."),
                                                                         ("url", "http://x.org/a")]),
        ("document", "Doe J. T.", [("title", "T.")]),
    ],
)
def test_type_inference(expected, text, labelled):
    assert build(text, *labelled).type == expected


@pytest.mark.parametrize(
    ("label", "segment", "pattern"),
    [("date", "sometime", "no year"), ("isbn", "ISBN 0-306-40615-3", "ISBN"), ("doi", "doi: none", "not a DOI"),
     ("pages", "pp.", "no pages"), ("author", "et", "")],
)
def test_problems_go_to_warnings_never_stdout(capsys, label, segment, pattern):
    ref = build(f"A title. {segment}.", ("title", "A title"), (label, segment))
    assert capsys.readouterr() == ("", "")
    if pattern:
        assert any(re.search(pattern, w) for w in ref.warnings), ref.warnings


JOURNAL = "Doe, J. (2001). A title. Journal, 3, 1-9."
JOURNAL_SPANS = [("author", "Doe, J."), ("date", "2001"), ("title", "A title"), ("container-title", "Journal"),
                 ("volume", "3"), ("pages", "1-9")]


@pytest.mark.parametrize("broken", [s.__name__ for s in STEPS])
def test_a_step_that_raises_becomes_a_warning_and_the_other_steps_still_run(monkeypatch, broken):
    expected = build(JOURNAL, *JOURNAL_SPANS)
    assert not expected.warnings

    def explode(ref, fields):
        raise RuntimeError("boom in " + broken)

    import refparse.normalizers as normalizers

    monkeypatch.setattr(normalizers, "STEPS", [explode if s.__name__ == broken else s for s in STEPS])
    explode.__name__ = broken
    ref = build(JOURNAL, *JOURNAL_SPANS)
    assert ref.warnings == [f"normalisation step {broken} failed (RuntimeError: boom in {broken}); "
                            "fields it sets may be missing"]
    got, want = ref.to_dict(), expected.to_dict()
    step_fields = {"names_step": {"authors"}, "date_step": {"year"}, "numbers_step": {"volume", "pages",
                   "first_page", "last_page"}, "text_step": {"title", "container_title"},
                   "identifiers_step": set(), "type_step": {"type"}}[broken]
    for key in set(want) - {"warnings"}:
        if key in step_fields:
            assert key not in got, key
        elif not (broken == "text_step" and key == "type"):  # the type is read from the text fields
            assert got[key] == want[key], key


def test_a_failing_step_through_the_parser_gives_a_warning_not_an_exception(monkeypatch):
    import refparse
    import refparse.normalizers as normalizers

    def date_step(ref, fields):
        raise ValueError("x" * 1000)  # a long message is cut short

    monkeypatch.setattr(normalizers, "STEPS", [date_step if s.__name__ == "date_step" else s for s in STEPS])
    ref = refparse.Parser(method="rules").parse(JOURNAL)
    assert ref.source == "rules" and ref.year is None and ref.title == "A title"
    [warning] = [w for w in ref.warnings if "normalisation step" in w]
    assert warning.startswith("normalisation step date_step failed (ValueError: xxx") and len(warning) < 300
