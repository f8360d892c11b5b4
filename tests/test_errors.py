"""refparse.errors: the install hints name the distribution pyproject.toml builds."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from refparse.errors import DISTRIBUTION, install_hint

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@pytest.mark.skipif(not PYPROJECT.is_file(), reason="needs a source checkout")
def test_the_hints_name_the_distribution_pyproject_builds():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert DISTRIBUTION == project["name"]
    assert {"pdf", "server", "train", "plot"} <= set(project["optional-dependencies"])


def test_an_install_hint_is_a_command_a_shell_takes_as_written():
    assert install_hint("pdf") == "pip install 'refparse-crf[pdf]'"
    assert install_hint("train,plot") == "pip install 'refparse-crf[train,plot]'"
