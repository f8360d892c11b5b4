"""Errors refparse raises on purpose; each message says what went wrong and what to do."""

from __future__ import annotations


class RefparseError(Exception):
    """Base class of refparse's own errors."""


class ModelError(RefparseError):
    """A model file is missing, unreadable, corrupt or from another feature version."""


class ModelWarning(UserWarning):
    """The model could not be used and refparse fell back to another method."""
