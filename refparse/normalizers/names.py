"""Person names: one author/editor field -> a list of :class:`Name`, plus an "et al." flag.

Handles "Smith, J. A.", "J. A. Smith", "Smith JA", "SMITH, J.", "Smith, John and Doe, Jane", "Smith J, Doe J",
"Smith, J., Doe, J., & Roe, R.", "van der Berg, J.", "J. van der Berg", "Smith, J., Jr.", PDF spacing ("Y .") and
organisations (kept whole, in ``literal``).
"""

from __future__ import annotations

import re

from ..types import Name

_ET_AL = re.compile(r"[,;]?\s*(?:\bet\.?\s*al\b\.?|\bu\.\s?a\.|\bet coll?\b\.?|\.\s*\.\s*\.|…)", re.IGNORECASE)
_ROLE = re.compile(
    r"\(\s*(?:eds?|hrsg|hg|eds|editors?|dir|coord|trans|transl|übers)\.?\s*\)|"
    r"(?:^|[\s,])(?:eds?|hrsg|hgg?|editors?|edited by|ed\. by|herausgegeben von|trans(?:l|lated by)?|übers)\.?(?=\s|,|$)",
    re.IGNORECASE,
)
# Case-sensitive on purpose: a capital "Y" or "E" is an initial, not Spanish or Italian "and".
_SEPARATORS = re.compile(r"\s*(?:;|&|\b(?:[Aa]nd|AND|und|et|y|e)\b)\s*")
_SPACED_INITIAL = re.compile(r"\b([A-Z])\s+\.")
_INITIALS = re.compile(r"^(?:[A-Z]\.?|[A-Z][a-z]\.|[A-Z]\.?[-‐][A-Z]\.?)(?:[-‐]?(?:[A-Z]\.?|[A-Z][a-z]\.))*$")
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|2nd|3rd)\.?$", re.IGNORECASE)
_PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ten ter te zu vom y bin ibn al el st".split()
)
_ORGANISATION = re.compile(
    r"\b(?:collaboration|consortium|group|organi[sz]ation|association|institut[e]?|society|committee|agency|"
    r"office|ministry|council|team|project|foundation|department|bureau|commission|university|network|"
    r"inc|ltd|corporation|centre|center|who|oecd|unesco|nasa|ieee)\b",
    re.IGNORECASE,
)


def parse_names(text: str) -> tuple[list[Name], bool]:
    """Split one name field into persons; return them and whether the list ended in "et al."."""
    text = _SPACED_INITIAL.sub(r"\1.", text)
    et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub(" ", text)
    text = _ROLE.sub(" ", text)
    text = text.strip(" ,;:.()[]")
    if not text or not any(ch.isalpha() for ch in text):
        return [], et_al
    if _ORGANISATION.search(text) and "," not in text:
        return [Name(literal=text)], et_al
    names: list[Name] = []
    for chunk in _SEPARATORS.split(text):
        parts = [p.strip(" .,") if not _INITIALS.match(p.strip(" ,")) else p.strip(" ,") for p in chunk.split(",")]
        names.extend(_names_from_parts([p for p in parts if p]))
    return names, et_al


def _names_from_parts(parts: list[str]) -> list[Name]:
    names: list[Name] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if _SUFFIX.match(part) and names:
            names[-1] = _with_suffix(names[-1], part)
        elif nxt is not None and _is_family_only(part) and _is_given_only(nxt):
            names.append(_split_family(part, nxt))
            i += 1
        elif _is_initials(part) and names and not names[-1].given:
            names[-1] = Name(names[-1].family, format_given(part), names[-1].particle, names[-1].suffix)
        else:
            names.append(_name_from_words(part.split()))
        i += 1
    return names


def _is_initials(part: str) -> bool:
    words = part.split()
    return bool(words) and all(_INITIALS.match(w) for w in words)


def _is_family_only(part: str) -> bool:
    """One family name, maybe with particles ("Smith", "van der Berg", "El-Kadi"), and no initials."""
    words = part.split()
    if not words or _INITIALS.match(words[-1]):
        return False
    core = [w for w in words if w.lower() not in _PARTICLES]
    return len(core) == 1


def _is_given_only(part: str) -> bool:
    """Initials or given names with no family name after them ("J. A.", "John", "Jean-Paul")."""
    words = part.split()
    if not words:
        return False
    if all(_INITIALS.match(w) for w in words):
        return True
    if len(words) == 2 and _INITIALS.match(words[-1]):  # "John A."
        return True
    return len(words) == 1 and not _ORGANISATION.search(part)


def _split_family(family_part: str, given: str) -> Name:
    words = family_part.split()
    particles = []
    for w in words[:-1]:
        if w.lower() not in _PARTICLES:
            break
        particles.append(w)
    family_words = words[len(particles):]
    return Name(" ".join(family_words), format_given(given), " ".join(particles) or None)


def format_given(given: str) -> str:
    """Initials in one form ("JA", "J.A.", "J A" -> "J. A."; "J.-P." kept); given names as written."""
    words = given.split()
    if not words or not all(_INITIALS.match(w) for w in words):
        return given.strip()
    out = []
    for w in words:
        if "-" in w or "‐" in w or "." in w and not w.replace(".", "").isupper():
            out.append(w if w.endswith(".") else w + ".")  # "J.-P.", "Th."
        else:
            out.extend(f"{letter}." for letter in w.replace(".", ""))
    return " ".join(out)


def _name_from_words(words: list[str]) -> Name:
    """A whole name in one piece: "J. A. Smith", "Smith JA", "SMITH J", "Jean van der Berg"."""
    if len(words) == 1:
        return Name(family=words[0])
    trailing = []
    while len(words) - len(trailing) > 1 and _looks_like_trailing_initials(words[len(words) - len(trailing) - 1], words):
        trailing.insert(0, words[len(words) - len(trailing) - 1])
    if trailing:  # "Smith JA", "den Hertog J", "SMITH J. A."
        return _split_family(" ".join(words[: len(words) - len(trailing)]), " ".join(trailing))
    split = len(words) - 1  # "J. A. Smith", "Jean van der Berg"
    while split > 1 and words[split - 1].lower() in _PARTICLES:
        split -= 1
    given = format_given(" ".join(words[:split]))
    particle = " ".join(words[split : len(words) - 1]) or None
    return Name(words[-1], given, particle)


def _looks_like_trailing_initials(word: str, words: list[str]) -> bool:
    if not _INITIALS.match(word):
        return False
    # "JA" after "Smith" is initials; but "J. Smith": the first word being an initial means given-first order.
    return not _INITIALS.match(words[0]) or words[0].isupper() and len(words[0].strip(".")) > 2


def _with_suffix(name: Name, suffix: str) -> Name:
    return Name(name.family, name.given, name.particle, suffix, name.literal)
