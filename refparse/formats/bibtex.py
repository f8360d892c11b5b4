"""BibTeX: one entry per reference, a stable citation key, LaTeX specials escaped.

The key is built from the record alone (first author's family name, year, first significant title word), so
the same reference always gets the same key; :func:`refparse.formats.unique_keys` separates repeats in a batch.
Values are written in braces. Text fields have every LaTeX special escaped (``& % $ # _ { } ~ ^ \\``).

By default the output is for BibTeX and pdflatex: every non-ASCII character that has a LaTeX spelling is written
as one (:func:`latex_text`): accented letters as ``{\\'e}``, ``{\\ss}``, ``{\\o}``; Greek letters and maths
symbols in maths mode, braced so styles do not change their case (``{$\\alpha$}``, ``{$-$}`` for U+2212,
``{$\\surd$}``, ``{$\\sim$}``); dashes, quotes and the like as text commands (``\\textendash{}``). Characters
with no such spelling (CJK, Hangul, Cyrillic...) stay UTF-8: pdflatex needs a package for them (CJKutf8,
T2A fonts), or use XeLaTeX/LuaLaTeX. With ``unicode=True`` (``refparse parse -f bibtex --unicode``) every
non-ASCII character stays UTF-8, for biber, XeLaTeX, LuaLaTeX and bibtexparser, which read it as is.

``url``, ``doi`` and ``eprint`` are verbatim fields in biblatex, so they are not escaped; a brace or backslash in
them is percent-encoded instead (and, in the default LaTeX output, a non-ASCII character too).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Name, Reference


#: CSL-style type -> BibTeX entry type.
ENTRY_TYPES = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "book": "book",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "misc",
    "preprint": "misc",
}

#: Which BibTeX field holds the container title and the publisher, by entry type.
_CONTAINER_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
_PUBLISHER_FIELD = {"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"}
_VERBATIM = frozenset({"url", "doi", "eprint"})
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIALS))
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=')(?=')|(?<=`)(?=`)|(?<=[?!])(?=`)")
_STOPWORDS = frozenset(
    "a an the of on in at to for and or from with by is are as its into about über der die das ein eine le la "
    "les un une des du de el los las il lo".split()
)


def escape(text: str) -> str:
    """``text`` with LaTeX specials escaped and TeX's ligatures ("--", "''", "``", "?`") broken up with ``{}``,
    so that it reads back exactly as written."""
    return _LIGATURE.sub("{}", _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group(0)], text))


def escape_verbatim(text: str) -> str:
    """A URL or DOI for a verbatim field: only what would break the braces is percent-encoded."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _ascii_verbatim(text: str) -> str:
    """A verbatim value with its non-ASCII characters percent-encoded as UTF-8 (an IRI written as its URI)."""
    return _NON_ASCII.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text)


