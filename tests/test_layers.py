"""The layers of the house (pyproject.toml, [tool.importlinter]): the runtime never imports the wings, the
pipeline's order holds, no import cycles; and no runtime module grows past a size one can read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "refparse"
#: The wings and the CLI, whose modules may be larger (import-linter keeps the runtime from importing them).
NOT_RUNTIME = ("training", "evaluation", "commands")
MAX_RUNTIME_LINES = 600

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs a source checkout")


def test_the_import_contracts_hold():
    if shutil.which("lint-imports") is None:
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    result = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_runtime_module_is_over_600_lines():
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")
             if not any(part in NOT_RUNTIME for part in path.relative_to(PACKAGE).parts)}
    assert {p: n for p, n in sizes.items() if n > MAX_RUNTIME_LINES} == {}
