"""Errors refparse raises on purpose; each message says what went wrong and what to do."""

from __future__ import annotations


class RefparseError(Exception):
    """Base class of refparse's own errors."""


class ModelError(RefparseError):
    """A model file is missing, unreadable, corrupt or from another feature version."""


class WorkerStartError(RefparseError, RuntimeError):
    """Worker processes could not start, almost always because a script starts them at its top level without
    the ``if __name__ == "__main__":`` guard (each worker imports the script again)."""


class ModelWarning(UserWarning):
    """The model could not be used and refparse fell back to another method."""
