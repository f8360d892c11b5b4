"""Features for the reference-section splitter: one item per whitespace-separated chunk of the section.

The splitter labels each chunk ``B`` (a reference starts here), ``I`` (inside a reference) or ``O`` (outside every
reference: headings, page furniture). Features mix what the chunk looks like (a citation marker "[12]", "12.",
"(12)", a bare number, a capitalised word followed by a comma) with where it sits in the layout (first on its
line, indented less than the line before, after a short line) and with the section's own habits (the numbering
style most of its lines use, whether the marker continues the numbering). Sections with no line breaks at all
get no layout features, so the same model also reads them from the words alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .features import case_class, shape
from .lexicon import classes_of
from .patterns import YEAR

#: Bump whenever a splitter feature changes: a splitter trained with another version is refused at load time.
SPLIT_FEATURES_VERSION = "2"

_CHUNK = re.compile(r"\S+")
_MARKERS = (
    ("bracket", re.compile(r"\[(\d{1,3})\][.,:]?")),
    ("paren", re.compile(r"\((\d{1,3})\)[.,:]?")),
    ("dot", re.compile(r"(\d{1,3})\.")),
    ("close", re.compile(r"(\d{1,3})\)")),
    ("bare", re.compile(r"(\d{1,3})")),
)
_YEAR = re.compile(rf"\(?{YEAR}[a-z]?\)?[.,;:]?")
_PAGES = re.compile(r"\d+[-–]\d+[.,]?")
_INITIALS = re.compile(r"(?:[A-Z]\.-?)+,?|[A-Z]{1,3}[.,]?")
_NAME = re.compile(r"[A-Z][^\W\d_]+(?:[-'][A-Z]?[^\W\d_]+)*,?")
_NUMBER_WINDOW = 400
_URLISH = re.compile(r"(https?://|www\.|doi:|10\.\d{4,9}/)", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    """A whitespace-free run of the section text and where it sits: offsets, line number, place on its line."""

    text: str
    start: int
    end: int
    line: int
    first_in_line: bool
    last_in_line: bool


@dataclass(frozen=True)
class LineInfo:
    """One line of the section: its indentation, its length without surrounding spaces, its last character and
    what kind of line it looks like on its own (see :func:`line_kind`)."""

    indent: int
    length: int
    last_char: str
    kind: str = "text"


def chunk_section(text: str) -> tuple[list[Chunk], list[LineInfo]]:
    """Split ``text`` into chunks (with offsets into ``text``) and describe each of its lines."""
    chunks: list[Chunk] = []
    lines: list[LineInfo] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        found = list(_CHUNK.finditer(line))
        stripped = line.strip()
        lines.append(LineInfo(len(line) - len(line.lstrip()), len(stripped), stripped[-1:] if stripped else "",
                              line_kind(stripped)))
        for i, match in enumerate(found):
            chunks.append(
                Chunk(match.group(), offset + match.start(), offset + match.end(), number, i == 0, i == len(found) - 1)
            )
        offset += len(line) + 1
    return chunks, lines


_PAGE_LINE = re.compile(r"(?i)(page|p\.|seite)\s*\d+(\s*(of|/)\s*\d+)?|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]")
_RUNNING_HEAD = re.compile(r"(?i).*\b(vol\.|volume\b|no\.|journal\b|transactions\b|proceedings\b|downloaded\b|et al\b).*")


def line_kind(line: str) -> str:
    """What a line looks like alone: a bare page number, a running head with a number, all capitals, or text."""
    if not line:
        return "blank"
    if _PAGE_LINE.fullmatch(line):
        return "pageno"
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(line) < 80:
        return "caps"
    if _RUNNING_HEAD.fullmatch(line) and any(ch.isdigit() for ch in line) and line[-1:] != ".":
        return "runhead"
    return "text"


def marker_style(word: str) -> tuple[str, int] | None:
    """The numbering style and number of a citation-marker-like chunk ("[3]" -> ("bracket", 3)), else None."""
    for name, pattern in _MARKERS:
        match = pattern.fullmatch(word)
        if match:
            return name, int(match.group(1))
    return None


def _section_style(chunks: Sequence[Chunk], has_lines: bool) -> str:
    """The numbering style that most line-initial chunks (or, without line breaks, most chunks) use."""
    counts: Counter[str] = Counter()
    for chunk in chunks:
        if has_lines and not chunk.first_in_line:
            continue
        style = marker_style(chunk.text)
        if style and style[0] != "bare":
            counts[style[0]] += 1
    if not counts:
        return "none"
    style, count = counts.most_common(1)[0]
    return style if count >= 2 else "none"


def _numbering_neighbours(chunks: Sequence[Chunk]) -> list[tuple[bool, bool]]:
    """For each marker-like chunk: does a marker of the same style numbered one less come shortly before it, and
    one numbered one more shortly after? (A volume "12" rarely has a "13" of the same style nearby.)"""
    positions: dict[tuple[str, int], list[int]] = {}
    styles = [marker_style(chunk.text) for chunk in chunks]
    for i, style in enumerate(styles):
        if style:
            positions.setdefault(style, []).append(i)
    out = []
    for i, style in enumerate(styles):
        if not style:
            out.append((False, False))
            continue
        name, n = style
        before = positions.get((name, n - 1), [])
        after = positions.get((name, n + 1), [])
        has_before = bisect_left(before, i) > bisect_left(before, i - _NUMBER_WINDOW)
        has_after = bisect_right(after, i + _NUMBER_WINDOW) > bisect_right(after, i)
        out.append((has_before, has_after))
    return out


def _typical_line_length(lines: Sequence[LineInfo]) -> int:
    lengths = sorted(line.length for line in lines if line.length > 0)
    if not lengths:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _word_class(word: str) -> str:
    if marker_style(word):
        return "marker"
    if _YEAR.fullmatch(word):
        return "year"
    if _PAGES.fullmatch(word):
        return "pages"
    if _URLISH.match(word):
        return "url"
    core = word.strip(".,;:()[]\"'")
    return case_class(core) if core else "punct"


def _end_class(word: str) -> str:
    last = word[-1]
    if last.isalnum():
        return "alnum"
    return last if last in ".,;:)]-" else "other"


def _chunk_features(chunk: Chunk) -> list[str]:
    word = chunk.text
    core = word.strip(".,;:()[]\"'")
    feats = [f"shape={shape(word)}", f"cls={_word_class(word)}", f"end={_end_class(word)}"]
    if len(core) <= 4:
        feats.append(f"w={word.lower()}")
    elif core:
        feats.append(f"w={core.lower()}")
    style = marker_style(word)
    if style:
        feats.append(f"mk={style[0]}")
    feats += [f"lex={c}" for c in classes_of(core, other_languages=False)]  # as the splitter was trained
    return feats


def _layout_features(chunk: Chunk, lines: Sequence[LineInfo], typical: int) -> list[str]:
    """Where the chunk sits in the layout; only line-initial chunks get the comparisons with the line before."""
    if not chunk.first_in_line:
        return ["inline"]
    feats = ["line_start"]
    if chunk.line == 0:
        return feats + ["first_line"]
    previous, current = lines[chunk.line - 1], lines[chunk.line]
    if previous.length == 0:
        feats.append("after_blank")
        return feats
    feats.append(f"prev_end={previous.last_char if previous.last_char in '.,;:)]-' else 'x'}")
    if typical and previous.length < 0.8 * typical:
        feats.append("prev_short")
    if current.indent < previous.indent:
        feats.append("outdent")
    elif current.indent > previous.indent:
        feats.append("indent")
    return feats


def _next_line_lower(chunks: Sequence[Chunk], i: int) -> bool:
    """Does the first chunk of the next line after chunk ``i`` start in lower case (a sentence going on)?"""
    line = chunks[i].line
    for chunk in chunks[i + 1:]:
        if chunk.line != line:
            return chunk.text[:1].islower()
    return False


def section_features(text: str, chunks: Sequence[Chunk], lines: Sequence[LineInfo]) -> list[list[str]]:
    """One feature list per chunk of a reference section."""
    has_lines = len(lines) > 1
    style = _section_style(chunks, has_lines)
    neighbours = _numbering_neighbours(chunks)
    typical = _typical_line_length(lines)
    own = [_chunk_features(chunk) for chunk in chunks]
    out: list[list[str]] = []
    for i, chunk in enumerate(chunks):
        feats = ["bias", f"sec={style}", "lines" if has_lines else "nolines"]
        feats += own[i]
        marker = marker_style(chunk.text)
        if marker:
            feats.append(f"mk={marker[0]}&sec={style}")
            has_before, has_after = neighbours[i]
            seq = f"seq={int(has_before)}{int(has_after)}"
            feats += [seq, f"{seq}&mk={marker[0]}", f"{seq}&mk={marker[0]}&n1={int(marker[1] == 1)}"]
        layout = _layout_features(chunk, lines, typical) if has_lines else []
        feats += layout
        if has_lines:
            kind = lines[chunk.line].kind
            feats.append(f"lk={kind}")
            before = lines[chunk.line - 1].kind if chunk.line > 0 else "edge"
            after = lines[chunk.line + 1].kind if chunk.line + 1 < len(lines) else "edge"
            feats.append(f"lk={kind}|{before}|{after}")
            if kind != "text" and chunk.line + 1 < len(lines):
                feats.append(f"lk={kind}&next_lower={_next_line_lower(chunks, i)}")
        if chunk.first_in_line and has_lines:
            feats += [f"ls&{f}" for f in own[i][:2]]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(chunks):
                feats += [f"{offset}:{f}" for f in own[j][:3]]
            else:
                feats.append(f"{offset}:edge")
        name_like = bool(_NAME.fullmatch(chunk.text)) and i + 1 < len(chunks) and bool(
            _INITIALS.fullmatch(chunks[i + 1].text))
        if name_like:
            feats.append("name_then_initials")
        if i > 0:
            previous = chunks[i - 1].text
            feats.append(f"pair={_word_class(previous)}|{_word_class(chunk.text)}")
            feats.append(f"pe={_end_class(previous)}|{own[i][1]}")
            feats.append(f"-1:w={previous.lower()}")
            if name_like:
                feats.append(f"pe={_end_class(previous)}|name")
            if chunk.first_in_line and has_lines:
                feats += [f"ls&{f}|{own[i][1]}" for f in layout[1:]]
        if i + 1 < len(chunks):
            feats.append(f"next_pair={_word_class(chunk.text)}|{_word_class(chunks[i + 1].text)}")
        out.append(feats)
    return out