#: Non-ASCII characters with a LaTeX spelling that pdflatex (T1 fonts, textcomp) sets; accented Latin letters
#: are composed from :data:`_ACCENTS` instead.
_TEX_CHARS = {
    # letters
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ø": r"{\o}", "Ø": r"{\O}",
    "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "ȷ": r"{\j}", "đ": r"{\dj}", "Đ": r"{\DJ}", "ð": r"{\dh}",
    "Ð": r"{\DH}", "þ": r"{\th}", "Þ": r"{\TH}", "ŋ": r"{\ng}", "Ŋ": r"{\NG}", "ĳ": r"{\ij}", "Ĳ": r"{\IJ}",
    "å": r"{\aa}", "Å": r"{\AA}",
    # punctuation and text symbols
    "\u00a0": "~", "–": r"\textendash{}", "—": r"\textemdash{}", "‐": "-", "‑": "-", "‒": r"\textendash{}",
    "‘": r"\textquoteleft{}", "’": r"\textquoteright{}", "‚": r"\quotesinglbase{}", "“": r"\textquotedblleft{}",
    "”": r"\textquotedblright{}", "„": r"\quotedblbase{}", "«": r"\guillemotleft{}", "»": r"\guillemotright{}",
    "‹": r"\guilsinglleft{}", "›": r"\guilsinglright{}", "…": r"\textellipsis{}", "°": r"\textdegree{}",
    "¢": r"\textcent{}", "£": r"\pounds{}", "¤": r"\textcurrency{}", "¥": r"\textyen{}", "€": r"\texteuro{}",
    "§": r"\S{}", "¶": r"\P{}", "©": r"\textcopyright{}", "®": r"\textregistered{}", "™": r"\texttrademark{}",
    "´": r"\textasciiacute{}", "ˆ": r"\textasciicircum{}", "˜": r"\textasciitilde{}", "¨": r"\textasciidieresis{}",
    "º": r"\textordmasculine{}", "ª": r"\textordfeminine{}", "¹": r"\textonesuperior{}",
    "²": r"\texttwosuperior{}", "³": r"\textthreesuperior{}", "·": r"\textperiodcentered{}", "•": r"\textbullet{}",
    "†": r"\dag{}", "‡": r"\ddag{}", "¡": r"\textexclamdown{}", "¿": r"\textquestiondown{}",
    "‰": r"\textperthousand{}", "¬": r"{$\neg$}", "¼": r"\textonequarter{}", "½": r"\textonehalf{}",
    "¾": r"\textthreequarters{}",
    # maths
    "−": "{$-$}", "±": r"{$\pm$}", "×": r"{$\times$}", "÷": r"{$\div$}", "√": r"{$\surd$}", "∼": r"{$\sim$}",
    "≤": r"{$\leq$}", "≥": r"{$\geq$}", "≠": r"{$\neq$}", "≈": r"{$\approx$}", "≃": r"{$\simeq$}",
    "≅": r"{$\cong$}", "≡": r"{$\equiv$}", "∞": r"{$\infty$}", "∝": r"{$\propto$}", "∂": r"{$\partial$}",
    "∇": r"{$\nabla$}", "∑": r"{$\sum$}", "∏": r"{$\prod$}", "∫": r"{$\int$}", "∈": r"{$\in$}",
    "∉": r"{$\notin$}", "⊂": r"{$\subset$}", "⊆": r"{$\subseteq$}", "∪": r"{$\cup$}", "∩": r"{$\cap$}",
    "∀": r"{$\forall$}", "∃": r"{$\exists$}", "∅": r"{$\emptyset$}", "∗": r"{$\ast$}", "⋅": r"{$\cdot$}",
    "∘": r"{$\circ$}", "⊗": r"{$\otimes$}", "⊕": r"{$\oplus$}", "→": r"{$\rightarrow$}", "←": r"{$\leftarrow$}",
    "↔": r"{$\leftrightarrow$}", "⇒": r"{$\Rightarrow$}", "⇔": r"{$\Leftrightarrow$}", "↑": r"{$\uparrow$}",
    "↓": r"{$\downarrow$}", "′": r"{$\prime$}", "″": r"{$\prime\prime$}", "ℓ": r"{$\ell$}", "ℏ": r"{$\hbar$}",
    "⟨": r"{$\langle$}", "⟩": r"{$\rangle$}", "∆": r"{$\Delta$}", "µ": r"{$\mu$}", "∕": "/", "⁄": "/",
    "∣": r"{$\mid$}", "∥": r"{$\parallel$}", "⊥": r"{$\perp$}", "≪": r"{$\ll$}", "≫": r"{$\gg$}",
}
_GREEK = ("alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau "
          "upsilon varphi chi psi omega").split()
for _offset, _name in enumerate(_GREEK):
    _TEX_CHARS[chr(0x3B1 + _offset)] = "o" if _name == "o" else "{$\\" + _name + "$}"
    _capital = _name[3:] if _name.startswith("var") else _name
    _capital = _capital[0].upper() + _capital[1:]
    if _name != "varsigma":  # U+03A2 is unassigned
        _TEX_CHARS[chr(0x391 + _offset)] = ("{$\\" + _capital + "$}" if _capital in
                                            ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon",
                                             "Phi", "Psi", "Omega") else
                                            "{$\\mathrm{" + "ABEZHIKMNOPTX"[
                                                "Alpha Beta Epsilon Zeta Eta Iota Kappa Mu Nu O Rho Tau Chi".split()
                                                .index(_capital)] + "}$}")
_TEX_CHARS.update({"ϑ": r"{$\vartheta$}", "ϕ": r"{$\phi$}", "ϵ": r"{$\epsilon$}", "ϖ": r"{$\varpi$}",
                   "ϱ": r"{$\varrho$}", "ϰ": r"{$\varkappa$}"})
