"""The layers of the house (pyproject.toml, [tool.importlinter]): the runtime never imports the wings, the
pipeline's order holds, no import cycles; and no runtime module grows past a size one can read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "refparse"
#: The wings and the CLI: their modules may be larger, and the runtime never imports them.
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


def test_the_runtime_names_no_wing():
    """A direct check beside import-linter's, reading the source: no runtime module mentions a wing's module."""
    wings = ("refparse.training", "refparse.evaluation", "refparse.corpus", ".training", ".evaluation", ".corpus")
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in NOT_RUNTIME + ("corpus.py", "cli.py", "__main__.py"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(f" {w}" in stripped or f"from {w}" in stripped
                                                                for w in wings):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []
