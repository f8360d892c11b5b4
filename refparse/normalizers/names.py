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
    r"(?:^|[\s,])(?:(?:hrsg|hg)\.\s*von|eds?|hrsg|hgg?|editors?|edited by|ed\. by|herausgegeben von|trans(?:l|lated by)?|übers)\.?(?=\s|,|$)",
    re.IGNORECASE,
)
# Case-sensitive on purpose: a capital "Y" or "E" is an initial, not Spanish or Italian "and".
_SEPARATORS = re.compile(r"\s*(?:;|&|\b(?:[Aa]nd|AND|und|et|y|e)\b)\s*")
_SPACED_INITIAL = re.compile(r"\b([A-Z])\s+\.")
_INITIALS = re.compile(r"^(?:[A-Z]\.?|[A-Z][a-z]\.|[A-Z]\.?[-‐][A-Z]\.?)(?:[-‐]?(?:[A-Z]\.?|[A-Z][a-z]\.))*$")
# "JR" and "SR" are left out: in Vancouver lists ("Wright JR") they are initials far more often than suffixes.
_SUFFIX = re.compile(r"^(?:[Jj]r|[Ss]r|II|III|IV|2nd|3rd)\.?$")
# Roman numerals are also initials ("Ivanov IV"), so they count as a suffix only where initials cannot be.
_ROMAN = re.compile(r"^(?:II|III|IV)$")
# A parenthesised group naming an organisation inside a list of persons: "G. Aad et al. (ATLAS Collaboration)".
_ORGANISATION_GROUP = re.compile(r"\(([^()]*)\)")
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
    text = _ROLE.sub(" ", _ET_AL.sub(" ", text))
    text, organisations = _take_organisation_groups(text)
    text = _clean_part(text.strip(" ,;:()[]"))
    if not text or not any(ch.isalpha() for ch in text):
        return organisations, et_al
    if _ORGANISATION.search(text) and "," not in text:
        return [Name(literal=text)] + organisations, et_al
    names: list[Name] = []
    for chunk in _SEPARATORS.split(text):
        parts = [_clean_part(p) for p in chunk.split(",")]
        names.extend(_names_from_parts([p for p in parts if p and any(ch.isalpha() for ch in p)]))
    return names + organisations, et_al


def _clean_part(part: str) -> str:
    """Trim a comma-separated piece, keeping the full stop of a final initial or suffix ("Jane A.", "Jr.")."""
    part = part.strip(" ,")
    words = part.split()
    if words and (_INITIALS.match(words[-1]) or _SUFFIX.match(words[-1])):
        return part
    return part.strip(" .,")


def _take_organisation_groups(text: str) -> tuple[str, list[Name]]:
    """Remove parenthesised organisations ("(ATLAS Collaboration)") from a person list and return them apart."""
    found: list[Name] = []

    def take(match: re.Match[str]) -> str:
        if not _ORGANISATION.search(match.group(1)):
            return match.group(0)
        found.append(Name(literal=match.group(1).strip()))
        return " "

    return _ORGANISATION_GROUP.sub(take, text), found


def _names_from_parts(parts: list[str]) -> list[Name]:
    names: list[Name] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if _SUFFIX.match(part) and names and (names[-1].given or not _ROMAN.match(part)):
            names[-1] = _with_suffix(names[-1], part)
        elif nxt is not None and _is_family_only(part, nxt) and _is_given_only(_drop_suffix(nxt)[0]):
            given, suffix = _drop_suffix(nxt)
            names.append(_with_suffix(_split_family(part, given), suffix) if suffix else _split_family(part, given))
            i += 1
        elif _is_initials(part) and names and not names[-1].given:
            names[-1] = Name(names[-1].family, format_given(part), names[-1].particle, names[-1].suffix)
        elif _is_short_initials(part) and names and names[-1].given and _is_initials(names[-1].given):
            # "Reddy A, S.": PDF extraction or a style put a comma between a person's initials
            last = names[-1]
            names[-1] = Name(last.family, format_given(f"{last.given} {part}"), last.particle, last.suffix)
        else:
            words, suffix = _drop_suffix(part, whole_name=True)
            name = _name_from_words(words.split())
            names.append(_with_suffix(name, suffix) if suffix else name)
        i += 1
    return names


def _is_short_initials(part: str) -> bool:
    """Initials that cannot be an upper-case family name: dotted ("S.") or at most two letters ("S", "JA")."""
    return _is_initials(part) and ("." in part or len(part.replace(" ", "").replace("-", "")) <= 2)


def _drop_suffix(part: str, whole_name: bool = False) -> tuple[str, str | None]:
    """``"J. III"`` -> ``("J.", "III")``; a part of one word is never a suffix on its own here, nor is a
    numeral the second of two words of a whole name ("Ivanov IV" is initials)."""
    words = part.split()
    if whole_name and len(words) == 2 and _ROMAN.match(words[-1]):
        return part, None
    if len(words) > 1 and _SUFFIX.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return part, None


def _is_initials(part: str) -> bool:
    words = part.split()
    return bool(words) and all(_INITIALS.match(w) for w in words)


def _is_family_only(part: str, following: str) -> bool:
    """A family name, maybe with particles ("Smith", "van der Berg", "García Márquez"), and no initials.

    Two capitalised words are taken as one family name only when initials follow ("García Márquez, G."), since
    "John Smith, Jane" is as likely as "García Márquez, Gabriel".
    """
    words = part.split()
    if not words or any(_INITIALS.match(w) for w in words) or _ORGANISATION.search(part):
        return False
    core = [w for w in words if w not in _PARTICLES]
    return len(core) == 1 or len(core) == 2 and _is_initials(_drop_suffix(following)[0])


def _is_given_only(part: str) -> bool:
    """Initials or given names with no family name after them ("J. A.", "John", "Jean-Paul")."""
    words = part.split()
    if not words or _SUFFIX.match(part):
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
        if w not in _PARTICLES:  # lower case only: "De Raedt, L." keeps "De" in the family name
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
    while split > 1 and words[split - 1] in _PARTICLES:
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
    """Attach a generational suffix, written one way: "Jr." / "Sr." with a full stop, numerals as given."""
    suffix = suffix.strip(" ,")
    if suffix.lower().rstrip(".") in ("jr", "sr"):
        suffix = suffix[0].upper() + suffix[1].lower() + "."
    return Name(name.family, name.given, name.particle, suffix, name.literal)
