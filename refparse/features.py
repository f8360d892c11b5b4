"""Token features for the CRF: small named functions, every value a string.

python-crfsuite reads a numeric feature value as a weight, so every feature here is a ``name=value`` string
(a category). Word-level features depend only on the token text: everything of a word, its own features and
what its neighbours see of it at each window offset, is computed once per distinct word and kept, as tuples, in
one bounded cache shared by all calls (:func:`_word`). Context features depend on the whole sequence and are
computed in one pass by :func:`sequence_features`, those with few values taken from prebuilt strings.

The strings are the model's vocabulary: any change to them (even of order, which changes crfsuite's sums) needs
a FEATURES_VERSION bump and a retrained model; tests/test_features.py holds a fingerprint of them on dev.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from .lexicon import classes_of, field_class, key
from .patterns import BRACKET_PAIRS, DOI_START, QUOTE_CHARS, URL_START
from .tokenize import Piece
from .types import Token

#: Bump whenever a feature changes: a model trained with another version is refused at load time.
FEATURES_VERSION = "5"

_ROMAN = re.compile(r"(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_DOI = re.compile(DOI_START, re.IGNORECASE)
_URL = re.compile(URL_START, re.IGNORECASE)
# The first characters a match of _DOI or _URL can have ("10.", "http", "ftp", "www", in either case).
_IDENTIFIER_FIRST = frozenset("1hHfFwW")
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
    if len(word) == 4 and _is_year(word):
        return "year"
    return f"d{min(len(word), 5)}"


def _is_year(digits: str) -> bool:
    """:data:`refparse.patterns.YEAR` (1500-2099) for four characters that are all digits, without the regex
    (``\\d`` is a decimal digit, ``str.isdecimal``)."""
    return (digits[0] == "1" and digits[1] in "56789" or digits[:2] == "20") and digits[2:].isdecimal()


def identifier_class(word: str) -> str | None:
    if word[:1] not in _IDENTIFIER_FIRST:  # most words: no regex to run
        return None
    if _DOI.match(word):
        return "doi"
    if _URL.match(word):
        return "url"
    return None


def length_class(word: str) -> str:
    n = len(word)
    return str(n) if n < 5 else ("5-7" if n < 8 else "8+")


def word_features(word: str) -> tuple[str, ...]:
    """Features of one token that do not depend on its neighbours."""
    return _word(word).own


def neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """A short description of the token ``offset`` places away, prefixed with the offset."""
    if offset in _WINDOW:
        return _word(word).window[_WINDOW.index(offset)]
    low = key(word)
    return _neighbour_features(offset, low, shape(word), number_class(word), _lexicon_classes(word))


# ----------------------------------------------------------------------------------------------------------
# The features, listed here and nowhere else: what a token says of itself (_own_features), what it says of
# itself to a neighbour (_neighbour_features) and what its place in the sequence says (sequence_features).


def _own_features(word: str, low: str, word_shape: str, number: str | None, lex: tuple[str, ...]) -> tuple[str, ...]:
    feats = [
        "bias",
        f"w={low}",
        f"shape={word_shape}",
        f"case={case_class(word)}",
        f"len={length_class(word)}",
    ]
    if len(low) > 3:
        feats += [f"p3={low[:3]}", f"s3={low[-3:]}", f"s2={low[-2:]}", f"p4={low[:4]}", f"s4={low[-4:]}"]
    if number:
        feats.append(f"num={number}")
    ident = identifier_class(word)
    if ident:
        feats.append(f"id={ident}")
    if len(low) > 1 and _ROMAN.fullmatch(low):
        feats.append("roman")
    feats += [f"lex={c}" for c in lex]
    return tuple(feats)


def _neighbour_features(offset: int, low: str, word_shape: str, number: str | None,
                        lex: tuple[str, ...]) -> tuple[str, ...]:
    feats = [f"{offset}:w={low}", f"{offset}:shape={word_shape}"]
    if abs(offset) == 1:
        feats += [f"{offset}:lex={c}" for c in lex]
        if number:
            feats.append(f"{offset}:num={number}")
    return tuple(feats)


class _Word(NamedTuple):
    """Everything :func:`sequence_features` needs of one distinct word, computed once (see :func:`_word`)."""

    own: tuple[str, ...]  # _own_features
    window: tuple[tuple[str, ...], ...]  # _neighbour_features for each offset of _WINDOW, in that order
    low: str  # lexicon.key(word), for the bigrams
    shape: str
    is_year: bool
    has_alnum: bool  # counts towards its segment's length


# 50,000 words hold about 100 MB (2 KB a word with its window tuples); on 20,000 distinct references (82,754
# distinct words) they served 88% of lookups, as many as 200,000 did, which held 170 MB and would grow to 400.
@lru_cache(maxsize=50_000)
def _word(word: str) -> _Word:
    """The per-word part of the features, shared by every occurrence of ``word`` in every call: each of its
    inputs (key, shape, number class, lexicon classes) is computed once, not once per feature or per offset."""
    low = key(word)
    word_shape = shape(word)
    number = number_class(word)
    lex = _lexicon_classes(word)
    own = _own_features(word, low, word_shape, number, lex)
    window = tuple(_neighbour_features(offset, low, word_shape, number, lex) for offset in _WINDOW)
    return _Word(
        own=own,
        window=window,
        low=low,
        shape=word_shape,
        is_year=number == "year",
        has_alnum=any(ch.isalnum() for ch in word),
    )


def _lexicon_classes(word: str) -> tuple[str, ...]:
    """The word lists holding ``word`` and, as ``f-<field>``, the field it is typical of in real records."""
    classes, field = classes_of(word), field_class(word)
    return classes + (f"f-{field}",) if field else classes


def _bracket_states(tokens: Sequence[Token | Piece]) -> list[str]:
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


def _is_apostrophe(tokens: Sequence[Token | Piece], i: int) -> bool:
    """A quote glued between two letters ("O'Brien", "Hawking's") is an apostrophe, not a quotation mark."""
    if tokens[i].text not in ("'", "’") or i == 0 or i + 1 >= len(tokens):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    return (before.end == tokens[i].start and after.start == tokens[i].end
            and before.text[-1:].isalpha() and after.text[:1].isalpha())


def sequence_features(tokens: Sequence[Token | Piece]) -> list[list[str]]:
    """The CRF input for one reference: one list of ``name=value`` strings per token.

    The hot path of tagging: the context features are computed column by column for the whole sequence,
    those with few values picked from prebuilt strings; then each token's list is one concatenation of cached
    tuples (its word's own features and its neighbours', :func:`_word`) and its row of context features."""
    n = len(tokens)
    if n == 0:
        return []
    words = [t.text for t in tokens]
    parts = [_word(w) for w in words]
    context = _context_features(tokens, words, parts)
    # Padded with the edge markers: token i's neighbour at window offset k is windows[i + 3 + _WINDOW[k]][k].
    windows = [*_EDGE_PAD, *(p.window for p in parts), *_EDGE_PAD]
    out = [[*part.own, *windows[i][0], *windows[i + 1][1], *windows[i + 2][2],
            *windows[i + 4][3], *windows[i + 5][4], *windows[i + 6][5], *row]
           for i, (part, row) in enumerate(zip(parts, context))]
    out[0].append("BOS")
    out[-1].append("EOS")
    return out


def _context_features(tokens: Sequence[Token | Piece], words: Sequence[str], parts: Sequence[_Word]) -> list[tuple]:
    """For each token, the features of its place in the sequence, in this order: the bigrams with the word
    before and after, the position bin, the bracket state, the segment (:func:`_segment_ids`), whether a year
    came before, the first word's shape, the segment's length and how the next begins, and how many segments
    after the year's this one is."""
    n = len(parts)
    lows = [p.low for p in parts]
    bigrams = [f"{a}|{b}" for a, b in zip(["^", *lows], [*lows, "$"])]  # n + 1: the pairs before each token
    segments = _segment_ids(words)
    lengths, next_starts = _segment_shapes(parts, segments)
    seen, since_year = [], []
    year_segment: int | None = None
    seen_year = "yearseen=False"
    for part, segment in zip(parts, segments):
        if year_segment is None and part.is_year:
            year_segment = segment
        seen.append(seen_year)
        since_year.append("segyr=pre" if year_segment is None else _SEGYR_FEATURES[min(segment - year_segment, 3)])
        if part.is_year:
            seen_year = "yearseen=True"
    return list(zip(
        ["bi-=" + pair for pair in bigrams[:-1]],
        ["bi+=" + pair for pair in bigrams[1:]],
        [_POSITION_FEATURES[i * _POSITION_BINS // n] for i in range(n)],
        [_BRACKET_FEATURES[state] for state in _bracket_states(tokens)],
        [_SEGMENT_FEATURES[min(segment, 5)] for segment in segments],
        seen,
        [f"first={parts[0].shape}"] * n,
        lengths,
        next_starts,
        since_year,
    ))


def _segment_ids(words: Sequence[str]) -> list[int]:
    """For each token, the index of its segment: segments end at strong full stops (:func:`_is_strong_stop`)."""
    ids, segment = [], 0
    for i, word in enumerate(words):
        ids.append(segment)
        if word == "." and _is_strong_stop(words, i):
            segment += 1
    return ids


def _segment_shapes(parts: Sequence[_Word], segments: Sequence[int]) -> tuple[list[str], list[str]]:
    """For each token, its segment's length in words ("1-3", "4-8", "9+") and how the next segment begins
    ("num", "cap", "low", "punct" or "end"), as ``seglen=`` and ``segnext=`` features: a short segment before
    numbers reads as a venue, a long one before a capital as a title, beyond the reach of the word window."""
    counts: dict[int, int] = {}
    firsts: dict[int, str] = {}
    for part, segment in zip(parts, segments):
        if part.has_alnum:
            counts[segment] = counts.get(segment, 0) + 1
            firsts.setdefault(segment, part.shape)
    # One feature pair per segment, shared by its tokens.
    per_segment = {s: (f"seglen={_length_bin(counts.get(s, 0))}", f"segnext={_start_class(firsts.get(s + 1))}")
                   for s in set(segments)}
    return [per_segment[s][0] for s in segments], [per_segment[s][1] for s in segments]


def _length_bin(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def _start_class(first_shape: str | None) -> str:
    """How a segment begins, from the shape of its first word with a letter or digit (None: no next segment)."""
    if first_shape is None:
        return "end"
    first = first_shape[:1]
    return "num" if first == "d" else "cap" if first == "X" else "low" if first == "x" else "punct"


# Prebuilt strings of the context features with few values.
_EDGE_FEATURES = tuple(f"{offset}:edge" for offset in _WINDOW)
_EDGE_PAD = (tuple((edge,) for edge in _EDGE_FEATURES),) * 3  # a "word" beyond either end, for every offset
_POSITION_FEATURES = tuple(f"pos={b}" for b in range(_POSITION_BINS))
_SEGMENT_FEATURES = tuple(f"seg={s}" for s in range(6))
_SEGYR_FEATURES = tuple(f"segyr={d}" for d in range(4))
_BRACKET_FEATURES = {state: f"br={state}" for state in ("q", "open", "close", "-", '"', *_OPENERS)}
