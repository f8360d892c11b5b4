"""Whether the optional compiled build is in use: the modules of the parsing path that mypyc can compile to C
extensions (``pyproject.toml``, ``[tool.hatch.build.targets.wheel.hooks.mypyc]``; README, "Faster parsing").

A compiled module runs the same code with the same output; only its speed differs. ``refparse --version`` says
which build is installed.
"""

from __future__ import annotations

import importlib
from importlib.machinery import EXTENSION_SUFFIXES

#: The modules the compiled build compiles, as pyproject.toml's ``include`` names them (a test holds the two
#: lists together): plain functions over strings and tokens. The public classes (:mod:`refparse.types`,
#: :mod:`refparse.parser`) stay Python, since a compiled class can be neither subclassed nor given attributes.
COMPILABLE: tuple[str, ...] = (
    "refparse.tokenize",
    "refparse.prepare",
    "refparse.features",
    "refparse.lexicon",
    "refparse.spans",
    "refparse.coverage",
    "refparse.normalizers",
    "refparse.normalizers.dates",
    "refparse.normalizers.identifiers",
    "refparse.normalizers.names",
    "refparse.normalizers.numbers",
)


def is_compiled(module_name: str) -> bool:
    """Whether ``module_name`` was imported from a compiled extension rather than from its ``.py`` file."""
    path = getattr(importlib.import_module(module_name), "__file__", None) or ""
    return path.endswith(tuple(EXTENSION_SUFFIXES))


def compiled_modules() -> list[str]:
    """The modules of :data:`COMPILABLE` running compiled: all of them in the compiled build, none otherwise."""
    return [name for name in COMPILABLE if is_compiled(name)]


def build_description() -> str:
    """``"compiled, 11 of 11 modules"`` or ``"pure Python"``, for ``refparse --version``."""
    compiled = compiled_modules()
    if not compiled:
        return "pure Python"
    return f"compiled, {len(compiled)} of {len(COMPILABLE)} modules"
