"""Person names: one author/editor field -> a list of :class:`Name`, plus an "et al." flag.

Handles "Smith, J. A.", "J. A. Smith", "Smith JA", "SMITH, J.", "Smith, John and Doe, Jane", "Smith J, Doe J",
"Smith, J., Doe, J., & Roe, R.", "van der Berg, J.", "J. van der Berg", "Smith, J., Jr.", PDF spacing ("Y .") and
organisations (kept whole, in ``literal``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..patterns import EDITOR_WORDS, NAME_PARTICLES, YEAR
from ..types import Name

_ET_AL = re.compile(r"[,;]?\s*(?:\bet\.?\s*al\b\.?|\betal\b\.?|\bu\.\s?a\.|\bet coll?\b\.?|\.\s*\.\s*\.|…)", re.IGNORECASE)
_ROLE = re.compile(
    rf"\(\s*(?:{EDITOR_WORDS}|trans|transl|übers)\.?\s*\)|"
    r"(?:^|[\s,])(?:(?:hrsg|hg)\.\s*von|eds?|hrsg|hgg?|editors?|edited by|ed\. by|herausgegeben von|trans(?:l|lated by)?|übers)\.?(?=\s|,|$)",
    re.IGNORECASE,
)
# Case-sensitive on purpose: a capital "Y" or "E" is an initial, not Spanish or Italian "and".
# A slash joins names in German styles ("Schmidt, J. / Herrgen, J." or "Schmidt/Herrgen").
_SEPARATORS = re.compile(r"\s*(?:;|&|\s[-–—]\s|\s?/\s?|\b(?:[Aa]nd|AND|und|et|y|e)\b)\s*")
# Upper-case letters of Latin (with accents), Greek and Cyrillic, so that "É." and "Ø." are initials too.
_UP = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x530) if chr(c).isupper() and chr(c).isalpha())
_LOW = "a-z" + "".join(chr(c) for c in range(0xDF, 0x530) if chr(c).islower() and chr(c).isalpha())
_SPACED_INITIAL = re.compile(rf"\b([{_UP}])\s+\.")
_INITIALS = re.compile(
    rf"^(?:[{_UP}]\.?|[{_UP}][{_LOW}]\.|[{_UP}]\.?[-‐][{_UP}]\.?)(?:[-‐]?(?:[{_UP}]\.?|[{_UP}][{_LOW}]\.))*$")
# "JR" and "SR" are left out: in Vancouver lists ("Wright JR") they are initials far more often than suffixes.
_SUFFIX = re.compile(r"^(?:[Jj]r|[Ss]r|II|III|IV|2nd|3rd)\.?$")
# Roman numerals are also initials ("Ivanov IV"), so they count as a suffix only where initials cannot be.
_ROMAN = re.compile(r"^(?:II|III|IV)$")
# A parenthesised group naming an organisation inside a list of persons: "G. Aad et al. (ATLAS Collaboration)".
# Control characters, lone surrogates and U+FFFD are never part of a name (they come from broken input).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]+")
_GLUED_INITIAL = re.compile(rf"\b([{_UP}]\.)(?=[{_UP}][{_LOW}])")
_IN_CUE = re.compile(r"^\s*(?:in|dans)\s*:?\s+(?=[A-Z])", re.IGNORECASE)
_GLUED_AND = re.compile(r"\b(and|und)(?=[A-Z][a-z])")
_LEADING_NUMBER = re.compile(r"^\s*\[?\d{1,3}[\].)]\s*")
_FOOTNOTE_MARKS = re.compile(r"[*†‡§¶]+")
_TRAILING_YEAR = re.compile(rf"[,;]?\s*\(?{YEAR}[a-z]?\)?[.,]?\s*$")
_BRACKETED_INITIALS = re.compile(r"\s*\(((?:[A-Z][a-z]?\.?[\s-]*){1,3})\)")
_ORGANISATION_GROUP = re.compile(r"\(([^()]*)\)")
_ORGANISATION = re.compile(
    r"\b(?:collaboration|consortium|group|organi[sz]ation|association|institut[e]?|society|committee|agency|"
    r"office|ministry|council|team|project|foundation|department|bureau|commission|university|network|"
    r"inc|ltd|corporation|centre|center|who|oecd|unesco|nasa|ieee)\b",
    re.IGNORECASE,
)


def parse_names(text: str) -> tuple[list[Name], bool]:
    """Split one name field into persons; return them and whether the list ended in "et al."."""
    text = _tidy(text)
    et_al = bool(_ET_AL.search(text))
    text = _ROLE.sub(" ", _ET_AL.sub(" ", text) if et_al else text)
    organisations: list[Name] = []
    if "(" in text:  # the two patterns below need one
        text = _BRACKETED_INITIALS.sub(r", \1", text)  # French "Kefi (N.)"
        text, organisations = _take_organisation_groups(text)
    text = _clean_part(text.strip(" ,;:()[]"))
    if not text or not any(ch.isalpha() for ch in text):
        return organisations, et_al
    if _ORGANISATION.search(text) and "," not in text:
        return [Name(literal=text)] + organisations, et_al
    names: list[Name] = []
    for chunk in _SEPARATORS.split(text):
        parts = [_clean_part(p) for p in _split_uncommaed(chunk).split(",")]
        names.extend(_names_from_parts([p for p in parts if p and any(ch.isalpha() for ch in p)]))
    return names + organisations, et_al


def _tidy(text: str) -> str:
    """Undo extraction and layout noise: control characters, "Y ." -> "Y.", "andHaglin" -> "and Haglin", a leading citation number
    ("20] K. Smith"), footnote marks ("Bao Q *"), and a year the tagger left at the end."""
    if not text.isprintable() or "\ufffd" in text:  # every character of _UNPRINTABLE is unprintable but U+FFFD
        text = _UNPRINTABLE.sub(" ", text)
    text = _SPACED_INITIAL.sub(r"\1.", text)
    text = _GLUED_INITIAL.sub(r"\1 ", text)  # "H.D.Doebner" -> "H.D. Doebner"
    text = _IN_CUE.sub("", text)  # an editor span that kept its "In"
    text = _GLUED_AND.sub(r"\1 ", text)
    if text[:1].isdigit() or text[:1] == "[":
        text = _LEADING_NUMBER.sub("", text)
    text = _FOOTNOTE_MARKS.sub(" ", text)
    return _TRAILING_YEAR.sub("", text) if text[-1:].isdigit() or text[-2:-1].isdigit() else text


def _split_uncommaed(chunk: str) -> str:
    """Put commas into a Vancouver list written without them: "Liu SM Zhong J Zhao XJ" -> "Liu SM, Zhong J, ...".

    Only when the words strictly alternate between a capitalised name and initials, so nothing else changes.
    """
    words = chunk.split()
    if "," in chunk or len(words) < 4 or len(words) % 2:
        return chunk
    pairs = list(zip(words[::2], words[1::2]))
    if all(re.fullmatch(r"[A-Z][a-z][\w'-]*", name) and _is_initial_word(initials) for name, initials in pairs):
        return ", ".join(f"{name} {initials}" for name, initials in pairs)
    return chunk


def _clean_part(part: str) -> str:
    """Trim a comma-separated piece, keeping the full stop of a final initial or suffix ("Jane A.", "Jr.")."""
    part = part.strip(" ,")
    words = part.split()
    if words and (_is_initial_word(words[-1]) or _SUFFIX.match(words[-1])):
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
    if (len(parts) >= 2 and _is_family_only(parts[0], parts[1]) and _is_given_names(parts[1])
            and _drop_suffix(parts[1])[1] is None and all(_is_full_name(p) for p in parts[2:])):
        # "Stortz, Martha Ellen" or Chicago's "Geller, Anne Ellen, Michele Eodice, ...": the first person is
        # inverted and keeps all given names; the rest are written given-name first
        return [_split_family(parts[0], parts[1])] + _names_from_parts(parts[2:])
    names: list[Name] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if len(part.split()) > 1 and _names_organisation(part) and not _is_initials(part.split()[-1]):
            names.append(Name(literal=part))  # "R. Diener, LCTPC Collaboration"
        elif _SUFFIX.match(part) and names and (names[-1].given or not _ROMAN.match(part)):
            names[-1] = _with_suffix(names[-1], part)
        elif nxt is not None and _suffix_in_family(part, nxt):  # "Stewart III, Charles"
            family, suffix = _drop_suffix(part)
            assert suffix is not None  # _suffix_in_family found it
            names.append(_with_suffix(_split_family(family, nxt), suffix))
            i += 1
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


def _suffix_in_family(part: str, following: str) -> bool:
    """"Stewart III, Charles": a suffix ends the family part. A numeral there counts only when no undotted
    initials follow, since "Ivanov IV, Petrov AA" is a Vancouver list."""
    family, suffix = _drop_suffix(part)
    if not suffix or not _is_family_only(family, following) or not _is_given_only(following):
        return False
    vancouver = any(_is_initial_word(w) and "." not in w for w in following.split())
    return not (_ROMAN.match(suffix) and vancouver)


def _is_full_name(part: str) -> bool:
    """Given name(s) then a family name ("Michele Eodice", "Elizabeth H. Boquet"): not initials alone."""
    words = part.split()
    return len(words) >= 2 and not _is_initial_word(words[-1]) and words[0][:1].isupper()


def _is_given_names(part: str) -> bool:
    """Capitalised given names, maybe with initials ("Martha Ellen", "Piotr Jan", "John A.")."""
    words = part.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and (w[1:2].islower() or _is_initial_word(w)) for w in words)


def _drop_suffix(part: str, whole_name: bool = False) -> tuple[str, str | None]:
    """``"J. III"`` -> ``("J.", "III")``; a part of one word is never a suffix on its own here, nor is a
    numeral the second of two words of a whole name ("Ivanov IV" is initials)."""
    words = part.split()
    if whole_name and len(words) == 2 and _ROMAN.match(words[-1]):
        return part, None
    if len(words) > 1 and _SUFFIX.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return part, None


@lru_cache(maxsize=8192)  # called for each part of a name several times; family names repeat across a batch
def _names_organisation(part: str) -> bool:
    """Whether one part of a name field holds a word of :data:`_ORGANISATION` ("Society", "WHO")."""
    return _ORGANISATION.search(part) is not None


@lru_cache(maxsize=8192)  # called for every word several times; names repeat across a batch
def _is_initial_word(word: str) -> bool:
    """One word of initials ("J.", "JA", "J.-P.", "Th."); four or more capitals without a full stop are an
    upper-case family name ("FRIARD", "WINSTEIN"), not initials."""
    if not _INITIALS.match(word):
        return False
    return "." in word or len(word.replace("-", "").replace("‐", "")) <= 3


def _is_initials(part: str) -> bool:
    words = part.split()
    return bool(words) and all(_is_initial_word(w) for w in words)


def _is_family_only(part: str, following: str) -> bool:
    """A family name, maybe with particles ("Smith", "van der Berg", "García Márquez"), and no initials.

    Two capitalised words are taken as one family name only when initials follow ("García Márquez, G."), since
    "John Smith, Jane" is as likely as "García Márquez, Gabriel".
    """
    words = part.split()
    if not words or any(_is_initial_word(w) for w in words) or _names_organisation(part):
        return False
    following = " ".join(w for w in following.split() if w.strip(".") not in NAME_PARTICLES)  # "A. de"
    core = [w for w in words if w not in NAME_PARTICLES]
    if len(core) == 2 and core[0].lower() in NAME_PARTICLES:  # "Di Michele", "De Raedt": one family name
        return True
    return len(core) == 1 or len(core) == 2 and _is_initials(_drop_suffix(following)[0])


def _is_given_only(part: str) -> bool:
    """Initials or given names with no family name after them ("J. A.", "John", "Jean-Paul")."""
    words = part.split()
    if not words or _SUFFIX.match(part):
        return False
    while len(words) > 1 and words[-1] in NAME_PARTICLES:  # "Mário de": Portuguese puts the particle last
        words = words[:-1]
    if all(_is_initial_word(w) for w in words):
        return True
    if len(words) == 2 and _is_initial_word(words[-1]):  # "John A."
        return True
    return len(words) == 1 and not _names_organisation(part)


def _split_family(family_part: str, given: str) -> Name:
    given_words = given.split()
    trailing: list[str] = []
    while len(given_words) > 1 and given_words[-1].strip(".") in NAME_PARTICLES:
        trailing.insert(0, given_words.pop().strip("."))
    if trailing:  # "Andrade, Mário de" -> particle "de"
        name = _split_family(family_part, " ".join(given_words))
        return Name(name.family, name.given, " ".join(p for p in (name.particle, *trailing) if p), name.suffix)
    words = family_part.split()
    particles = []
    for w in words[:-1]:
        if w not in NAME_PARTICLES:  # lower case only: "De Raedt, L." keeps "De" in the family name
            break
        particles.append(w)
    family_words = words[len(particles):]
    return Name(" ".join(family_words), format_given(given), " ".join(particles) or None)


def format_given(given: str) -> str:
    """Initials in one form ("JA", "J.A.", "J A" -> "J. A."; "J.-P." kept); given names as written."""
    words = given.split()
    if not words or not all(_is_initial_word(w) for w in words):
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
    trailing: list[str] = []
    while len(words) - len(trailing) > 1 and _looks_like_trailing_initials(words[len(words) - len(trailing) - 1], words):
        trailing.insert(0, words[len(words) - len(trailing) - 1])
    if trailing:  # "Smith JA", "den Hertog J", "SMITH J. A."
        return _split_family(" ".join(words[: len(words) - len(trailing)]), " ".join(trailing))
    split = len(words) - 1  # "J. A. Smith", "Jean van der Berg"
    while split > 1 and words[split - 1] in NAME_PARTICLES:
        split -= 1
    given = format_given(" ".join(words[:split]))
    particle = " ".join(words[split : len(words) - 1]) or None
    return Name(words[-1], given, particle)


def _looks_like_trailing_initials(word: str, words: list[str]) -> bool:
    if not _is_initial_word(word):
        return False
    # "JA" after "Smith" is initials; but "J. Smith": the first word being an initial means given-first order.
    return not _is_initial_word(words[0]) or words[0].isupper() and len(words[0].strip(".")) > 2


def _with_suffix(name: Name, suffix: str) -> Name:
    """Attach a generational suffix, written one way: "Jr." / "Sr." with a full stop, numerals as given."""
    suffix = suffix.strip(" ,")
    if suffix.lower().rstrip(".") in ("jr", "sr"):
        suffix = suffix[0].upper() + suffix[1].lower() + "."
    return Name(name.family, name.given, name.particle, suffix, name.literal)
