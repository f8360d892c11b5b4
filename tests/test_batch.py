"""Batches: order and count kept, bad items as error records in place, one process or several, and the CLI."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import itertools
import multiprocessing
import textwrap
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import refparse
from refparse import batch
from refparse.batch import available_cores, iter_parse, parse_many, resolve_jobs
from refparse.errors import ModelError, WorkerStartError
from refparse.types import Reference

N_ITEMS = 10_000

# Every non-str kind a caller could slip into a batch (the last is not even picklable).
NOT_TEXT = [None, b"Smith, J. (2001). Bytes.", 42, 3.5, ["a list"], {"text": "a dict"}, lambda: None]
# Strings that are valid input but hostile: empty, blank, punctuation, control characters, a lone surrogate,
# an emoji run, one over the length limit.
ODD_TEXT = ["", "   ", "%%%&&&!!??", "\x00\x01\x1f", "\ud800 lone surrogate", "\U0001f600" * 40,
            "x" * (refparse.parser.MAX_REFERENCE_CHARS + 10)]


def good_text(i: int) -> str:
    """A reference that names its position, so a result can be matched to its input."""
    return f"Author{i}, A. ({1900 + i % 120}). Title number {i}. Journal {i % 37}, {i % 50}(2), {i}-{i + 9}."


def mixed_items(n: int) -> list[object]:
    """``n`` items: mostly references, one in seven a non-str, one in eleven an odd string."""
    items: list[object] = []
    for i in range(n):
        if i % 7 == 3:
            items.append(NOT_TEXT[(i // 7) % len(NOT_TEXT)])
        elif i % 11 == 5:
            items.append(ODD_TEXT[(i // 11) % len(ODD_TEXT)])
        else:
            items.append(good_text(i))
    return items


def assert_one_result_per_item_in_order(items: list[object], results: list[refparse.Reference]) -> None:
    assert len(results) == len(items)
    for i, (item, ref) in enumerate(zip(items, results)):
        assert isinstance(ref, refparse.Reference), i
        if isinstance(item, str):
            assert ref.text == item, f"item {i} got the result of another input"
            assert ref.source in ("crf", "hybrid", "rules"), (i, ref.warnings)
        else:
            assert ref.source == "error" and ref.text == "", i
            assert ref.warnings and ref.warnings[0].startswith("TypeError: text must be a str"), ref.warnings
    # The results are real parses: the year in brackets is read (a generous floor, whatever the model).
    good = [(i, ref) for i, ref in enumerate(results) if i % 7 != 3 and i % 11 != 5]
    assert sum(ref.year == 1900 + i % 120 for i, ref in good) >= 0.9 * len(good)


@pytest.fixture(scope="module")
def items() -> list[object]:
    return mixed_items(N_ITEMS)


@pytest.fixture(scope="module")
def one_process(items) -> list[refparse.Reference]:
    return refparse.parse_many(items, n_jobs=1)


@pytest.mark.slow
def test_one_process_keeps_order_and_count_over_10000_mixed_items(items, one_process):
    assert_one_result_per_item_in_order(items, one_process)


@pytest.mark.slow
def test_two_processes_give_exactly_the_one_process_results(items, one_process):
    two = refparse.parse_many(items, n_jobs=2, batch_size=97)  # a batch size that does not divide the input
    assert_one_result_per_item_in_order(items, two)
    assert [r.to_dict() for r in two] == [r.to_dict() for r in one_process]


@pytest.mark.slow
def test_cli_jobs_2_writes_one_line_per_input_line_in_order(tmp_path, one_process):
    lines = [good_text(i) if i % 13 else ODD_TEXT[i % 4] for i in range(N_ITEMS)]
    lines[17] = "bad \xff\xfe bytes"  # becomes U+FFFD under --errors replace
    path = tmp_path / "refs.txt"
    path.write_bytes(b"\n".join(line.encode("utf-8") if i != 17 else b"bad \xff\xfe bytes"
                                for i, line in enumerate(lines)) + b"\n")
    lines[17] = "bad \ufffd\ufffd bytes"
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "refparse.cli", "parse", "-i", str(path), "-f", "jsonl",
                           "-o", str(out), "--jobs", "2", "--errors", "replace"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "ref/s" not in done.stderr  # no progress bar when stderr is not a terminal
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == lines
    assert all(r["source"] != "error" for r in records)
    # The good lines give the same records as the library does.
    assert records[1] == json.loads(json.dumps(refparse.parse(lines[1]).to_dict()))


def test_small_batches_on_two_processes_match_one_process():
    items = mixed_items(300)
    assert [r.to_dict() for r in parse_many(items, n_jobs=2, batch_size=5)] == \
        [r.to_dict() for r in parse_many(items, n_jobs=1)]


def test_parse_many_passes_its_method_to_every_worker():
    items = [good_text(i) for i in range(40)]
    rules = refparse.parse_many(items, n_jobs=2, batch_size=8, method="rules")
    assert [r.source for r in rules] == ["rules"] * 40
    assert [r.to_dict() for r in rules] == [r.to_dict() for r in refparse.parse_many(items, method="rules")]
    assert rules == [refparse.Parser(method="rules").parse(text) for text in items]


def test_refparse_parse_many_is_the_batch_function_with_the_same_arguments(tmp_path):
    items = [good_text(i) for i in range(5)] + [None]
    assert [r.to_dict() for r in refparse.parse_many(items)] == [r.to_dict() for r in parse_many(items)]
    with pytest.raises(ModelError, match="not found"):  # a named model under "crf" is checked at once
        refparse.parse_many(["x"], model=tmp_path / "missing.crfsuite", method="crf")
    with pytest.raises(ValueError, match="batch_size must be a positive int"):  # checked with one process too
        refparse.parse_many(["x"], batch_size=0)
    with pytest.raises(TypeError, match="n_jobs must be an int"):
        refparse.parse_many(["x"], n_jobs=1.0)  # type: ignore[arg-type]


def test_parser_py_never_imports_batch():
    """batch reads n_jobs and builds on the parser; the parser knows nothing of batches (no import cycle)."""
    tree = ast.parse(Path(refparse.parser.__file__).read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                 for alias in node.names}
    assert not {name for name in imported if "batch" in name}, "parser.py imports batch (even a lazy import)"
    assert not hasattr(refparse.Parser, "parse_many")


def test_iter_parse_is_lazy_and_can_be_closed_early():
    consumed = []

    def endless():
        i = 0
        while True:
            consumed.append(i)
            yield good_text(i)
            i += 1

    stream = iter_parse(endless(), n_jobs=2, batch_size=10)
    first = [next(stream) for _ in range(25)]
    stream.close()
    assert [r.text for r in first] == [good_text(i) for i in range(25)]
    assert len(consumed) <= 25 + 10 * 2 * 2 + 10  # the batches in flight, never the whole (endless) input


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_an_input_that_fails_midway_yields_the_records_before_it_then_raises(n_jobs):
    def failing():
        for i in range(130):
            yield good_text(i)
        raise ValueError("refs.txt, line 131: not valid utf-8")

    got = []
    with pytest.raises(ValueError, match="line 131"):
        for ref in iter_parse(failing(), n_jobs=n_jobs, batch_size=20):
            got.append(ref.text)
    assert got == [good_text(i) for i in range(130)]


@pytest.mark.slow
def test_a_worker_crash_marks_only_the_crashing_text_and_the_run_finishes(tmp_path):
    """A text that kills its worker process (as a segfault in native code would) gets an error record; every
    other text its result; no hang (the subprocess timeout fails the test if the pool hangs)."""
    (tmp_path / "crashing.py").write_text(textwrap.dedent("""
        import os
        from refparse import batch

        def parse_chunk(texts):
            if any("CRASH" in t for t in texts):
                os._exit(7)  # dies without a word, like a segmentation fault
            return batch._parse_chunk(texts)
    """))
    script = textwrap.dedent("""
        import json
        from refparse import batch
        import crashing

        if __name__ == "__main__":
            items = [f"Smith{i}, J. (2001). Title {i}. Journal, 3, 1-9." for i in range(120)]
            items[37] = items[101] = "CRASH here"
            spec = batch._WorkerSpec(None, "auto")
            refs = list(batch._parse_in_pool(iter(items), 2, 8, spec, crashing.parse_chunk))
            print(json.dumps([[r.text, r.source, r.warnings] for r in refs]))
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(Path(refparse.__file__).parents[1])]))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    refs = json.loads(done.stdout)
    assert len(refs) == 120
    for i, (text, source, warnings) in enumerate(refs):
        if i in (37, 101):
            assert text == "CRASH here" and source == "error" and warnings[0].startswith("WorkerCrash"), refs[i]
        else:
            assert text == f"Smith{i}, J. (2001). Title {i}. Journal, 3, 1-9." and source != "error", refs[i]


