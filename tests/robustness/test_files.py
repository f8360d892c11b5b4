"""The command line on awkward input files: a one-line error naming the problem (exit 1), or one output record
per input line, in order. Every case runs ``python -m refparse.cli`` in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LINES = [
    "Smith, J. (2001). A first title. Journal of Tests, 3(2), 1-9.",
    "Doe, A. and Roe, B. (1999). Second title. Proc. of Things, 10-20.",
    "",
    "Müller, K. (2010). Dritter Titel. Zeitschrift, 5, 7-8.",
]


def run_cli(*args: str | bytes, cwd: Path, stdin: bytes | None = None, module: str = "refparse.cli"):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # strict UTF-8 output, as on most terminals and pipes
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, input=stdin, capture_output=True,
                          env=env, timeout=120)


def assert_clean_error(result, *fragments: str, written: int = 0) -> str:
    """Exit code 1, exactly one readable line on stderr naming the problem, and on stdout only the ``written``
    records that came before the problem (none, unless the input was being read already)."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("refparse parse: error: "), stderr
    for fragment in fragments:
        assert fragment in stderr
    assert len(result.stdout.splitlines()) == written, "no half-written output before the error"
    return stderr


def records(result) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    return name


def test_missing_file(tmp_path):
    assert_clean_error(run_cli("parse", "-i", "nope.txt", cwd=tmp_path), "not found", "nope.txt")


def test_directory_as_input(tmp_path):
    (tmp_path / "refs").mkdir()
    assert_clean_error(run_cli("parse", "-i", "refs", cwd=tmp_path), "refs", "directory")


