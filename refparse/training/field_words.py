"""The field each common word of real records is typical of: counted over metadata records, read by
:func:`refparse.lexicon.field_class` as a feature.

A word's share of a field is its frequency among that field's words, divided by the sum of its frequencies over
all fields, so that a small field (places) is not outvoted by a large one (titles) only by its size. A word gets
the field whose share is at least :data:`DOMINANT_SHARE`, when it occurs at least ``min_count`` times in all and
:data:`MIN_FIELD_COUNT` times in that field; other words get none.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..lexicon import FIELD_CLASSES, key
from ..tokenize import tokenize

DOMINANT_SHARE = 0.6
MIN_FIELD_COUNT = 3

# Record keys (CSL-JSON) counted for each class of FIELD_CLASSES.
_FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "venue": ("container-title", "collection-title", "event-title"),
    "publisher": ("publisher",),
    "place": ("publisher-place",),
}
_NAME_KEYS = ("author", "editor", "translator")


def record_words(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(class, word key) for every word of the record's counted fields: alphabetic tokens of two or more
    characters, keyed as the lexicon keys them."""
    for field, names in _FIELD_KEYS.items():
        for name in names:
            value = record.get(name)
            if isinstance(value, str):
                yield from ((field, w) for w in _words(value))
    for name in _NAME_KEYS:
        for person in record.get(name) or ():
            if isinstance(person, dict):
                for part in ("family", "given"):
                    value = person.get(part)
                    if isinstance(value, str):
                        yield from (("name", w) for w in _words(value))


def _words(value: str) -> Iterable[str]:
    for token in tokenize(value):
        if len(token.text) > 1 and token.text.isalpha():
            yield key(token.text)


def build_field_words(records: Iterable[Mapping[str, Any]], min_count: int = 5
                      ) -> tuple[dict[str, str], dict[str, Any]]:
    """word key -> its dominant class, and counts of what was read."""
    counts: dict[str, Counter] = {field: Counter() for field in FIELD_CLASSES}
    n_records = 0
    for record in records:
        n_records += 1
        for field, word in record_words(record):
            counts[field][word] += 1
    totals = {field: sum(c.values()) or 1 for field, c in counts.items()}
    words = set().union(*counts.values())
    table: dict[str, str] = {}
    for word in sorted(words):
        found = {field: counts[field][word] for field in FIELD_CLASSES}
        if sum(found.values()) < min_count:
            continue
        rates = {field: n / totals[field] for field, n in found.items()}
        total_rate = sum(rates.values())
        best = max(FIELD_CLASSES, key=lambda f: rates[f])
        if rates[best] / total_rate >= DOMINANT_SHARE and found[best] >= MIN_FIELD_COUNT:
            table[word] = best
    by_class = Counter(table.values())
    return table, {"records": n_records, "by_class": dict(by_class)}


def write_field_words(path: str | Path, table: Mapping[str, str], sources: Sequence[str]) -> None:
    """One ``word<TAB>class`` line per word, sorted, after a comment naming the sources; gzip with no
    timestamp, so the same table gives the same bytes."""
    lines = [f"# field-words: the field each word is typical of, counted over metadata sources: {', '.join(sources)}"]
    lines += [f"{word}\t{table[word]}" for word in sorted(table)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(data)
