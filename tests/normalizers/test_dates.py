"""Table-driven tests for the date normaliser."""

from __future__ import annotations

import pytest

from refparse.normalizers.dates import DateParts, parse_date

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
    ("2001-13-40", DateParts(2001)),
]


@pytest.mark.parametrize(("text", "expected"), DATES, ids=[d[0] for d in DATES])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "((", "0000", "99999", "\ufffd"])
def test_no_year_in_garbage(text):
    assert parse_date(text).year is None
