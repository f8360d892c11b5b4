"""The one tokenizer, shared by training and inference.

Tokens keep their character offsets into the input, so a span of tokens maps back to the exact input text.
Words are runs of letters, numbers are runs of digits, every other visible character is a token of its own;
so glued numerics such as ``12(3):45-67`` or ``pp.100-131`` fall apart into their parts. URLs and DOIs stay
whole, because splitting them would only give the tagger dozens of meaningless pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from .types import Token

_WHOLE_START = r"(?i:https?://|ftp://|www\.|10\.\d{4,9}/)"
# Letters with their combining marks: decomposed (NFD) text such as "Mu\u0308ller" stays one word.
_PIECE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+|\d+|\S", re.UNICODE)
# A URL or DOI (group 1) where one starts, else a piece: one regex scan over the text finds every token.
_TOKEN = re.compile(rf"({_WHOLE_START}\S+)|{_PIECE.pattern}", re.UNICODE)
_TRAILING = ".,;:"
_CLOSERS = {")": "(", "]": "[", ">": "<", "}": "{"}
# Closing quotes and a quote that closes itself: never the last character of a real URL or DOI, but often glued
# to one ('Available at “https://example.org/page”.').
_QUOTES = "\"'”’»"


class Piece(NamedTuple):
    """A token's text and offsets before it is labelled, as the model's input holds them
    (:class:`refparse.prepare.ModelInput`): a named tuple, built five times faster than a :class:`Token`,
    which is made once, with the label."""

    text: str
    start: int
    end: int


class Labelled(NamedTuple):
    """A piece with its label and confidence, as ``parse`` carries it from the tagger to the spans: the
    fields of a :class:`Token` in a named tuple, built in a third of the time (a Token is made where one is
    handed out, by ``tag``)."""

    text: str
    start: int
    end: int
    label: str | None
    confidence: float | None


_T = TypeVar("_T", Token, Piece)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into tokens with offsets into ``text``; whitespace separates tokens and is never
    part of one."""
    return _split(text, start, len(text) if end is None else end, Token)


def pieces(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """The tokens of :func:`tokenize` as :class:`Piece` tuples (for the tagger, which labels them)."""
    return _split(text, start, len(text) if end is None else end, Piece)


def _split(text: str, start: int, end: int, make: Callable[[str, int, int], _T]) -> list[_T]:
    tokens: list[_T] = []
    append = tokens.append
    for match in _TOKEN.finditer(text, start, end):
        begin, stop = match.span()
        if match.lastindex is None:
            append(make(match.group(), begin, stop))
            continue
        # A URL or DOI loses trailing punctuation, closing quotes and unbalanced brackets, which are pieces.
        trimmed = trim_identifier(text, begin, stop)
        if trimmed > begin + 4:
            append(make(text[begin:trimmed], begin, trimmed))
            begin = trimmed
        for piece in _PIECE.finditer(text, begin, stop):
            append(make(piece.group(), *piece.span()))
    return tokens


def trim_identifier(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation, closing quotes and unbalanced closing brackets from the end of a URL or DOI."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING or last in _QUOTES:
            end -= 1
        elif last in _CLOSERS and text.count(last, start, end) > text.count(_CLOSERS[last], start, end):
            end -= 1
        else:
            break
    return end
