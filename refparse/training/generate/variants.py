"""Forms of a record's values that reference lists print but metadata records rarely hold.

Journal names are abbreviated in most physics, chemistry and biomedical references ("Geol. Mag.", "Phys Rev
Lett"), while the metadata sources mostly give them in full. A share of the journal articles is rendered with an
abbreviated name; the label follows, since the abbreviation becomes the record's value before rendering.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

#: Share of journal articles whose journal is printed abbreviated, and of those, the share without full stops
#: (NLM/Vancouver: "Geol Mag").
ABBREVIATION_SHARE = 0.35
WITHOUT_STOPS_SHARE = 0.3

#: Words whose abbreviation the syllable rule would get wrong.
WORD_ABBREVIATIONS: dict[str, str] = {
    "journal": "J", "science": "Sci", "sciences": "Sci", "proceedings": "Proc", "transactions": "Trans",
    "annals": "Ann", "medicine": "Med", "medical": "Med", "national": "Natl", "academy": "Acad",
    "letters": "Lett", "applied": "Appl", "engineering": "Eng", "research": "Res", "review": "Rev",
    "reviews": "Rev", "university": "Univ", "quarterly": "Q", "bulletin": "Bull", "society": "Soc",
    "zeitschrift": "Z", "archives": "Arch", "reports": "Rep", "studies": "Stud", "technology": "Technol",
}
#: Words dropped from abbreviated journal names.
DROPPED_WORDS = frozenset("of the and for in on de der die das des la le et für und".split())
_VOWELS = "aeiouyäöüéèà"


def abbreviate_word(word: str) -> str:
    """A word as journal abbreviations shorten it: up to the consonants after its first vowels ("Geological"
    -> "Geol"), or its listed form ("Journal" -> "J"); short words stay whole."""
    listed = WORD_ABBREVIATIONS.get(word.lower())
    if listed:
        return listed if word[0].isupper() else listed.lower()
    if len(word) <= 4 or not word.isalpha() or not word[1:].islower():  # acronyms and names like "TUGboat"
        return word
    i = 0
    while i < len(word) and word[i].lower() not in _VOWELS:
        i += 1
    while i < len(word) and word[i].lower() in _VOWELS:
        i += 1
    j = i
    while j < len(word) and word[j].lower() not in _VOWELS:
        j += 1
    return word[:j] if 2 <= j < len(word) - 1 else word


def abbreviate_journal(name: str, stops: bool = True) -> str:
    """``name`` abbreviated word by word ("Geological Magazine" -> "Geol. Mag."); without ``stops``, the
    abbreviated words lose their full stops ("Geol Mag")."""
    words = [w for w in re.split(r"\s+", name.replace("&", " ")) if w and w.lower() not in DROPPED_WORDS]
    out = []
    for word in words:
        short = abbreviate_word(word)
        out.append(short + "." if stops and short != word else short)
    return " ".join(out) if out else name


def vary_record(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``record``, with its journal abbreviated in a share :data:`ABBREVIATION_SHARE` of journal articles."""
    journal = record.get("container-title")
    if record.get("type") != "article-journal" or not journal or rng.random() >= ABBREVIATION_SHARE:
        return record
    short = abbreviate_journal(str(journal), stops=rng.random() >= WITHOUT_STOPS_SHARE)
    return {**record, "container-title": short} if short != journal else record


#: How many authors a record keeps in :func:`with_initials`, with their weights: one author most often, as in
#: the monographs and essays of humanities bibliographies.
INITIALS_AUTHOR_COUNTS: tuple[tuple[int, float], ...] = ((1, 0.5), (2, 0.3), (3, 0.2))


def initials_of(given: str) -> str:
    """Given names as initials: "João Alberto" -> "J. A.", "Jean-Paul" -> "J.-P."; lower-case words (particles
    printed among the given names) are left out."""
    out = []
    for word in given.split():
        letters = [piece[0] + "." for piece in re.split(r"[-‐]", word) if piece[:1].isupper()]
        if letters:
            out.append("-".join(letters))
    return " ".join(out)


def with_initials(record: dict[str, Any], rng: random.Random, keep_all: bool = False) -> dict[str, Any]:
    """``record`` with its first one to three authors only (:data:`INITIALS_AUTHOR_COUNTS`; every author with
    ``keep_all``) and their given names as initials, as many reference lists print them whatever the metadata
    holds."""
    counts, weights = zip(*INITIALS_AUTHOR_COUNTS)
    keep = None if keep_all else rng.choices(counts, weights)[0]
    authors = []
    for person in (record.get("author") or [])[:keep]:
        initials = initials_of(str(person.get("given", "")))
        authors.append({**person, "given": initials} if initials else person)
    return {**record, "author": authors}


def with_name_word_short_name(record: dict[str, Any], names: Sequence[str], rng: random.Random) -> dict[str, Any]:
    """``record`` with the short name before its title's colon replaced by one of ``names`` (words that are
    persons' names in real records), capitalised or in capitals: "Adam: A method ...", "ALBERT: A lite BERT
    ...", as machine-learning papers are often named. After an author list such a word reads as one more
    name unless the model has seen it open a title."""
    _, colon, rest = str(record.get("title", "")).partition(":")
    word = rng.choice(names)
    return {**record, "title": (word.upper() if rng.random() < 0.5 else word.capitalize()) + colon + rest}
