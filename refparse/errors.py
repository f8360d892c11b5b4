"""Errors refparse raises on purpose; each message says what went wrong and what to do (for a missing optional
dependency, the command that installs it: :func:`install_hint`)."""

from __future__ import annotations

#: The name refparse is installed under (``project.name`` in pyproject.toml): the PyPI name ``refparse`` is
#: another package's, so every "pip install" hint is written by :func:`install_hint`.
DISTRIBUTION = "refparse-crf"


def install_hint(extras: str) -> str:
    """The command that installs refparse with ``extras`` ("pdf", "train,plot"), as messages print it."""
    return f"pip install '{DISTRIBUTION}[{extras}]'"


class RefparseError(Exception):
    """Base class of refparse's own errors."""


class ModelError(RefparseError):
    """A model file is missing, unreadable, corrupt or from another feature version."""


class WorkerStartError(RefparseError, RuntimeError):
    """Worker processes could not start, almost always because a script starts them at its top level without
    the ``if __name__ == "__main__":`` guard (each worker imports the script again)."""


class ModelWarning(UserWarning):
    """The model could not be used and refparse fell back to another method."""
