"""Table-driven tests for the date normaliser."""

from __future__ import annotations

import pytest

from refparse.normalizers.dates import DateParts, access_date, parse_date

DATES = [
    ("2022b", DateParts(2022, "b")),
    ("(2022b)", DateParts(2022, "b")),
    ("(1999a).", DateParts(1999, "a")),
    ("2001", DateParts(2001)),
    ("n.d.", DateParts(status="no-date")),
    ("(n.d.)", DateParts(status="no-date")),
    ("o. J.", DateParts(status="no-date")),
    ("in press", DateParts(status="in-press")),
    ("In Press", DateParts(status="in-press")),
    ("2019 (in press)", DateParts(2019, status="in-press")),
    ("2019 in press", DateParts(2019, status="in-press")),
    ("2015 accessed", DateParts(2015)),
    ("2003 a", DateParts(2003, "a")),
    ("forthcoming", DateParts(status="forthcoming")),
    ("to appear", DateParts(status="forthcoming")),
    ("May 2001", DateParts(2001, month=5)),
    ("17 May 2001", DateParts(2001, month=5, day=17)),
    ("Dec. 3, 2010", DateParts(2010, month=12, day=3)),
    ("2001-05-17", DateParts(2001, month=5, day=17)),
    ("17.05.2001", DateParts(2001, month=5, day=17)),
    ("2010, March", DateParts(2010, month=3)),
    ("März 1999", DateParts(1999, month=3)),
    ("13 maio 2012", DateParts(2012, month=5, day=13)),
    ("2001-13-40", DateParts(2001)),
]


@pytest.mark.parametrize(("text", "expected"), DATES, ids=[d[0] for d in DATES])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "((", "0000", "99999", "\ufffd"])
def test_no_year_in_garbage(text):
    assert parse_date(text).year is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Stand Oktober 2003", "2003-10"),
        ("accessed 26 October 2006", "2006-10-26"),
        ("Last accessed 2019-11-22", "2019-11-22"),
        ("(Aufruf: 02.03.2010", "2010-03-02"),
        ("Zugriff am 15. März 2007", "2007-03-15"),
        ("[Citado em 13 maio 2012", "2012-05-13"),
        ("consulté le 4 août 2014", "2014-08-04"),
        ("Retrieved March 21, 2014, from", "2014-03-21"),
        ("Stand 2003", "2003"),
        # no cue, no year, or a cue word inside running text: no access date
        ("1. Juli 2007", None),
        ("accessed online", None),
        ("Available from the author, 2003", None),
        ("Understanding 2003", None),
    ],
)
def test_access_date_reads_the_date_after_an_access_cue(note, expected):
    assert access_date(note) == expected

