"""`refparse parse` on lines that are not valid in the encoding: an error record in each one's place and the run
goes on (the default, --errors record), a stop at the first (--errors strict), or U+FFFD and a parse (replace)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

import refparse
from refparse.cli import main

LINES = [
    b"Smith, J. (2001). A first title. Journal of Tests, 3(2), 1-9.",
    b"Doe, A. and Roe, B. (1999). Second title. Proc. of Things, 10-20.",
    b"Caf\xe9, J. (2001). Latin-1 \xff bytes. Revue, 1, 2.",  # not UTF-8: \xe9 and \xff
    b"M\xc3\xbcller, K. (2010). Dritter Titel. Zeitschrift, 5, 7-8.",  # valid UTF-8 (u-umlaut)
    b"Poe, C. (2006). Fifth title. Journal of Ends, 4, 5-6.",
]
BAD_AS_ESCAPES = "Caf\\xe9, J. (2001). Latin-1 \\xff bytes. Revue, 1, 2."
BAD_AS_REPLACED = "Caf\ufffd, J. (2001). Latin-1 \ufffd bytes. Revue, 1, 2."


def good_text(number: int) -> str:
    return LINES[number - 1].decode("utf-8")


@pytest.fixture
def bad_file(tmp_path) -> Path:
    """Five lines; line 3 has two bytes that are not UTF-8."""
    path = tmp_path / "refs.txt"
    path.write_bytes(b"\n".join(LINES) + b"\n")
    return path


def parse_jsonl(capsys, *args: str) -> tuple[int, list[dict], str]:
    status = main(["parse", "-f", "jsonl", *args])
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


def assert_error_record_for_line_3(record: dict, name: str) -> None:
    assert record["source"] == "error" and record["text"] == BAD_AS_ESCAPES, "the bytes are kept as \\xNN escapes"
    assert record["spans"] == [] and record["fields"] == {}
    (warning,) = record["warnings"]
    assert warning.startswith(f"UnicodeDecodeError: {name}, line 3: not valid utf-8 (invalid continuation byte)")


def test_a_bad_line_gets_an_error_record_in_its_place_and_the_run_goes_on(bad_file, capsys):
    status, records, err = parse_jsonl(capsys, "-i", str(bad_file))
    assert len(records) == 5
    assert [r["text"] for r in records[:2] + records[3:]] == [good_text(n) for n in (1, 2, 4, 5)], "order kept"
    assert all(r["source"] != "error" for r in records[:2] + records[3:]), "the lines around it are parsed"
    assert records[3]["year"] == 2010 and records[4]["year"] == 2006
    assert_error_record_for_line_3(records[2], str(bad_file))
    assert status == 1, "the output is not complete: a script must notice"
    assert err == (f"refparse parse: {bad_file}: 1 line was not valid utf-8 (line 3); its record has source "
                   "'error'; pass --errors replace to parse it anyway, or --encoding with the file's encoding\n")


def test_the_message_counts_the_bad_lines_and_names_the_first_five(tmp_path, capsys):
    lines = [good_text(1).encode()] * 20
    bad_numbers = [2, 3, 7, 11, 12, 13, 19]
    for number in bad_numbers:
        lines[number - 1] = b"bad \xff byte"
    path = tmp_path / "many.txt"
    path.write_bytes(b"\n".join(lines))  # no final newline: the last line counts too
    status, records, err = parse_jsonl(capsys, "-i", str(path))
    assert status == 1 and len(records) == 20
    assert [n for n, r in enumerate(records, start=1) if r["source"] == "error"] == bad_numbers
    assert all(f"line {n}:" in records[n - 1]["warnings"][0] for n in bad_numbers)
    assert "refparse parse: " + f"{path}: 7 lines were not valid utf-8 (lines 2, 3, 7, 11, 12, ...)" in err
    assert "their records have source 'error'" in err and err.count("\n") == 1


def test_argument_strings_come_first_and_keep_the_records_in_place(bad_file, capsys):
    status, records, _ = parse_jsonl(capsys, "Roe, B. (2005). An argument. J, 2, 3.", "-i", str(bad_file))
    assert status == 1 and len(records) == 6
    assert [r["source"] == "error" for r in records] == [False, False, False, True, False, False]
    assert_error_record_for_line_3(records[3], str(bad_file))


def test_errors_strict_stops_at_the_bad_line_as_before(bad_file, capsys):
    status, records, err = parse_jsonl(capsys, "-i", str(bad_file), "--errors", "strict")
    assert status == 1
    assert [r["text"] for r in records] == [good_text(1), good_text(2)], "the records before it are written"
    assert err == (f"refparse parse: error: {bad_file}, line 3: not valid utf-8 (invalid continuation byte); pass "
                   "--encoding or --errors replace\n")


def test_errors_replace_parses_every_line(bad_file, capsys):
    status, records, err = parse_jsonl(capsys, "-i", str(bad_file), "--errors", "replace")
    assert status == 0 and err == ""
    assert [r["text"] for r in records] == [good_text(1), good_text(2), BAD_AS_REPLACED, good_text(4), good_text(5)]
    assert all(r["source"] != "error" for r in records) and records[2]["year"] == 2001


def test_a_declared_encoding_that_fits_gives_no_error(bad_file, capsys):
    status, records, err = parse_jsonl(capsys, "-i", str(bad_file), "--encoding", "latin-1")
    assert status == 0 and err == "" and records[2]["text"].startswith("Café, J. (2001). Latin-1 ÿ bytes.")


@pytest.mark.parametrize("fmt", ["json", "text", "csl", "bibtex"])
def test_every_format_keeps_the_error_record_in_its_place(bad_file, capsys, fmt):
    status = main(["parse", "-i", str(bad_file), "-f", fmt])
    out, err = capsys.readouterr()
    assert status == 1 and "1 line was not valid utf-8 (line 3)" in err
    if fmt == "json":
        records = json.loads(out)
        assert len(records) == 5
        assert_error_record_for_line_3(records[2], str(bad_file))
    elif fmt == "text":  # each block starts with the record's text; the warning names the line
        blocks = [line for line in out.splitlines() if not line.startswith("  ")]
        assert blocks == [good_text(1), good_text(2), BAD_AS_ESCAPES, good_text(4), good_text(5)]
        assert f"  warning:         UnicodeDecodeError: {bad_file}, line 3: not valid utf-8" in out
    elif fmt == "csl":  # CSL-JSON has no place for the cause: an empty item in its place (the cause is on stderr)
        items = json.loads(out)
        assert len(items) == 5 and items[2] == {"id": "ref", "type": "document"}
        assert items[1]["issued"] and items[3]["issued"]
    else:  # BibTeX likewise: an empty @misc entry in its place
        entries = bibtexparser.parse_string(out).entries
        assert len(entries) == 5 and entries[2].key == "ref" and entries[2].fields == []
        assert entries[3].fields_dict["year"].value == "2010"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=str(Path(refparse.__file__).parents[1]))
    return subprocess.run([sys.executable, "-m", "refparse.cli", "parse", "-f", "jsonl", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


def test_stdin_gets_error_records_too():
    done = run_cli("-i", "-", stdin=b"\n".join(LINES))
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert done.returncode == 1 and len(records) == 5
    assert_error_record_for_line_3(records[2], "<stdin>")
    assert done.stderr.decode().startswith("refparse parse: <stdin>: 1 line was not valid utf-8 (line 3);")


def test_two_processes_keep_the_error_records_in_place(tmp_path):
    lines = [f"Author{i}, A. ({1900 + i}). Title {i}. Journal, {i}, 1-9.".encode() for i in range(600)]
    bad_numbers = [3, 257, 600]
    for number in bad_numbers:
        lines[number - 1] = b"bad \xff byte " + str(number).encode()
    (tmp_path / "refs.txt").write_bytes(b"\n".join(lines) + b"\n")
    done = run_cli("-i", str(tmp_path / "refs.txt"), "-j", "2")
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert done.returncode == 1 and len(records) == 600, done.stderr
    assert [n for n, r in enumerate(records, start=1) if r["source"] == "error"] == bad_numbers
    assert [r["text"] for r in records if r["source"] != "error"] == \
        [line.decode() for n, line in enumerate(lines, start=1) if n not in bad_numbers]
    assert records[256]["text"] == "bad \\xff byte 257"
    assert "3 lines were not valid utf-8 (lines 3, 257, 600)" in done.stderr.decode()


def test_a_reference_section_stops_at_the_bad_line_like_strict(bad_file, capsys):
    """--bibliography splits the whole file into references, which are not lines: there is no record to put
    in the bad line's place, so the default stops, as strict does."""
    assert main(["parse", "--bibliography", "-i", str(bad_file)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"refparse parse: error: {bad_file}, line 3: not valid utf-8")


def test_split_keeps_strict_by_default_and_has_no_record_choice(bad_file, capsys):
    assert main(["split", "-i", str(bad_file)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"{bad_file}, line 3: not valid utf-8" in err
    assert main(["split", "-i", str(bad_file), "--errors", "replace"]) == 0
    assert BAD_AS_REPLACED.split(",")[0] in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["split", "-i", str(bad_file), "--errors", "record"])
