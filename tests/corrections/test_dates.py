"""refparse.corrections.dates: a second date that says when a page was read."""

from __future__ import annotations

import pytest

from refparse.corrections import correct_spans
from refparse.corrections.dates import access_date
from refparse.parser import Parser
from refparse.types import spans_fields

from ._cases import check, fixes, leaves, params, spans_at

# (text, spans before, the note it gives): a second date that says when a page was read
ACCESS_NOTES = [
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
]
# (text, spans): second dates that are no access dates
NO_ACCESS_DATES = [
    # a year in brackets after a link is when the work appeared
    ("Doe, J. (2018). Returns. SSRN: https://ssrn.com/abstract=3492722 (2019).",
     [("date", "2018"), ("url", "https://ssrn.com/abstract=3492722"), ("date", "2019")]),
    # the only date stays the date, cue or not
    ("Tabula. http://tabula.technology. Accessed: 2015-05-13.",
     [("url", "http://tabula.technology"), ("date", "2015-05-13")]),
    # a conference's days are no access date
    ("Lee, K. (2006): Talk at the Ethiopian Society, 22. Juni 2006, Addis Ababa.",
     [("date", "2006"), ("title", "Talk at the Ethiopian Society"), ("date", "22. Juni 2006")]),
]


def _as_note(parts, note):
    """``parts`` with the last date (and the day the model read as a volume before it) as the note."""
    kept = [p for p in parts[:-1] if p[0] != "volume"]
    return [*kept, ("note", note)]


TABLE = {
    access_date: [
        *[fixes(note, text, parts, _as_note(parts, note)) for text, parts, note in ACCESS_NOTES],
        fixes("the model took the cue into the date", ACCESS_NOTES[0][0],
              [("date", "2003"), ("url", "http://www.sm.dk/lov.htm"), ("date", "Stand Oktober 2003")],
              [("date", "2003"), ("url", "http://www.sm.dk/lov.htm"), ("note", "Stand Oktober 2003")]),
        *[leaves(parts[-1][1], text, parts) for text, parts in NO_ACCESS_DATES],
    ],
}


@pytest.mark.parametrize(("correction", "case"), params(TABLE))
def test_correction_alone(correction, case):
    check(correction, case)


@pytest.mark.parametrize("text, parts, note", ACCESS_NOTES)
def test_a_second_date_that_says_when_a_page_was_read_is_a_note(text, parts, note):
    fixed, changed = correct_spans(text, spans_at(text, *parts))
    assert changed
    first_date = next(value for label, value in parts if label == "date")
    assert spans_fields(fixed)["date"] == [first_date] and spans_fields(fixed)["note"] == [note]
    assert "volume" not in spans_fields(fixed)


@pytest.mark.parametrize("text, parts", NO_ACCESS_DATES)
def test_dates_that_are_no_access_dates_stay_dates(text, parts):
    crf = spans_at(text, *parts)
    assert correct_spans(text, crf) == (crf, False)


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
