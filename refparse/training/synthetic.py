"""Synthetic reference sections, assembled from single labelled references, for training and checking the splitter.

A section is built the way a PDF-to-text copy of a bibliography looks: an optional heading, references numbered
in one of several styles (or not at all), wrapped at a random width with a hanging or first-line indent, words
hyphenated at line ends, page headers and footers between lines, blank lines, trailing furniture -- or the
whole section flowed onto one line. Every section is built from a seeded ``random.Random``, so the same seed and
references give the same sections.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

NUMBERING = ("none", "bracket", "dot", "paren", "bare", "close")
HEADINGS = ("References", "REFERENCES", "Bibliography", "Literature Cited", "References and Notes", "LITERATURE",
            "Works Cited", "Literatur", "8. References", "REFERENCES CITED")
TRAILERS = ("Appendix A", "APPENDIX", "Received 12 March 2019; accepted 3 June 2019",
            "Supplementary material", "Table 1", "Acknowledgements")
_LEADING_NUMBER = re.compile(r"^\s*(\[\d+\]|\(\d+\)|\d+\.|\d+\))\s+")


@dataclass
class Section:
    """A synthetic section, the (start, end) offsets of its references and of the page furniture lines (which may
    fall inside a reference's span, between two of its lines)."""

    text: str
    references: list[tuple[int, int]] = field(default_factory=list)
    furniture: list[tuple[int, int]] = field(default_factory=list)


def strip_number(reference: str) -> str:
    """The reference without a leading citation number ("[12] Smith" -> "Smith")."""
    return _LEADING_NUMBER.sub("", reference, count=1)


def marker(style: str, n: int) -> str:
    return {"none": "", "bracket": f"[{n}] ", "dot": f"{n}. ", "paren": f"({n}) ", "bare": f"{n} ",
            "close": f"{n}) "}[style]


def _furniture(rng: random.Random, page: int) -> str:
    choices = (
        f"{page}",
        f"Page {page} of {page + rng.randint(1, 20)}",
        f"J. Appl. Stud. {rng.randint(1, 60)} ({rng.randint(1990, 2024)}) {page}",
        f"{page} A. Author et al.",
        f"Vol. {rng.randint(1, 60)}, No. {rng.randint(1, 12)}",
        f"IEEE TRANSACTIONS ON SOMETHING, VOL. {rng.randint(1, 60)}, {rng.randint(1990, 2024)} {page}",
        "Downloaded from https://example.org on 12 May 2020",
    )
    return rng.choice(choices)


def _hyphenate(word: str, rng: random.Random) -> tuple[str, str] | None:
    """Split a long lowercase word the way typesetters do ("natural" -> "natu-", "ral"), or None."""
    if len(word) < 7 or not word.isalpha() or not word.islower():
        return None
    cut = rng.randint(3, len(word) - 3)
    return word[:cut] + "-", word[cut:]


def _wrap(words: list[str], width: int, rng: random.Random, hyphen_rate: float) -> list[str]:
    """Greedy line wrapping at ``width`` characters, sometimes hyphenating the word that would overflow."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
            continue
        parts = _hyphenate(word, rng) if rng.random() < hyphen_rate else None
        if parts and len(f"{current} {parts[0]}") <= width + 2:
            lines.append(f"{current} {parts[0]}")
            current = parts[1]
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


class _Builder:
    """Appends text while recording reference offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.references: list[tuple[int, int]] = []
        self.furniture: list[tuple[int, int]] = []

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def section(self) -> Section:
        return Section("".join(self.parts), self.references, self.furniture)


def build_section(references: Sequence[str], rng: random.Random, *, flat: bool | None = None,
                  unnumbered_rate: float | None = None) -> Section:
    """One synthetic section from ``references`` (citation numbers already in them are replaced).

    ``flat=True`` puts the whole section on one line; ``None`` lets the generator choose (about a third flat).
    ``unnumbered_rate``: the share of sections without citation numbers (default: one style among six).
    """
    if unnumbered_rate is not None and rng.random() < unnumbered_rate:
        style = "none"
    else:
        style = rng.choice(NUMBERING)
    first_number = 1 if rng.random() < 0.85 else rng.randint(2, 200)
    flat = rng.random() < 0.35 if flat is None else flat
    one_per_line = not flat and rng.random() < 0.25
    width = rng.randint(45, 120)
    hanging = rng.choice((0, 0, 2, 3, 4, 6))
    first_indent = rng.choice((0, 0, 0, 2, 4)) if not hanging else 0
    hyphen_rate = rng.choice((0.0, 0.2, 0.6))
    blank_between = not flat and rng.random() < 0.2
    furniture_rate = rng.choice((0.0, 0.03, 0.08, 0.15)) if not flat else 0.0
    separator = " " if flat else "\n"
    marker_alone = not flat and style != "none" and rng.random() < 0.1
    page = rng.randint(1, 400)
    out = _Builder()
    if rng.random() < 0.5:
        out.add(rng.choice(HEADINGS) + separator)
    for n, reference in enumerate(references, start=first_number):
        text = marker(style, n) + strip_number(reference).strip()
        if flat:
            if hyphen_rate and rng.random() < hyphen_rate:
                text = _inline_hyphen(text, rng)
            out.references.append(out.add(text))
            out.add(" ")
            continue
        lines = [text] if one_per_line else _wrap(text.split(), width, rng, hyphen_rate)
        if marker_alone:
            lines = [marker(style, n).strip(), strip_number(reference).strip()] if one_per_line else [
                marker(style, n).strip()] + _wrap(strip_number(reference).split(), width, rng, hyphen_rate)
        start = out.length + first_indent
        for i, line in enumerate(lines):
            indent = first_indent if i == 0 else hanging
            out.add(" " * indent + line)
            end = out.length
            out.add("\n")
            if i + 1 < len(lines) and rng.random() < furniture_rate:
                page += 1
                out.furniture.append(out.add(_furniture(rng, page)))
                out.add("\n")
        out.references.append((start, end))
        if blank_between:
            out.add("\n")
        if rng.random() < furniture_rate:
            page += 1
            out.furniture.append(out.add(_furniture(rng, page)))
            out.add("\n")
    if rng.random() < 0.15:
        out.add(rng.choice(TRAILERS) + separator)
    section = out.section()
    return Section(section.text.rstrip(), section.references, section.furniture)


def _inline_hyphen(text: str, rng: random.Random) -> str:
    """A line-break hyphen left behind when line breaks were removed: "natural" -> "natu- ral"."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if _hyphenate(w, rng)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    head, tail = _hyphenate(words[i], rng) or (words[i], "")
    words[i] = f"{head} {tail}"
    return " ".join(words)


def build_sections(references: Sequence[str], count: int, seed: int, *, flat: bool | None = None,
                   sizes: tuple[int, int] = (4, 40), unnumbered_rate: float | None = None) -> list[Section]:
    """``count`` sections drawing references (without replacement while they last) from ``references``."""
    rng = random.Random(seed)
    pool = list(references)
    rng.shuffle(pool)
    position = 0
    sections = []
    for _ in range(count):
        size = rng.randint(*sizes)
        if position + size > len(pool):
            rng.shuffle(pool)
            position = 0
        sections.append(build_section(pool[position:position + size], rng, flat=flat,
                                      unnumbered_rate=unnumbered_rate))
        position += size
    return sections