def test_a_pool_that_breaks_between_two_submissions_loses_no_batch(monkeypatch):
    """A worker can die while the parent is still filling the pool, and the pool then refuses the next batch
    outright. That batch must be parsed again like the others, never end the run with a traceback."""
    submissions = itertools.count(1)

    class PoolRefusingTheThirdBatch:
        def submit(self, fn, texts):
            if next(submissions) == 3:
                raise BrokenProcessPool("a child process terminated abruptly")
            future: Future = Future()
            future.set_result(fn(texts))
            return future

        def shutdown(self, **_):
            pass

    monkeypatch.setattr(batch, "_new_pool", lambda jobs, spec: PoolRefusingTheThirdBatch())
    items = [good_text(i) for i in range(40)]
    refs = list(batch._parse_in_pool(iter(items), 2, 4, batch._WorkerSpec(None, "auto"),
                                     lambda texts: [Reference(text=t, source="crf") for t in texts]))
    assert [(r.text, r.source) for r in refs] == [(t, "crf") for t in items]


UNGUARDED_SCRIPT = """
import refparse

texts = [f"Smith{i}, J. (2001). Title {i}. Journal, 3, 1-9." for i in range(1000)]
refs = refparse.parse_many(texts, n_jobs=2, batch_size=16)
print(len(refs), sum(ref.source == "error" for ref in refs))
"""