@pytest.mark.parametrize("fmt, expected", [("jsonl", ""), ("json", "[\n]\n"), ("text", "")])
def test_empty_file_gives_no_records_and_success(tmp_path, fmt, expected):
    name = write(tmp_path, "empty.txt", b"")
    result = run_cli("parse", "-i", name, "-f", fmt, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.decode() == expected


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("final_newline", [True, False], ids=["final-newline", "no-final-newline"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-BOM", "BOM"])
def test_line_endings_bom_and_final_newline_keep_one_record_per_line(tmp_path, ending, final_newline, bom):
    data = ending.join(LINES) + (ending if final_newline else "")
    name = write(tmp_path, "refs.txt", (b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", cwd=tmp_path))
    assert [r["text"] for r in out] == LINES
    assert out[0].get("year") == 2001 and out[1].get("year") == 1999 and out[3].get("year") == 2010
    assert out[2]["spans"] == [] and out[2]["source"] == "crf"


def test_stdin_with_windows_line_endings_and_bom(tmp_path):
    data = b"\xef\xbb\xbf" + "\r\n".join(LINES).encode("utf-8")
    out = records(run_cli("parse", "-i", "-", "-f", "jsonl", cwd=tmp_path, stdin=data))
    assert [r["text"] for r in out] == LINES


def test_many_lines_keep_count_and_order(tmp_path):
    lines = [f"Author{i}, A. ({1900 + i % 120}). Title number {i}. Journal, {i}, 1-9." for i in range(300)]
    lines[17] = lines[150] = ""
    name = write(tmp_path, "many.txt", "\n".join(lines).encode("utf-8"))
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", cwd=tmp_path))
    assert [r["text"] for r in out] == lines


def test_arguments_come_before_file_lines(tmp_path):
    name = write(tmp_path, "refs.txt", (LINES[0] + "\n").encode())
    out = records(run_cli("parse", LINES[1], "-i", name, "-f", "jsonl", cwd=tmp_path))
    assert [r["text"] for r in out] == [LINES[1], LINES[0]]


def non_utf8_file(tmp_path: Path, bad_line: int) -> str:
    lines = [line.encode("utf-8") for line in (LINES * 200)[: bad_line + 5]]
    lines[bad_line - 1] = b"Caf\xe9, J. (2001). Latin-1 \xff\xfe bytes. J, 1, 2."
    return write(tmp_path, "latin.txt", b"\n".join(lines) + b"\n")


@pytest.mark.parametrize("bad_line", [1, 2, 400], ids=["first", "second", "past-the-first-read-buffer"])
def test_non_utf8_bytes_name_the_file_and_the_line(tmp_path, bad_line):
    name = non_utf8_file(tmp_path, bad_line)
    result = run_cli("parse", "-i", name, "-f", "jsonl", "--errors", "strict", cwd=tmp_path)
    error = assert_clean_error(result, name, written=bad_line - 1)
    assert f"line {bad_line}:" in error and "--errors replace" in error and "--encoding" in error
    kept = [json.loads(line)["text"] for line in result.stdout.decode().splitlines()]
    assert kept == (LINES * 200)[: bad_line - 1], "records before the bad line are written, in order"


def test_non_utf8_bytes_on_stdin_name_the_line(tmp_path):
    data = b"good line\nbad \xff line\nthird\n"
    result = run_cli("parse", "-i", "-", "-f", "jsonl", "--errors", "strict", cwd=tmp_path, stdin=data)
    error = assert_clean_error(result, written=1)
    assert "<stdin>, line 2:" in error
    assert json.loads(result.stdout)["text"] == "good line", "the line before the bad one is kept"



@pytest.mark.parametrize("fmt", ["json", "csl"])
def test_an_array_cut_short_by_a_bad_line_is_still_valid_json(tmp_path, fmt):
    name = non_utf8_file(tmp_path, 3)
    result = run_cli("parse", "-i", name, "-f", fmt, "-o", "out.json", "--errors", "strict", cwd=tmp_path)
    assert result.returncode == 1 and "line 3:" in result.stderr.decode()
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))) == 2, "the two records before it"


def test_output_onto_the_input_file_is_refused(tmp_path):
    name = write(tmp_path, "refs.txt", (LINES[0] + "\n").encode())
    assert_clean_error(run_cli("parse", "-i", name, "-o", name, cwd=tmp_path), "is the input file")
    assert (tmp_path / name).read_text(encoding="utf-8") == LINES[0] + "\n", "the input is untouched"

# Bytes are read in \n-terminated pieces, so a CR-only file (classic Mac OS) is one piece; the bad bytes are
# found once it is split into lines, so the line number is right and the lines before it are written.
@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
def test_non_utf8_line_number_with_other_line_endings(tmp_path, ending):
    name = write(tmp_path, "bad.txt", ending.join([b"one", b"two", b"", b"fo\xffur", b"five"]))
    result = run_cli("parse", "-i", name, "-f", "jsonl", "--errors", "strict", cwd=tmp_path)
    error = assert_clean_error(result, name, written=3)
    assert "line 4:" in error


def test_truncated_multibyte_character_at_the_end_of_the_file(tmp_path):
    name = write(tmp_path, "cut.txt", "Müller\nDoe\n".encode() + "é".encode()[:1])
    result = run_cli("parse", "-i", name, "-f", "jsonl", "--errors", "strict", cwd=tmp_path)
    assert "line 3:" in assert_clean_error(result, written=2)


def test_utf16_file_with_declared_encoding(tmp_path):
    name = write(tmp_path, "utf16.txt", "\r\n".join(LINES).encode("utf-16"))
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", "--encoding", "utf-16", cwd=tmp_path))
    assert [r["text"] for r in out] == LINES


def test_errors_replace_goes_on_with_every_line(tmp_path):
    name = non_utf8_file(tmp_path, 2)
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", "--errors", "replace", cwd=tmp_path))
    assert len(out) == 2 + 5
    assert out[1]["text"] == "Caf\ufffd, J. (2001). Latin-1 \ufffd\ufffd bytes. J, 1, 2."
    assert out[0]["text"] == LINES[0] and out[2]["text"] == LINES[2]


def test_declared_encoding_reads_latin1(tmp_path):
    name = write(tmp_path, "latin.txt", "Café, J. (2001). Titre. Revue, 1, 2.\n".encode("latin-1"))
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", "--encoding", "latin-1", cwd=tmp_path))
    assert [r["text"] for r in out] == ["Café, J. (2001). Titre. Revue, 1, 2."]


def test_unknown_encoding_is_a_clear_error(tmp_path):
    name = write(tmp_path, "refs.txt", b"x\n")
    assert_clean_error(run_cli("parse", "-i", name, "--encoding", "no-such-codec", cwd=tmp_path), "no-such-codec")


def test_control_characters_and_nul_in_a_file(tmp_path):
    lines = ["Smith\x00, J. (2001). Title\x1b[0m. J, 1, 2.", "\x07\x08\x7f", "Doe, A. (1999). T. J, 3, 4."]
    name = write(tmp_path, "ctrl.txt", "\n".join(lines).encode("utf-8"))
    out = records(run_cli("parse", "-i", name, "-f", "jsonl", cwd=tmp_path))
    assert [r["text"] for r in out] == lines


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_lone_surrogate_from_the_command_line_is_written_without_crashing(tmp_path, fmt, to_file):
    """An undecodable byte in an argument reaches Python as a lone surrogate; it is written as a \\uXXXX escape,
    so the output stays valid UTF-8 (and valid JSON) and nothing is lost."""
    argument = b"Smith, J. (2001). Caf\xff title. J, 1, 2."
    extra = ["-o", "out.txt"] if to_file else []
    result = run_cli("parse", argument, "-f", fmt, *extra, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    written = (tmp_path / "out.txt").read_bytes() if to_file else result.stdout
    text = written.decode("utf-8")  # strict: the output is valid UTF-8
    assert "\\udcff" in text
    if fmt == "json":
        assert json.loads(text)[0]["text"] == "Smith, J. (2001). Caf\udcff title. J, 1, 2."
    elif fmt == "jsonl":
        assert json.loads(text)["text"] == "Smith, J. (2001). Caf\udcff title. J, 1, 2."


def test_output_into_a_directory_is_a_clear_error(tmp_path):
    (tmp_path / "outdir").mkdir()
    assert_clean_error(run_cli("parse", "x", "-o", "outdir", cwd=tmp_path), "outdir")


def test_no_references_at_all_is_a_clear_error(tmp_path):
    assert_clean_error(run_cli("parse", cwd=tmp_path), "-i FILE")


def test_python_dash_m_refparse_runs_the_cli(tmp_path):
    out = records(run_cli("parse", LINES[0], "-f", "jsonl", cwd=tmp_path, module="refparse"))
    assert [r["text"] for r in out] == [LINES[0]]