#: Combining accent -> the LaTeX accent command that puts it on a letter.
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=", "\u0307": ".",
    "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u0327": "c", "\u0328": "k", "\u030a": "r", "\u0323": "d",
    "\u0331": "b", "\u0325": "textsubring", "\u0326": "textcommabelow",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: One character to write as LaTeX: a non-ASCII one, or an ASCII letter with the combining accents after it.
_TO_LATEX = re.compile(r"[A-Za-z][\u0300-\u036f]+|[^\x00-\x7f]")


def latex_char(ch: str) -> str:
    """One non-ASCII character (or a letter with combining accents) as LaTeX for pdflatex, or the character
    itself when it has no LaTeX spelling."""
    if ch in _TEX_CHARS:
        return _TEX_CHARS[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[:1], decomposed[1:]
    if base.isascii() and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        inner = {"i": r"\i", "j": r"\j"}.get(base, base) if marks[0] not in ("\u0327", "\u0328", "\u0323") else base
        for mark in marks:
            inner = "\\" + _ACCENTS[mark] + "{" + inner + "}"
        return "{" + inner + "}"
    folded = unicodedata.normalize("NFKC", ch)  # ligatures "ﬁ" -> "fi", full-width forms
    if folded != ch and folded.isascii():
        return escape(folded)
    return ch


def latex_text(text: str) -> str:
    """``text`` (LaTeX specials already escaped) with each non-ASCII character written by :func:`latex_char`."""
    return _TO_LATEX.sub(lambda m: latex_char(m.group(0)), text)


def _ascii_word(text: str) -> str:
    """Letters and digits only, accents folded: "Müller" -> "muller", "O'Brien" -> "obrien"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


_FOLDED_STOPWORDS = frozenset(_ascii_word(w) for w in _STOPWORDS)


def citation_key(ref: Reference) -> str:
    """A stable key: first person's family name + year + first significant title word, e.g. "smith2001random".

    Missing parts are left out ("nd" stands for a missing year); a reference with nothing usable is "ref".
    """
    people = ref.authors or ref.editors
    first = people[0] if people else None
    name = ""
    if first is not None:
        name = _ascii_word(first.family or "") or _ascii_word((first.literal or "").split()[0] if first.literal else "")
    year = str(ref.year) if ref.year else "nd"  # no "2001b": the title word already tells the two apart
    words = [_ascii_word(w) for w in re.findall(r"[^\W_]+", ref.title or ref.container_title or "")]
    word = next((w for w in words if w and w not in _FOLDED_STOPWORDS), "")
    if not name and not word:
        return "ref" if not ref.year else f"ref{year}"
    return f"{name}{year}{word}"


def entry_type(ref: Reference) -> str:
    """The BibTeX entry type for the record's type; "mastersthesis" when the genre says so."""
    kind = ENTRY_TYPES.get(ref.type or "", "misc")
    if kind == "phdthesis" and re.search(r"\bmaster|\bm\.?\s?(?:a|sc|s)\b|\bmsc\b", ref.genre or "", re.I):
        return "mastersthesis"
    return kind


def format_name(name: Name) -> str:
    """A BibTeX name, "von Last, Jr, First"; an organisation wrapped in braces so it stays one name."""
    if name.literal:
        return "{" + escape(name.literal) + "}"
    family = escape(name.family) if name.family else None
    if family and not name.particle and len(family.split()) > 1 and family[:1].islower():
        family = "{" + family + "}"  # else BibTeX reads the lower-case first word as a "von" part
    last = " ".join(p for p in (escape(name.particle) if name.particle else None, family) if p)
    last = _protect(last) if last else None
    given, suffix = (_protect(escape(p)) if p else None for p in (name.given, name.suffix))
    if suffix:  # "von Last, Jr, First" needs all three parts, even an empty First
        return ", ".join((last or "{}", suffix, given or "{}"))
    return ", ".join(p for p in (last or "{}", given) if p)


def _protect(part: str) -> str:
    """Brace a name part that BibTeX would misread: one holding the word "and" or a comma (separators), or a
    lower-case word after a capitalised one ("Van de Peer" is one family name, not von "Van de" + "Peer")."""
    if part == "{}" or part.startswith("{"):
        return part
    words = part.split()
    lower_inside = len(words) > 1 and words[0][:1].isupper() and any(w[:1].islower() for w in words[1:])
    return "{" + part + "}" if lower_inside or re.search(r"\band\b|,", part, re.IGNORECASE) else part


def bibtex_fields(ref: Reference) -> dict[str, str]:
    """The entry's fields in output order, as a BibTeX reader must give them back: text unescaped, verbatim
    fields (url, doi, eprint) with braces and backslashes percent-encoded."""
    kind = entry_type(ref)
    fields: dict[str, str] = {}
    for attribute, field in (("authors", "author"), ("editors", "editor"), ("translators", "translator")):
        names = getattr(ref, attribute)
        if names:
            people = [_plain_name(n) for n in names]
            if field == "author" and ref.et_al:
                people.append("others")  # BibTeX's own spelling of "et al."
            fields[field] = " and ".join(people)
    _put(fields, "title", ref.title)
    _put(fields, _CONTAINER_FIELD.get(kind, "howpublished" if kind == "misc" else "booktitle"),
         ref.container_title)
    _put(fields, "series", ref.collection_title)
    _put(fields, "year", str(ref.year) if ref.year else None)
    _put(fields, "month", str(ref.month) if ref.month else None)  # biblatex reads month numbers
    _put(fields, "volume", ref.volume)
    _put(fields, "number", ref.issue)
    _put(fields, "pages", re.sub(r"\s*[-–—‐‑]+\s*", "--", ref.pages) if ref.pages else None)
    _put(fields, _PUBLISHER_FIELD.get(kind, "publisher"), ref.publisher)
    _put(fields, "address", ref.location)
    _put(fields, "edition", ref.edition)
    _put(fields, "type", ref.genre if kind in ("phdthesis", "mastersthesis", "techreport") else None)
    _put(fields, "note", _note(ref, kind))
    _put(fields, "doi", escape_verbatim(ref.doi) if ref.doi else None)
    _put(fields, "url", escape_verbatim(ref.url) if ref.url else None)
    _put(fields, "urldate", ref.accessed)  # biblatex's field for the date a page was read
    _put(fields, "isbn", ref.isbn)
    _put(fields, "issn", ref.issn)
    if ref.arxiv:
        fields["eprint"] = escape_verbatim(ref.arxiv)
        fields["archiveprefix"] = "arXiv"
    _put(fields, "pmid", ref.pmid)
    _put(fields, "pmcid", ref.pmcid)
    return fields


def _note(ref: Reference, kind: str) -> str | None:
    parts = [ref.note]
    if ref.genre and kind not in ("phdthesis", "mastersthesis", "techreport"):
        parts.append(ref.genre)
    if ref.date_status and not ref.year:
        parts.append({"in-press": "in press", "no-date": "n.d."}.get(ref.date_status, ref.date_status))
    return "; ".join(p for p in parts if p) or None


def _plain_name(name: Name) -> str:
    if name.literal:
        return name.literal
    last = " ".join(p for p in (name.particle, name.family) if p)
    return ", ".join(p for p in (last, name.suffix, name.given) if p)


def _put(fields: dict[str, str], key: str, value: str | None) -> None:
    if value is not None and value.strip():
        fields[key] = value.strip()


def to_bibtex(ref: Reference, key: str | None = None, unicode: bool = False) -> str:
    """One BibTeX entry for ``ref``, ending in a newline; ``key`` defaults to :func:`citation_key`.

    Non-ASCII characters are written as LaTeX for BibTeX and pdflatex (:func:`latex_text`); ``unicode=True``
    keeps them as UTF-8, for biber, XeLaTeX and LuaLaTeX."""
    kind = entry_type(ref)
    lines = [f"@{kind}{{{key or citation_key(ref)},"]
    for field, value in bibtex_fields(ref).items():
        written = _written(ref, field, value)
        if not unicode:
            written = _ascii_verbatim(written) if field in _VERBATIM else latex_text(written)
        lines.append(f"  {field} = {{{written}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _written(ref: Reference, field: str, value: str) -> str:
    if field in _VERBATIM:
        return value  # percent-encoded already by bibtex_fields
    if field in ("author", "editor", "translator"):
        names = {"author": ref.authors, "editor": ref.editors, "translator": ref.translators}[field]
        people = [format_name(n) for n in names]
        if field == "author" and ref.et_al:
            people.append("others")
        return " and ".join(people)
    if field == "pages":  # the "--" between first and last page is meant as TeX's en dash
        return "--".join(escape(piece) for piece in value.split("--"))
    return escape(value)