def test_a_script_without_the_main_guard_stops_at_once_naming_the_fix(tmp_path):
    """Each worker imports the script again and reaches parse_many(n_jobs=2) itself. Before the fix every text
    got its own worker that died the same way (several a second, for ever on a large input) and the run ended,
    if ever, with nothing but error records; now it stops in seconds with the advice, and no worker traceback."""
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SCRIPT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(refparse.__file__).parents[1]))
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env,
                          cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode != 0 and done.stdout == "", (done.stdout, done.stderr)
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("refparse.errors.WorkerStartError: refparse.parse_many(n_jobs=2) stopped"), last_line
    assert 'if __name__ == "__main__":' in last_line and "n_jobs=1" in last_line
    # The workers say why they stopped in one line each; the only traceback is the script's own.
    assert "was called while Python was importing the main module of a worker process" in done.stderr
    assert done.stderr.count("Traceback") == 1, done.stderr
    assert elapsed < 30, f"took {elapsed:.1f} s to stop"


def test_parse_many_inside_a_workers_start_up_raises_instead_of_starting_a_pool(monkeypatch):
    """multiprocessing marks the import of the main script in a new worker with ``_inheriting``."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test: the check shortens it
    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)

    def no_pool(jobs, spec):
        raise AssertionError("a worker pool was started while the main script was being imported")

    monkeypatch.setattr(batch, "_new_pool", no_pool)
    with pytest.raises(RuntimeError, match=r'n_jobs=3\) was called while Python was importing the main module.*'
                       r'if __name__ == "__main__":.*or use n_jobs=1') as caught:
        parse_many([good_text(1)], n_jobs=3)
    assert isinstance(caught.value, WorkerStartError)
    assert parse_many([good_text(1)], n_jobs=1)[0].year == 1901, "one process needs no worker: it still works"


def test_a_pool_whose_workers_never_start_is_a_fatal_error_not_a_restart_loop(monkeypatch):
    """Workers that die before running anything: the first broken pool is followed by one fresh worker, which
    dies too, and the run stops. Parsing every text again in isolation would start one process per text."""
    pools = []

    class PoolThatNeverStarts:
        def __init__(self):
            pools.append(self)

        def submit(self, fn, texts):
            raise BrokenProcessPool("a child process terminated abruptly")

        def shutdown(self, **_):
            pass

    monkeypatch.setattr(batch, "_new_pool", lambda jobs, spec: PoolThatNeverStarts())
    with pytest.raises(WorkerStartError, match=r"worker processes exit as soon as they start.*"
                       r'if __name__ == "__main__":.*n_jobs=1'):
        list(batch._parse_in_pool(iter([good_text(i) for i in range(200)]), 2, 4, batch._WorkerSpec(None, "auto"),
                                  batch._parse_chunk))
    assert len(pools) == 2, "the pool and one fresh worker to check, never one per text"


def test_crf_method_without_a_model_fails_before_any_worker_starts(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        parse_many(["x"], n_jobs=2, model=tmp_path / "missing.crfsuite", method="crf")


def test_a_broken_model_under_auto_falls_back_to_the_rules_in_every_worker(tmp_path):
    broken = tmp_path / "broken.crfsuite"
    broken.write_bytes(b"not a model")
    refs = parse_many([good_text(i) for i in range(30)], n_jobs=2, batch_size=4, model=broken)
    assert [r.source for r in refs] == ["rules"] * 30


@pytest.mark.parametrize("texts", ["one string", b"bytes"])
def test_a_single_string_is_refused(texts):
    with pytest.raises(TypeError, match="iterable of str"):
        parse_many(texts, n_jobs=2)


def test_jobs_and_batch_size_are_checked():
    assert resolve_jobs(3) == 3
    assert resolve_jobs(0) == resolve_jobs(-1) == available_cores() >= 1
    with pytest.raises(TypeError, match="n_jobs must be an int"):
        parse_many(["x"], n_jobs="2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        parse_many(["x"], n_jobs=2, batch_size=0)
    with pytest.raises(ValueError, match="method must be one of"):
        parse_many(["x"], n_jobs=2, method="fast")


def test_cli_progress_bar_only_on_a_terminal(tmp_path, monkeypatch, capsys):
    import io

    from refparse.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "refs.txt"
    path.write_text("\n".join(good_text(i) for i in range(12)) + "\n", encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["parse", "-i", str(path), "-f", "jsonl", "-o", str(tmp_path / "a.jsonl")]) == 0
    assert "12/12" in terminal.getvalue() and "ref/s" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal: no bar
    assert main(["parse", "-i", str(path), "-f", "jsonl", "-o", str(tmp_path / "b.jsonl")]) == 0
    assert sys.stderr.getvalue() == ""
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()
