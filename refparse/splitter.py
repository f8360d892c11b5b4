"""Split a raw reference section (copied from a PDF) into single references.

A linear-chain CRF labels every whitespace-separated chunk of the section ``B`` (a reference starts here), ``I``
(inside one) or ``O`` (headings and page furniture). A reference runs from a ``B`` chunk to the last ``B``/``I``
chunk before the next ``B``; ``O`` chunks before the first reference, after the last one, and inside one (a page
header between two lines of a reference) are not part of any reference text.

Joining a reference's lines: a hyphen at a line end (or, in text whose line breaks were already removed, a
hyphen followed by a space, "Natu- ral") is a line-break hyphen and is dropped when the word goes on in lower
case and the part before the hyphen is a lower-case word fragment that is not a common prefix written with a
hyphen (pre-, non-, self-, ...). Otherwise the hyphen is kept and the two parts are joined without a space
("Boyd-\\nGraber" -> "Boyd-Graber", "pre-\\ntraining" -> "pre-training", "13484–\\n13508" -> "13484–13508").
The offsets returned by :func:`Splitter.split_offsets` always point into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ModelError
from .prepare import crfsuite_safe
from .split_features import SPLIT_FEATURES_VERSION, chunk_section, section_features
from .tagger import CRFTagger

SPLITTER_NAME = "refparse-splitter.crfsuite"
SPLITTER_ENV_VAR = "REFPARSE_SPLITTER_MODEL"

# Prefixes that English writes with a hyphen often enough that a line-end hyphen after them is kept.
HYPHEN_PREFIXES = frozenset(
    "pre post non self co multi semi anti cross inter intra meta quasi sub super ultra well state end open "
    "high low long short large small real fine one two three first second non-linear data task time".split()
)
# Words after a hyphen that mark a suspended compound ("pre- and post-training"): the hyphen stays.
_SUSPENDED = frozenset("and or und oder nor to bis et".split())
_HYPHENS = "-‐‑–"


@dataclass(frozen=True)
class SplitReference:
    """One reference found in a section: its joined text and its (start, end) offsets in the original text."""

    text: str
    start: int
    end: int


def drop_hyphen(fragment: str, continuation: str) -> bool:
    """Is the hyphen between ``fragment`` (the word part before it) and ``continuation`` a line-break hyphen?

    Yes when the word goes on in lower case, the fragment is a lower-case word part that is not a prefix usually
    written with a hyphen, and the continuation is not a word that marks a suspended compound ("pre- and post-").
    """
    if not fragment or not continuation:
        return False
    if not fragment.isalpha() or not fragment[-1].islower():
        return False
    first = continuation[0]
    if not first.isalpha() or not first.islower():
        return False
    word = re.match(r"[^\W\d_]+", continuation)
    if word and word.group().lower() in _SUSPENDED:
        return False
    return fragment.lower() not in HYPHEN_PREFIXES


def join_lines(text: str) -> str:
    """One line from a reference's lines: whitespace runs become one space, line-break hyphens are resolved."""
    pieces = re.split(r"(\s+)", text.strip())
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out.append(piece)
            continue
        before, after = pieces[i - 1], pieces[i + 1] if i + 1 < len(pieces) else ""
        hyphenated = before[-1:] in _HYPHENS and len(before) > 1
        if hyphenated and ("\n" in piece or piece == " "):
            fragment = re.split(r"[^\w]", before[:-1])[-1]
            if drop_hyphen(fragment, after):
                out[-1] = before[:-1]
                continue
            if "\n" in piece and _glues(before, after):
                continue
        if "\n" in piece and _broken_url(before, after):
            continue
        out.append(" ")
    return "".join(out)


def _glues(before: str, after: str) -> bool:
    """After a kept line-end hyphen, is the next line the rest of the same word or number ("Boyd-", "Graber")?"""
    return before[-2].isalnum() and after[:1].isalnum()


def _broken_url(before: str, after: str) -> bool:
    """Is a URL or DOI continued on the next line ("https://doi.org/10.1/" + "abc")?"""
    url = "://" in before or before.lower().startswith(("www.", "doi:")) or bool(re.match(r"10\.\d{4,9}/", before))
    return url and before[-1:] in "/._-=?&" and bool(after) and after[0] not in "([{"


class Splitter:
    """A loaded splitter model; ``split`` and ``split_offsets`` are safe to call from several threads."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        from .model import load_model

        path = Path(model_path) if model_path is not None else default_splitter_path()
        self.model = load_model(path)
        version = str(self.model.card.get("split_features_version", SPLIT_FEATURES_VERSION))
        if version != SPLIT_FEATURES_VERSION:
            raise ModelError(
                f"{path} was trained with splitter features version {version}, this refparse computes version "
                f"{SPLIT_FEATURES_VERSION}; retrain it with `python training/train_splitter.py`"
            )
        self._crf = CRFTagger(self.model)

    def labels(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of every chunk of ``text``, label ``B``, ``I`` or ``O``."""
        safe = crfsuite_safe(text)  # same length: the offsets hold for ``text``
        chunks, lines = chunk_section(safe)
        if not chunks:
            return []
        labels = self._crf.thread_tagger().tag(section_features(safe, chunks, lines))
        return [(c.start, c.end, label) for c, label in zip(chunks, labels)]

    def split_offsets(self, text: str) -> list[SplitReference]:
        """The references in ``text`` with their offsets; ``text[start:end]`` is the reference's original span."""
        check_section(text)
        return references_from_labels(text, self.labels(text))

    def split(self, text: str) -> list[str]:
        """The references in ``text``, each joined onto one line."""
        return [ref.text for ref in self.split_offsets(text)]


def check_section(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a reference section must be a str, not {type(text).__name__}")


def references_from_labels(text: str, labelled: Sequence[tuple[int, int, str]]) -> list[SplitReference]:
    """Group labelled chunks into references; ``O`` chunks inside a reference are left out of its text."""
    groups: list[list[tuple[int, int, str]]] = []
    for chunk in labelled:
        label = chunk[2]
        if label == "B" or (label == "I" and not groups):
            groups.append([chunk])
        elif groups:
            groups[-1].append(chunk)
    references = []
    for group in groups:
        while group and group[-1][2] == "O":
            group.pop()
        if not group:
            continue
        start, end = group[0][0], group[-1][1]
        kept = _text_without_furniture(text, group)
        references.append(SplitReference(join_lines(kept), start, end))
    return references


def _text_without_furniture(text: str, group: Sequence[tuple[int, int, str]]) -> str:
    """The original text of ``group`` with its ``O`` chunks cut out (their line breaks kept for the join)."""
    parts: list[str] = []
    position = group[0][0]
    for start, end, label in group:
        if label == "O":
            parts.append(text[position:start])
            position = end
    parts.append(text[position:group[-1][1]])
    return "".join(parts)


def default_splitter_path() -> Path:
    """The shipped splitter, found like the parser model: env var, the package's ``models/``, the repo's."""
    import os

    from .model import shipped_model_path

    env = os.environ.get(SPLITTER_ENV_VAR)
    return Path(env) if env else shipped_model_path(SPLITTER_NAME)


@lru_cache(maxsize=1)
def default_splitter() -> Splitter:
    """The shipped splitter, loaded once."""
    return Splitter()
