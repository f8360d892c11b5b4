"""Table-driven tests for volume / issue / pages compounds."""

from __future__ import annotations

import pytest

from refparse.normalizers.numbers import Numbers, clean_pages, split_numbers

# (segment, what a bare number is, volume, issue, pages, first page, last page)
COMPOUNDS = [
    ("12(3):45-67", "volume", "12", "3", "45-67", "45", "67"),
    ("21(3): 643–654", "volume", "21", "3", "643–654", "643", "654"),
    ("vol. 5, no. 2, pp. 1-10", "volume", "5", "2", "1-10", "1", "10"),
    ("Vol. 12, No. 3, pp. 100–120", "volume", "12", "3", "100–120", "100", "120"),
    ("S. 23-45", "pages", None, None, "23-45", "23", "45"),
    ("e1002345", "pages", None, None, "e1002345", "e1002345", None),
    ("12:e1002345", "volume", "12", None, "e1002345", "e1002345", None),
    ("2000;355(9222):1-5", "volume", "355", "9222", "1-5", "1", "5"),
    ("2008;8:661-7", "volume", "8", None, "661-7", "661", "667"),
    ("pp. 1234-56", "pages", None, None, "1234-56", "1234", "1256"),
    ("Bd. 5, H. 2, S. 23-45", "volume", "5", "2", "23-45", "23", "45"),
    ("Jg. 12, Nr. 4", "volume", "12", "4", None, None, None),
    ("12 (3-4)", "volume", "12", "3-4", None, None, None),
    ("83.3", "volume", "83", "3", None, None, None),
    ("Vol. 12(3)", "volume", "12", "3", None, None, None),
    ("vol. 42, no. 4", "volume", "42", "4", None, None, None),
    ("5(2), 1-10", "volume", "5", "2", "1-10", "1", "10"),
    ("no. 11", "issue", None, "11", None, None, None),
    ("(3)", "issue", None, "3", None, None, None),
    ("3-4", "issue", None, "3-4", None, None, None),  # a range of issues, not pages
    ("12-13", "volume", "12-13", None, None, None, None),
    ("S1", "volume", "S1", None, None, None, None),  # a supplement volume: "S" without a dot is no pages cue
    ("12, 45-67", "volume", "12", None, "45-67", "45", "67"),
    ("n° 39", "issue", None, "39", None, None, None),
    ("Heft 4", "issue", None, "4", None, None, None),
    ("p. 5", "pages", None, None, "5", "5", None),
    ("pp. 23 - 45.", "pages", None, None, "23-45", "23", "45"),
    ("xii-xv", "pages", None, None, "xii-xv", "xii", "xv"),
    ("A12-A19", "pages", None, None, "A12-A19", "A12", "A19"),
    ("pp. 1-10, 15-20", "pages", None, None, "1-10, 15-20", "1", None),
    ("58", "volume", "58", None, None, None, None),
    ("12, 45-67", "volume", "12", None, "45-67", "45", "67"),
    ("article e0123456", "pages", None, None, "e0123456", "e0123456", None),
    ("12 (Suppl 2)", "volume", "12", "Suppl 2", None, None, None),
    ("vol. XII", "volume", "XII", None, None, None, None),
    ("282–289", "pages", None, None, "282–289", "282", "289"),
]


@pytest.mark.parametrize(("text", "bare", "volume", "issue", "pages", "first", "last"), COMPOUNDS,
                         ids=[c[0] for c in COMPOUNDS])
def test_compounds(text, bare, volume, issue, pages, first, last):
    assert split_numbers(text, bare) == Numbers(volume, issue, pages, first, last)


def test_table_covers_at_least_fifteen_compounds():
    assert len(COMPOUNDS) >= 15


def test_abbreviated_range_keeps_what_was_written():
    assert clean_pages("1234-56") == ("1234-56", "1234", "1256")


@pytest.mark.parametrize("text", ["", "(((", "vol.", "pp.", "12(", "::", "\ufffd", "1" * 500])
@pytest.mark.parametrize("bare", ["volume", "issue", "pages"])
def test_garbage_never_raises(text, bare):
    assert isinstance(split_numbers(text, bare), Numbers)
