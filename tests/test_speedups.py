"""The optional compiled build (refparse/speedups.py, pyproject.toml's mypyc hook): one list of modules, all or
none of them compiled, and no compiled module older than the source beside it.

The compiled build's output is checked against the pure one's by .ci/run (training/compare_records.py on the
first 1,000 references of every corpus); here, whichever build is installed is checked for being whole and
current. REFPARSE_EXPECT_COMPILED=1 (set by .ci/run for its second pass) makes the compiled build mandatory.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

from refparse import speedups
from refparse.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs a source checkout")
def test_the_compiled_list_is_the_one_pyproject_compiles():
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    hook = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = hook["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]
    files: list[Path] = []
    for pattern in include:
        path = ROOT / pattern.lstrip("/")
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    names = {".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for f in files}
    assert names == set(speedups.COMPILABLE)


def test_all_or_none_of_the_modules_are_compiled():
    compiled = speedups.compiled_modules()
    assert compiled in ([], list(speedups.COMPILABLE)), (
        f"only {compiled} are compiled: a partial or stale build; reinstall (README, 'Faster parsing')")
    if os.environ.get("REFPARSE_EXPECT_COMPILED") == "1":
        assert compiled == list(speedups.COMPILABLE), "REFPARSE_EXPECT_COMPILED=1 but the pure build is installed"


def test_no_compiled_module_is_older_than_its_source():
    stale = []
    for name in speedups.compiled_modules():
        extension = Path(importlib.import_module(name).__file__)
        source = extension.parent / (extension.name.split(".")[0] + ".py")
        if source.is_file() and source.stat().st_mtime > extension.stat().st_mtime + 1:
            stale.append(f"{source} changed after {extension.name} was built")
    assert stale == [], "; ".join(stale) + ": rebuild, or delete the .so files to run the source"


def test_is_compiled_tells_an_extension_from_a_source_file():
    assert not speedups.is_compiled("refparse.types")  # never compiled: a public class
    assert speedups.is_compiled("_json") == ("_json" not in sys.builtin_module_names)


def test_version_says_which_build_is_installed(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("refparse ") and out.rstrip().endswith(f"({speedups.build_description()})")
    n = len(speedups.COMPILABLE)
    assert speedups.build_description() in ("pure Python", f"compiled, {n} of {n} modules")
