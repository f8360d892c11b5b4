"""`refparse parse --review FILE`: the records that need review written to a second file, the output whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refparse.cli import main

LINES = [
    "Smith, J. (2001). A first title. Journal of Tests, 3(2), 1-9.",
    "qwerty uiop asdf 77 zz",
    "Doe, A. and Roe, B. (1999). Second title. In: Proc. of Things, ed. by K. Lee, Springer, Berlin, 10-20.",
    "",
    "Poe, C. (2006). Fifth title. Journal of Ends, 4, 5-6. doi:10.1000/xyz123",
]


@pytest.fixture
def refs(tmp_path) -> Path:
    path = tmp_path / "refs.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_review_file_holds_the_flagged_records_with_their_line(refs, tmp_path):
    out, review = tmp_path / "all.jsonl", tmp_path / "check.jsonl"
    assert main(["parse", "-i", str(refs), "-f", "jsonl", "-o", str(out), "--review", str(review)]) == 0
    records = read_jsonl(out)
    assert [r["text"] for r in records] == LINES, "the output keeps every record, in order"
    flagged = read_jsonl(review)
    expected = [n for n, r in enumerate(records, 1) if r.get("needs_review")]
    assert [f["line"] for f in flagged] == expected and 4 in expected, "the empty line needs review"
    for f in flagged:
        assert {k: v for k, v in f.items() if k != "line"} == records[f["line"] - 1]


def test_review_below_sets_the_threshold(refs, tmp_path):
    review = tmp_path / "check.jsonl"
    main(["parse", "-i", str(refs), "-f", "jsonl", "-o", str(tmp_path / "a"), "--review", str(review),
          "--review-below", "1"])
    assert [f["line"] for f in read_jsonl(review)] == [1, 2, 3, 4, 5], "no record is certain"
    main(["parse", "-i", str(refs), "-f", "jsonl", "-o", str(tmp_path / "a"), "--review", str(review),
          "--review-below", "0"])
    assert [f["line"] for f in read_jsonl(review)] == [4], "only the record with no field at all"


@pytest.mark.parametrize("fmt", ["bibtex", "text", "json"])
def test_other_output_formats_get_the_same_review_file(refs, tmp_path, fmt):
    jsonl_review, review = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    main(["parse", "-i", str(refs), "-f", "jsonl", "-o", str(tmp_path / "x"), "--review", str(jsonl_review)])
    main(["parse", "-i", str(refs), "-f", fmt, "-o", str(tmp_path / "y"), "--review", str(review)])
    assert review.read_text(encoding="utf-8") == jsonl_review.read_text(encoding="utf-8")


def test_two_processes_write_the_same_review_file(tmp_path):
    lines = [f"Author{i}, A. ({1900 + i % 100}). Title {i} {'x ' * (i % 7)}. Journal, {i}, 1-9." for i in range(300)]
    lines[41] = "garbage ### 12"
    (tmp_path / "refs.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = []
    for jobs in ("1", "2"):
        review = tmp_path / f"review{jobs}.jsonl"
        done = subprocess.run([sys.executable, "-m", "refparse", "parse", "-i", str(tmp_path / "refs.txt"), "-j", jobs,
                               "-f", "jsonl", "-o", str(tmp_path / f"out{jobs}"), "--review", str(review)],
                              capture_output=True)
        assert done.returncode == 0, done.stderr
        files.append(review.read_bytes())
    assert files[0] == files[1] and b'"line": 42' in files[0]


def test_review_below_without_review_is_an_error(refs, capsys):
    assert main(["parse", "-i", str(refs), "--review-below", "0.3"]) != 0
    assert "--review-below needs --review FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["parse", "-i", str(refs), "--review", "x.jsonl", "--review-below", "2"])
    assert "a probability between 0 and 1" in capsys.readouterr().err


def test_an_undecodable_line_is_flagged_for_review(tmp_path):
    (tmp_path / "refs.txt").write_bytes(b"Smith, J. (2001). A title. Journal, 3, 1-9.\nbad \xff line\n")
    review = tmp_path / "check.jsonl"
    status = main(["parse", "-i", str(tmp_path / "refs.txt"), "-f", "jsonl", "-o", str(tmp_path / "o"),
                   "--review", str(review)])
    assert status == 1
    flagged = read_jsonl(review)
    assert 2 in [f["line"] for f in flagged]
    assert [f for f in flagged if f["line"] == 2][0]["source"] == "error"
