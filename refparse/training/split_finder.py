"""Finding the reference lines of a whole document (a thesis as pdftotext prints it): line features for a
line-level CRF labelling each line ``ref`` or ``other``.

This is the document-level companion of the splitter: the splitter reads a reference section, this marks which
lines of a long document belong to one. It is trained and evaluated by ``training/train_splitter.py`` on the
AnyStyle finder documents; it is not shipped as a model (the figures go into the splitter's card).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..features import shape
from ..patterns import YEAR
from ..split_features import line_kind, marker_style

_HEADING = re.compile(r"(?i)\W*(\d+\.?\s*)?(references|bibliography|works cited|literature cited|literatur|"
                      r"references cited|sources|bibliographie)\s*$")
_YEAR = re.compile(rf"\b{YEAR}[a-z]?\b")
_PAGES = re.compile(r"\b\d+\s*[-–]\s*\d+\b")
_INITIAL = re.compile(r"\b[A-Z]\.")
_NAME_START = re.compile(r"\s*(\[[^\]]{1,30}\]\s*)?[A-Z][^\W\d_]+(-[A-Z][^\W\d_]+)?,\s+([A-Z]\.|[A-Z][a-z]+)")
_CUES = re.compile(r"(?i)\b(pp?\.|vol\.|journal|press|proceedings|university|doi|http|eds?\.|in:)")


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def line_features(line: str) -> list[str]:
    """Features of one document line on its own."""
    stripped = line.strip()
    if not stripped:
        return ["blank"]
    first = stripped.split()[0]
    words = stripped.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    feats = [
        f"kind={line_kind(stripped)}",
        f"len={_bucket(len(stripped), (10, 30, 50, 70, 90))}",
        f"indent={_bucket(len(line) - len(line.lstrip()), (0, 2, 5, 10, 30))}",
        f"first={shape(first)}",
        f"end={stripped[-1] if not stripped[-1].isalnum() else 'alnum'}",
        f"caps={_bucket(round(10 * capitals / len(words)), (2, 4, 6, 8))}",
        f"years={min(len(_YEAR.findall(stripped)), 2)}",
        f"initials={min(len(_INITIAL.findall(stripped)), 3)}",
        f"cues={min(len(_CUES.findall(stripped)), 2)}",
    ]
    if _PAGES.search(stripped):
        feats.append("pages")
    if _NAME_START.match(line):
        feats.append("name_start")
    style = marker_style(first)
    if style and style[0] != "bare":
        feats.append(f"marker={style[0]}")
    if first.startswith("[") and "]" in stripped[:40]:
        feats.append("bracket_label")
    if _HEADING.fullmatch(stripped.lstrip("\x0c")):
        feats.append("ref_heading")
    return feats


def document_features(lines: Sequence[str]) -> list[list[str]]:
    """One feature list per line: its own features, its neighbours', where it sits in the document and whether a
    "References" heading came before it."""
    own = [line_features(line) for line in lines]
    heading_seen = False
    last_text = "none"
    out = []
    for i, line in enumerate(lines):
        feats = ["bias", f"pos={min(9, 10 * i // max(1, len(lines)))}", f"after_heading={heading_seen}"]
        feats += own[i]
        feats.append(f"last_text={last_text}")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            feats += [f"{offset}:{f}" for f in own[j][:4]] if 0 <= j < len(lines) else [f"{offset}:edge"]
        out.append(feats)
        if "ref_heading" in own[i]:
            heading_seen = True
        if line.strip():
            last_text = own[i][0]
    return out
