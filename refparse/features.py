"""Token features for the CRF: small named functions, every value a string.

python-crfsuite reads a numeric feature value as a weight, so every feature here is a ``name=value`` string
(a category). Word-level features depend only on the token text and are cached; context features depend on
the whole sequence and are computed in one pass by :func:`sequence_features`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .lexicon import classes_of, key
from .patterns import BRACKET_PAIRS, DOI_START, QUOTE_CHARS, URL_START, YEAR
from .types import Token

#: Bump whenever a feature changes: a model trained with another version is refused at load time.
FEATURES_VERSION = "4"

_YEAR = re.compile(YEAR)
_ROMAN = re.compile(r"(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_DOI = re.compile(DOI_START, re.IGNORECASE)
_URL = re.compile(URL_START, re.IGNORECASE)
_OPENERS = BRACKET_PAIRS
_QUOTES = QUOTE_CHARS
_WINDOW = (-3, -2, -1, 1, 2, 3)
_POSITION_BINS = 10


def shape(word: str) -> str:
    """Character classes with repeats collapsed: ``Smith`` -> ``Xx``, ``2001`` -> ``d``, ``McGill`` -> ``XxXx``."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def case_class(word: str) -> str:
    if word.isdigit():
        return "digits"
    if not any(ch.isalnum() for ch in word):
        return "punct"
    if len(word) == 1 and word.isupper():
        return "initial"
    if word.isupper():
        return "upper"
    if word[0].isupper():
        return "title"
    if word.islower():
        return "lower"
    return "mixed"


def number_class(word: str) -> str | None:
    if not word.isdigit():
        return None
    if len(word) == 4 and _YEAR.fullmatch(word):
        return "year"
    return f"d{min(len(word), 5)}"


def identifier_class(word: str) -> str | None:
    if _DOI.match(word):
        return "doi"
    if _URL.match(word):
        return "url"
    return None


