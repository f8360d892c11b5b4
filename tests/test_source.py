"""Checks on the package's source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "refparse"


def _rebound_names(tree: ast.Module) -> list[str]:
    """Module-level names defined twice, where the second definition does not build on the first: a later
    ``_IN_CUE = ...`` would silently change every function that reads the earlier one."""
    seen: set[str] = set()
    rebound = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            targets, value = [node.name], None
        elif isinstance(node, ast.Assign):
            targets, value = [t.id for t in node.targets if isinstance(t, ast.Name)], node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets, value = [node.target.id], node.value
        else:
            continue
        reads = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)} if value is not None else set()
        rebound += [name for name in targets if name in seen and name not in reads]
        seen.update(targets)
    return rebound


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_level_name_is_defined_twice(path):
    assert _rebound_names(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_check_catches_a_shadowing_definition():
    tree = ast.parse("A = 1\ndef f():\n    return A\nA = 2\nB = {1: 2}\nB = {k: v for k, v in B.items()}\n")
    assert _rebound_names(tree) == ["A"]
