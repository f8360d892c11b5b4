"""The one tokenizer, shared by training and inference.

Tokens keep their character offsets into the input, so a span of tokens maps back to the exact input text.
Words are runs of letters, numbers are runs of digits, every other visible character is a token of its own;
so glued numerics such as ``12(3):45-67`` or ``pp.100-131`` fall apart into their parts. URLs and DOIs stay
whole, because splitting them would only give the tagger dozens of meaningless pieces.
"""

from __future__ import annotations

import re

from .types import Token

_WHOLE = re.compile(r"(?:https?://|ftp://|www\.|10\.\d{4,9}/)\S+", re.IGNORECASE)
# Letters with their combining marks: decomposed (NFD) text such as "Mu\u0308ller" stays one word.
_PIECE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+|\d+|\S", re.UNICODE)
_TRAILING = ".,;:"
_CLOSERS = {")": "(", "]": "[", ">": "<", "}": "{"}
# Closing quotes and a quote that closes itself: never the last character of a real URL or DOI, but often glued
# to one ('Available at “https://example.org/page”.').
_QUOTES = "\"'”’»"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets; whitespace separates tokens and is never part of one."""
    tokens: list[Token] = []
    pos, n = 0, len(text)
    while pos < n:
        if text[pos].isspace():
            pos += 1
            continue
        whole = _WHOLE.match(text, pos) if text[pos] in "hHfFwW1" else None
        if whole:
            end = trim_identifier(text, pos, whole.end())
            if end > pos + 4:
                tokens.append(Token(text[pos:end], pos, end))
                pos = end
                continue
        piece = _PIECE.match(text, pos)
        end = piece.end() if piece else pos + 1
        tokens.append(Token(text[pos:end], pos, end))
        pos = end
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