def length_class(word: str) -> str:
    n = len(word)
    return str(n) if n < 5 else ("5-7" if n < 8 else "8+")


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features of one token that do not depend on its neighbours."""
    low = key(word)
    feats = [
        "bias",
        f"w={low}",
        f"shape={shape(word)}",
        f"case={case_class(word)}",
        f"len={length_class(word)}",
    ]
    if len(low) > 3:
        feats += [f"p3={low[:3]}", f"s3={low[-3:]}", f"s2={low[-2:]}", f"p4={low[:4]}", f"s4={low[-4:]}"]
    number = number_class(word)
    if number:
        feats.append(f"num={number}")
    ident = identifier_class(word)
    if ident:
        feats.append(f"id={ident}")
    if len(low) > 1 and _ROMAN.fullmatch(low):
        feats.append("roman")
    feats += [f"lex={c}" for c in classes_of(word)]
    return tuple(feats)


def neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """A short description of the token ``offset`` places away, prefixed with the offset."""
    low = key(word)
    feats = [f"{offset}:w={low}", f"{offset}:shape={shape(word)}"]
    if abs(offset) == 1:
        feats += [f"{offset}:lex={c}" for c in classes_of(word)]
        number = number_class(word)
        if number:
            feats.append(f"{offset}:num={number}")
    return tuple(feats)


def _bracket_states(tokens: Sequence[Token]) -> list[str]:
    """For each token: which bracket or quote it sits inside (``(``, ``[``, ``"`` or ``-``)."""
    states: list[str] = []
    stack: list[str] = []
    in_quote = False
    for i, token in enumerate(tokens):
        w = token.text
        if w in _QUOTES and not _is_apostrophe(tokens, i):
            states.append("q")
            in_quote = not in_quote
            continue
        if w in _OPENERS:
            states.append("open")
            stack.append(w)
            continue
        if stack and w == _OPENERS[stack[-1]]:
            states.append("close")
            stack.pop()
            continue
        states.append(stack[-1] if stack else ('"' if in_quote else "-"))
    return states


def _is_strong_stop(words: Sequence[str], i: int) -> bool:
    """A full stop that ends a segment, rather than one that ends an initial or an abbreviation."""
    if words[i] != "." or i == 0:
        return False
    prev = words[i - 1]
    return len(prev) > 3 or prev.isdigit() or prev in _QUOTES or prev in ")]"


def _is_apostrophe(tokens: Sequence[Token], i: int) -> bool:
    """A quote glued between two letters ("O'Brien", "Hawking's") is an apostrophe, not a quotation mark."""
    if tokens[i].text not in ("'", "’") or i == 0 or i + 1 >= len(tokens):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    return (before.end == tokens[i].start and after.start == tokens[i].end
            and before.text[-1:].isalpha() and after.text[:1].isalpha())


def sequence_features(tokens: Sequence[Token]) -> list[list[str]]:
    """The CRF input for one reference: one list of ``name=value`` strings per token."""
    words = [t.text for t in tokens]
    n = len(words)
    if n == 0:
        return []
    brackets = _bracket_states(tokens)
    segments = _segment_ids(words)
    lengths, next_starts = _segment_shapes(words, segments)
    year_segment: int | None = None
    lows = [key(w) for w in words]
    # Each word's description for every window offset, looked up once per token rather than once per offset.
    windows = [_window_parts(w) for w in words]
    first = f"first={shape(words[0])}"
    seen_year = False
    out: list[list[str]] = []
    for i in range(n):
        feats = list(word_features(words[i]))
        for k, offset in enumerate(_WINDOW):
            j = i + offset
            if 0 <= j < n:
                feats.extend(windows[j][k])
            else:
                feats.append(_EDGE_FEATURES[k])
        low = lows[i]
        is_year = number_class(words[i]) == "year"
        if year_segment is None and is_year:
            year_segment = segments[i]
        feats += [
            f"bi-={lows[i - 1] if i else '^'}|{low}",
            f"bi+={low}|{lows[i + 1] if i + 1 < n else '$'}",
            f"pos={i * _POSITION_BINS // n}",
            f"br={brackets[i]}",
            f"seg={min(segments[i], 5)}",
            f"yearseen={seen_year}",
            first,
            f"seglen={lengths[i]}",
            f"segnext={next_starts[i]}",
            f"segyr={'pre' if year_segment is None else min(segments[i] - year_segment, 3)}",
        ]
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        out.append(feats)
        seen_year = seen_year or is_year
    return out


def _segment_ids(words: Sequence[str]) -> list[int]:
    """For each token, the index of its segment: segments end at strong full stops (:func:`_is_strong_stop`)."""
    ids, segment = [], 0
    for i in range(len(words)):
        ids.append(segment)
        if _is_strong_stop(words, i):
            segment += 1
    return ids


def _segment_shapes(words: Sequence[str], segments: Sequence[int]) -> tuple[list[str], list[str]]:
    """For each token, its segment's length in words ("1-3", "4-8", "9+") and how the next segment begins
    ("num", "cap", "low", "punct" or "end"): a short segment before numbers reads as a venue, a long one before
    a capital as a title, beyond the reach of the word window."""
    counts: dict[int, int] = {}
    firsts: dict[int, str] = {}
    for word, segment in zip(words, segments):
        if any(c.isalnum() for c in word):
            counts[segment] = counts.get(segment, 0) + 1
            firsts.setdefault(segment, word)
    lengths = [_length_bin(counts.get(s, 0)) for s in segments]
    next_starts = [_start_class(firsts.get(s + 1)) for s in segments]
    return lengths, next_starts


def _length_bin(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def _start_class(word: str | None) -> str:
    if word is None:
        return "end"
    first = word[:1]
    return "num" if first.isdigit() else "cap" if first.isupper() else "low" if first.isalpha() else "punct"


_EDGE_FEATURES = tuple(f"{offset}:edge" for offset in _WINDOW)


@lru_cache(maxsize=200_000)
def _window_parts(word: str) -> tuple[tuple[str, ...], ...]:
    """:func:`neighbour_features` of ``word`` for each offset of the window, in window order (the cache of both)."""
    return tuple(neighbour_features(word, offset) for offset in _WINDOW)
