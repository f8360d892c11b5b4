"""Labelled reference strings from real metadata typeset by BibTeX styles (.bst) with pdflatex.

CSL-JSON records become a .bib file; a minimal document cites them all (``\\nocite{*}``) under one .bst, in one
or two columns; pdflatex, bibtex, pdflatex typeset it and pdftotext extracts the text, so the strings carry what
real PDFs carry: line-end hyphens ("Natu- ral"), ligatures, broken URLs, the style's own case changes and name
forms. The .bbl is edited between bibtex and the second pdflatex: a sentinel paragraph between entries tells
where each entry starts and ends in the extracted text, and the ``\\bibitem`` keys give their order.

The text is then labelled by locating each known field value of the record in it, on a skeleton (letters and
digits only, NFKC, casefolded) whose positions map back to the text. Nothing is guessed: a field that should be
there and is not, or that is printed in part, or a short number that occurs twice, drops the record with a
reason; a field the style leaves out altogether (DOI, URL, address, ...) is simply unlabelled.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...corpus import Example, harmonise, resolve_data_dir
from ..augment.styles import RenderStats, check_spans, widen_name_span

#: Debian TeX Live styles tried by :func:`available_styles` (those that render are kept; see REFUSED).
DEBIAN_STYLES: tuple[str, ...] = (
    "plainnat", "abbrvnat", "unsrtnat", "IEEEtran", "IEEEtranN", "acm", "apalike", "siam", "ieeetr", "alpha",
    "abbrv", "unsrt", "plain", "splncs04", "elsarticle-num", "elsarticle-harv", "vancouver", "aaai-named",
    "ACM-Reference-Format", "chicago", "apsrev4-2", "naturemag", "amsplain", "amsalpha", "spiebib", "agsm", "dcu",
    "kluwer", "plainurl", "unsrturl", "abbrvurl", "alphaurl", "IEEEtranS", "IEEEtranSA", "elsarticle-num-names",
    "jss2", "ecta", "cell", "pnas2009", "alphadin", "plaindin", "unsrtdin", "agu", "perception", "worlddev",
)
#: Styles that do not render a batch in this set-up, and why (checked by ``available_styles(verify=True)``).
REFUSED: dict[str, str] = {}

SENTINEL = "ZQZQ"
BATCH_SIZE = 40
TIMEOUT = 120  # seconds per TeX run
PROTECT_SHARE = 0.5  # share of records whose title is brace-protected against the style's case change

BIB_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "paper-conference": "inproceedings", "chapter": "incollection", "book": "book", "thesis": "phdthesis",
    "report": "techreport", "article": "misc", "webpage": "misc",
}
NAME_LABELS = ("author", "editor")
#: Fields a record must show in its rendering; anything else may be left out by a style.
REQUIRED = frozenset({"title", "author", "date"})
#: Short fields matched as whole tokens, unambiguously.
NUMERIC = frozenset({"volume", "issue", "pages", "edition"})

# Latin-1, Latin Extended-A/B (but the comma-below letters ș ț, which come out of the PDF as "s," "t,"), and the
# punctuation of ordinary text (dashes, quotes, ellipsis, daggers, ...).
_ALLOWED = re.compile("[\\x20-\\x7e\\u00a0-\\u0217\\u021c-\\u024f\\u2010-\\u2015\\u2018-\\u201f\\u2020-\\u2022"
                      "\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122]*")
_HTML_TAG = re.compile(r"</?[a-z][\w:-]*(?:\s[^<>]*)?/?>", re.IGNORECASE)  # <i>, <sup>, MathML
_DOTLESS_ACCENTED = re.compile("([ıȷ])(?=[\u0300-\u036f])")  # {\\=\\i} comes out as "ı" + macron
_URL_UNSAFE = re.compile(r"[\s%#{}\\^<>\"]")
_TEX_SPECIALS = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=", "\u0307": ".",
    "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u0327": "c", "\u0328": "k", "\u030a": "r", "\u0323": "d",
}
_LETTERS = {
    "ß": r"\ss", "æ": r"\ae", "Æ": r"\AE", "ø": r"\o", "Ø": r"\O", "œ": r"\oe", "Œ": r"\OE", "ł": r"\l",
    "Ł": r"\L", "ı": r"\i", "đ": r"\dj", "Đ": r"\DJ", "þ": r"\th", "Þ": r"\TH", "ð": r"\dh", "Ð": r"\DH",
}
_ARXIV = re.compile(r"^arXiv:(\S+)$", re.IGNORECASE)
_LABEL = re.compile(r"^\[([^\]\s][^\]]{0,79})\]\s")  # "[12]", "[Knu84]", "[Smith and Jones, 2001]"
_STYLE_GENRES = {
    "phdthesis": re.compile(r"Ph\.\s?D\.\s(?:thesis|dissertation)|PhD\s(?:thesis|dissertation)|Doctoral thesis",
                            re.IGNORECASE),
    "techreport": re.compile(r"Technical\s+report|Tech\.\s+rep(?:ort|\.)?|Research\s+report", re.IGNORECASE),
}
_DOI_URL = re.compile(r"https?\s?:\s?/\s?/\s?(?:dx\.\s?)?doi\.\s?org\s?/\s?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: What styles print of their own that a field value may equal ("[Online]" of IEEEtran beside a location
#: "Online"): kept out of reach of the search, and left unlabelled.
_STYLE_TEXT = re.compile(r"\[Online\]")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
_AND_OTHERS = re.compile(r"^,?\s*(?:and|&)\s+others\b")
_STOP = frozenset(
    "with from that this into their have been over under were what when which über pour dans edition editor editors "
    "press proceedings".split()
)


class Drop(ValueError):
    """A record that cannot be labelled faithfully; the message is the reason counted in the stats."""


@dataclass
class LatexStats(RenderStats):
    """Kept per style, dropped per reason, and the text of a few drops per reason for debugging."""

    samples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0

    def drop(self, reason: str, text: str = "", keep: int = 3) -> None:
        self.dropped[reason] += 1
        if text and len(self.samples[reason]) < keep:
            self.samples[reason].append(text)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = super().as_dict()
        out["samples"] = dict(sorted(self.samples.items()))
        out["seconds"] = round(self.seconds, 1)
        return out


@dataclass
class Person:
    """One name as the .bib gives it and as it is searched for: the family name (or organisation), the given."""

    family: str
    given: str = ""
    literal: bool = False


@dataclass
class BibEntry:
    """A record's .bib entry and the values the rendering should show, by label."""

    record_id: str
    bib_type: str
    fields: dict[str, str]  # BibTeX field -> TeX value
    values: dict[str, str]  # label -> plain value to locate
    people: dict[str, list[Person]]  # author / editor
    year: str
    month: int = 0  # 1-12, written as BibTeX's month macro (jan, feb, ...) so each style spells it its own way

    def bibtex(self, key: str) -> str:
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in self.fields.items())
        if self.month:
            body += f"  month = {MONTHS[self.month - 1][:3].lower()},\n"
        return f"@{self.bib_type}{{{key},\n{body}}}\n"


# --- characters and TeX ---------------------------------------------------------------------------------------


def plain(value: Any) -> str:
    """A record value as text: NFC, HTML tags removed, whitespace collapsed; "" for a placeholder ("??")."""
    text = _HTML_TAG.sub("", unicodedata.normalize("NFC", str(value)))
    return "" if "??" in text else " ".join(text.split())


def settable(text: str) -> bool:
    """Whether pdflatex (T1, utf8 inputenc) can set every character: a conservative Latin-script set."""
    return _ALLOWED.fullmatch(text) is not None


def tex_char(ch: str) -> str:
    """One character as BibTeX should see it: specials escaped, accented letters as ``{\\'E}`` so that styles
    can take initials and change case (raw UTF-8 bytes would be cut in half)."""
    if ch in _TEX_SPECIALS:
        return _TEX_SPECIALS[ch]
    if ord(ch) < 128:
        return ch
    if ch in _LETTERS:
        return "{" + _LETTERS[ch] + "}"
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in _ACCENTS:
        base = {"i": r"\i", "j": r"\j"}.get(decomposed[0], decomposed[0])
        accent = _ACCENTS[decomposed[1]]
        return "{\\" + accent + (" " if accent.isalpha() else "") + base + "}"
    return ch


def tex(text: str) -> str:
    return "".join(tex_char(ch) for ch in text)


# --- records to .bib ------------------------------------------------------------------------------------------


def people(record: dict[str, Any], variable: str) -> list[Person]:
    out = []
    for name in record.get(variable) or []:
        if name.get("literal"):
            out.append(Person(plain(name["literal"]), literal=True))
        elif name.get("family"):
            family = " ".join(plain(p) for p in (name.get("non-dropping-particle"), name["family"]) if p)
            out.append(Person(plain(family), plain(name.get("given") or "")))
    return out


def bib_name(person: Person, suffix: str = "") -> str:
    """"Family, Given" with a multi-word family (or an organisation) in braces, so BibTeX keeps it whole."""
    family = tex(person.family)
    if person.literal or " " in person.family:
        family = "{" + family + "}"
    if person.literal or not person.given:
        return family
    return f"{family}, {tex(suffix) + ', ' if suffix else ''}{tex(person.given)}"


def bib_entry(record: dict[str, Any], rng: random.Random) -> BibEntry:
    """The .bib entry of a CSL-JSON record; raises :class:`Drop` for what pdflatex cannot set."""
    csl_type = record.get("type", "")
    bib_type = BIB_TYPES.get(csl_type, "misc")
    parts = list(((record.get("issued") or {}).get("date-parts") or [[None]])[0]) + [None]
    year = str(parts[0] or "")
    title = plain(record.get("title", ""))
    if not re.fullmatch(r"\d{4}", year) or not title:
        raise Drop("no title or year")
    month = int(parts[1]) if str(parts[1] or "").isdigit() and 1 <= int(parts[1]) <= 12 else 0
    entry = BibEntry(str(record.get("id", "")), bib_type, {}, {}, {}, year, month)
    for label, variable in (("author", "author"), ("editor", "editor")):
        persons = people(record, variable)
        if persons:
            entry.people[label] = persons
            suffixes = [n.get("suffix", "") for n in record.get(variable) or [] if n.get("literal") or n.get("family")]
            entry.fields[label] = " and ".join(bib_name(p, plain(s or "")) for p, s in zip(persons, suffixes))
    protect = rng.random() < PROTECT_SHARE
    entry.fields["title"] = "{" + tex(title) + "}" if protect else tex(title)
    entry.values["title"] = title
    _add_container(entry, record, rng)
    _add_plain_fields(entry, record)
    entry.fields["year"] = year
    _add_links(entry, record)
    texts = [v for k, v in entry.values.items()] + [p.family + " " + p.given for ps in entry.people.values()
                                                     for p in ps]
    if not all(settable(t) for t in texts):
        raise Drop("characters pdflatex cannot set")
    return entry


def _add_container(entry: BibEntry, record: dict[str, Any], rng: random.Random) -> None:
    """journal / booktitle / howpublished; arXiv preprints as Google Scholar ("arXiv preprint arXiv:...") or
    DBLP ("CoRR", volume "abs/...") write them."""
    container = plain(record.get("container-title", ""))
    number = plain(record.get("number", ""))
    arxiv = _ARXIV.match(number)
    if arxiv and entry.bib_type in ("misc", "article") and not record.get("volume"):
        entry.bib_type = "article"
        if rng.random() < 0.5:
            entry.fields["journal"] = f"arXiv preprint {tex(number)}"
            entry.values["genre"], entry.values["identifier"] = "arXiv preprint", number
        else:
            entry.fields["journal"], entry.fields["volume"] = "CoRR", f"abs/{tex(arxiv.group(1))}"
            entry.values["container-title"], entry.values["volume"] = "CoRR", f"abs/{arxiv.group(1)}"
        return
    if not container:
        return
    name = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}.get(entry.bib_type)
    if name is None:
        name = "series" if entry.bib_type == "book" else "howpublished"
    entry.fields[name] = tex(container)
    entry.values["collection-title" if name == "series" else "container-title"] = container
    if number and entry.bib_type in ("techreport", "misc"):
        entry.fields["number"] = tex(number)
        entry.values["identifier"] = number


def _add_plain_fields(entry: BibEntry, record: dict[str, Any]) -> None:
    simple = {"volume": "volume", "edition": "edition", "publisher-place": "address"}
    labels = {"volume": "volume", "edition": "edition", "publisher-place": "location"}
    for variable, name in simple.items():
        value = plain(record.get(variable, ""))
        if value and name not in entry.fields:
            entry.fields[name], entry.values[labels[variable]] = tex(value), value
    issue = plain(record.get("issue", ""))
    if issue and entry.bib_type == "article":
        entry.fields["number"], entry.values["issue"] = tex(issue), issue
    page = plain(record.get("page", ""))
    if page:
        entry.fields["pages"] = tex(re.sub(r"\s*[–—-]+\s*", "--", page))
        entry.values["pages"] = page
    collection = plain(record.get("collection-title", ""))
    if collection and "series" not in entry.fields and entry.bib_type in ("book", "inproceedings", "incollection"):
        entry.fields["series"], entry.values["collection-title"] = tex(collection), collection
    publisher = plain(record.get("publisher", ""))
    if publisher:
        name = {"phdthesis": "school", "techreport": "institution"}.get(entry.bib_type, "publisher")
        entry.fields[name], entry.values["publisher"] = tex(publisher), publisher
    genre = plain(record.get("genre", ""))
    if genre and entry.bib_type in ("phdthesis", "techreport"):
        entry.fields["type"], entry.values["genre"] = tex(genre), genre
    if record.get("type") == "report" and record.get("number") and "number" not in entry.fields:
        number = plain(record["number"])
        entry.fields["number"], entry.values["identifier"] = tex(number), number


def _add_links(entry: BibEntry, record: dict[str, Any]) -> None:
    """DOI, URL and ISBN go in raw (styles print them with \\url, \\doi, \\href); one with characters that
    break inside a macro argument is left out of the entry, not dropped."""
    for variable, name in (("DOI", "doi"), ("URL", "url"), ("ISBN", "isbn")):
        value = str(record.get(variable) or "").strip()
        if value and not _URL_UNSAFE.search(value) and value.isascii():
            entry.fields[name], entry.values[name] = value, value


# --- typesetting ----------------------------------------------------------------------------------------------


def bst_path(bst: str) -> Path | None:
    """A style's file: the metadata/bst folder of the data dir first, then kpsewhich."""
    local = resolve_data_dir() / "metadata" / "bst" / f"{bst}.bst"
    if local.is_file():
        return local
    if shutil.which("kpsewhich") is None:
        return None
    found = subprocess.run(["kpsewhich", f"{bst}.bst"], check=False, capture_output=True, text=True).stdout.strip()
    return Path(found) if found else None


def uses_natbib(path: Path) -> bool:
    """natbib-compatible styles write ``\\natexlab`` into the .bbl; the others must not get natbib."""
    return "natexlab" in path.read_text(encoding="latin-1")


#: What a style needs beyond the base document, as its venue's class or template loads it: chicago's and
#: harvard's citation packages; natbib in numbers mode for ACM's style, as acmart loads it.
STYLE_PACKAGES: dict[str, tuple[str, ...]] = {
    "chicago": ("{chicago}",), "agsm": ("{harvard}",), "dcu": ("{harvard}",), "kluwer": ("{harvard}",),
}
#: After the packages: harvard prints URLs in italics, unbreakable; real templates break them as \\url does.
STYLE_PREAMBLE: dict[str, str] = {name: "\\renewcommand{\\harvardurl}[1]{\\textbf{URL:} \\url{#1}}"
                                  for name in ("agsm", "dcu", "kluwer")}
NATBIB_OPTIONS: dict[str, str] = {"ACM-Reference-Format": "[numbers]"}
FALLBACK_DOI = "\\providecommand{\\doi}[1]{\\url{#1}}\n"


def document(bst: str, columns: int, natbib: bool, preamble: str = "") -> str:
    options = "[twocolumn]" if columns == 2 else ""
    packages = ["[T1]{fontenc}", "[utf8]{inputenc}", "{lmodern}", "{textcomp}"]
    packages += [NATBIB_OPTIONS.get(bst, "") + "{natbib}"] if natbib else []
    packages += list(STYLE_PACKAGES.get(bst, ()))
    packages += ["{url}", "{hyperref}"]
    lines = [f"\\documentclass{options}{{article}}", *(f"\\usepackage{p}" for p in packages),
             STYLE_PREAMBLE.get(bst, ""), preamble, "\\pagestyle{empty}", f"\\renewcommand{{\\refname}}{{{SENTINEL}}}",
             "\\begin{document}", "\\nocite{*}", f"\\bibliographystyle{{{bst}}}", "\\bibliography{refs}",
             "\\end{document}"]
    return "\n".join(lines) + "\n"


def bibitems(bbl: str) -> list[tuple[int, str]]:
    """Where each ``\\bibitem[label]{key}`` (or harvard's ``\\harvarditem[short]{names}{year}{key}``) starts,
    and its key. Labels nest brackets and braces (ACM's ``\\bibitem[{Smith et~al\\mbox{.}(2001)}]%``), so they
    are skipped by counting, not by a pattern."""
    items = []
    for match in re.finditer(r"\\(bibitem|harvarditem)\b", bbl):
        i = _skip_space(bbl, match.end())
        if i < len(bbl) and bbl[i] == "[":
            i = _skip_space(bbl, _skip_group(bbl, i, "[", "]"))
        for _ in range(2 if match.group(1) == "harvarditem" else 0):
            i = _skip_space(bbl, _skip_group(bbl, i, "{", "}"))
        if i < len(bbl) and bbl[i] == "{":
            end = _skip_group(bbl, i, "{", "}")
            items.append((match.start(), bbl[i + 1 : end - 1].strip()))
    return items


def _skip_space(text: str, i: int) -> int:
    """Past spaces and TeX comments ("%" to the end of the line)."""
    while i < len(text) and (text[i].isspace() or text[i] == "%"):
        i = text.find("\n", i) + 1 or len(text) if text[i] == "%" else i + 1
    return i


def _skip_group(text: str, i: int, opener: str, closer: str) -> int:
    """The index after the group opened at ``text[i]``; braces inside a bracket group are balanced first."""
    depth, brace = 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if opener == "[" and ch in "{}":
            brace += 1 if ch == "{" else -1
        elif brace == 0 and ch == opener:
            depth += 1
        elif brace == 0 and ch == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def mark_bbl(bbl: str) -> tuple[str, list[str]]:
    """The .bbl with a sentinel paragraph before every ``\\bibitem`` but the first and before the list's end,
    and the keys in the order the style prints them. A fallback ``\\doi`` goes before the first item, after
    the style's own definitions (which differ: "doi: 10..." or a bare link after the style's own prefix)."""
    items = bibitems(bbl)
    if not items:
        raise Drop("no bibitem in .bbl")
    marker = f"\\par\\noindent {SENTINEL}\\par\n"
    out, last = [bbl[: items[0][0]], FALLBACK_DOI], items[0][0]
    for start, _ in items[1:]:
        out += [bbl[last:start], marker]
        last = start
    rest = bbl[last:]
    end = rest.rfind("\\end{thebibliography}")
    if end < 0:
        raise Drop("no thebibliography in .bbl")
    out += [rest[:end], marker, rest[end:]]
    return "".join(out), [key for _, key in items]


def _run(cmd: list[str], cwd: Path) -> None:
    try:
        result = subprocess.run(cmd, cwd=cwd, check=False, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Drop(f"{cmd[0]} timeout") from None
    if result.returncode != 0 and not (cmd[0] == "bibtex" and result.returncode == 1):
        raise Drop(f"{cmd[0]} error", _first_error(cwd / "doc.log"))


def _first_error(log: Path) -> str:
    """The first TeX error line of a log ("! Undefined control sequence."), for the drop samples."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    errors = [line for line in text.splitlines() if line.startswith("!")]
    return errors[0] if errors else ""


def typeset(bib: str, bst: Path, columns: int, folder: Path, preamble: str = "") -> tuple[list[str], list[str]]:
    """Run pdflatex, bibtex, (mark the .bbl), pdflatex in ``folder``; the keys in print order and the text of
    each entry as extracted (whitespace collapsed). ``preamble`` goes after the packages (the PDF article
    generator sets a page wide enough that no entry breaks a line, for its clean gold strings)."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / f"{bst.stem}.bst").write_bytes(bst.read_bytes())
    (folder / "doc.tex").write_text(document(bst.stem, columns, uses_natbib(bst), preamble), encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    _run(latex, folder)
    _run(["bibtex", "doc"], folder)
    bbl, keys = mark_bbl((folder / "doc.bbl").read_text(encoding="utf-8", errors="replace"))
    (folder / "doc.bbl").write_text(bbl, encoding="utf-8")
    _run(latex, folder)
    if bst.stem in NATBIB_OPTIONS:  # natbib's numbers reach the bibliography through the .aux of the run before
        _run(latex, folder)
    text = extract(folder / "doc.pdf", columns)
    parts = text.split(SENTINEL)
    if len(parts) != len(keys) + 2:
        raise Drop("entry split mismatch")
    texts = [" ".join(p.split()) for p in parts[1:-1]]
    if columns == 2:
        texts = _check_columns(texts, _pdftotext(folder / "doc.pdf", ["-raw"]))
    return keys, texts


def _check_columns(texts: list[str], raw: str) -> list[str]:
    """Blank the entries whose cropped-column text differs from the content-stream text (``-raw``) beyond
    spacing: a line sticking out of its column ends up in the other column's crop, in both entries' text."""
    streamed = raw.split(SENTINEL)[1:-1]
    if len(streamed) != len(texts):
        raise Drop("entry split mismatch")
    return [text if Skeleton.of(text).chars == Skeleton.of(other).chars else "" for text, other in zip(texts, streamed)]


def extract(pdf: Path, columns: int) -> str:
    """The PDF's text with ``-layout`` (lines in page order, line-end hyphens kept: the default mode joins
    hyphenated words and may move an indented line after the next paragraph); for two columns each page's
    columns are cropped and read in turn (uncropped, the columns' lines would be interleaved)."""
    if columns == 1:
        return _pdftotext(pdf, ["-layout"])
    info = subprocess.run(["pdfinfo", str(pdf)], check=False, capture_output=True, text=True, timeout=TIMEOUT).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    width, height = (float(v) for v in re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE).groups())
    half = int(width / 2)
    chunks = []
    for page in range(1, pages + 1):
        for x, w in ((0, half), (half, int(width) - half + 1)):
            crop = ["-layout", "-f", str(page), "-l", str(page), "-x", str(x), "-y", "0", "-W", str(w),
                    "-H", str(int(height) + 1)]
            chunks.append(_pdftotext(pdf, crop))
    return "\n".join(chunks)


def _pdftotext(pdf: Path, options: list[str]) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"]
    result = subprocess.run(cmd, check=False, capture_output=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise Drop("pdftotext error")
    text = result.stdout.decode("utf-8", errors="replace")
    return unicodedata.normalize("NFC", _DOTLESS_ACCENTED.sub(lambda m: "ij"["ıȷ".index(m.group(1))], text))


# --- locating the fields ---------------------------------------------------------------------------------------


@dataclass
class Skeleton:
    """The letters and digits of a text, NFKC-normalised and casefolded, with each one's offset in the text."""

    chars: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> Skeleton:
        chars, origin = [], []
        for i, ch in enumerate(text):
            for c in unicodedata.normalize("NFKC", ch).casefold():
                if c.isalnum():
                    chars.append(c)
                    origin.append(i)
        return cls("".join(chars), origin)


def skeleton_key(value: str) -> str:
    return Skeleton.of(value).chars


@dataclass
class Locator:
    """Finds field values in one entry's text, keeping the spans found so far apart."""

    text: str
    skeleton: Skeleton
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e, _ in self.spans)

    def bounded(self, start: int, end: int) -> bool:
        """Whether [start, end) begins and ends on word boundaries of the text."""
        before = start == 0 or not self.text[start - 1].isalnum()
        after = end == len(self.text) or not self.text[end].isalnum()
        return before and after

    def occurrences(self, value: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """Free, word-bounded text spans whose skeleton equals the value's, within [lo, hi)."""
        key = skeleton_key(value)
        hi = len(self.text) if hi is None else hi
        out, chars, origin = [], self.skeleton.chars, self.skeleton.origin
        i = chars.find(key) if key else -1
        while i >= 0:
            j = i + len(key) - 1
            whole = (i == 0 or origin[i - 1] != origin[i]) and (j + 1 == len(origin) or origin[j + 1] != origin[j])
            start, end = origin[i], origin[j] + 1
            if whole and lo <= start and end <= hi and self.bounded(start, end) and self.free(start, end):
                out.append((start, end))
            i = chars.find(key, i + 1)
        return out

    def numeric(self, value: str) -> list[tuple[int, int]]:
        """Free whole-token occurrences of a short value, its separators loosened (dashes for dashes)."""
        runs = re.findall(r"[^\W_]+|[\W_]+", value.casefold())
        parts = []
        for run in runs:
            if run[0].isalnum():
                parts.append(re.escape(run))
            else:
                parts.append(r"\s?[-‐–—]{1,2}\s?" if re.search(r"[-‐–—]", run) else r"[\W_]{1,3}")
        pattern = r"(?<![^\W_])" + "".join(parts) + r"(?![^\W_])"
        return [(m.start(), m.end()) for m in re.finditer(pattern, self.text, re.IGNORECASE) if self.free(*m.span())]

    def add(self, start: int, end: int, label: str) -> None:
        self.spans.append((start, end, label))
        self.spans.sort()

    def free_words(self) -> set[str]:
        """The casefolded words outside every span (for telling an omitted field from a half-printed one)."""
        chars = [ch if self.free(i, i + 1) else " " for i, ch in enumerate(self.text)]
        return set(skeleton_words("".join(chars)))


def skeleton_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())


def _telling_words(value: str, year: str) -> set[str]:
    return {w for w in skeleton_words(value) if (len(w) >= 4 and w not in _STOP and w != year)
            or (w.isdigit() and len(w) >= 2 and w != year)}


def locate_text_field(loc: Locator, label: str, value: str) -> bool:
    found = loc.occurrences(value)
    if label == "doi":
        return _locate_doi(loc, found)
    if len(found) > 1:
        raise Drop("ambiguous")
    if not found:
        return False
    loc.add(*_widen_to_value(loc.text, *found[0], value), label)
    return True


def _locate_doi(loc: Locator, found: list[tuple[int, int]]) -> bool:
    """A DOI behind a resolver ("https://doi.org/10...") is one link, labelled url as the corpora do; DIN
    styles print both the link and "DOI 10...", so one of each is fine, two of either ambiguous."""
    links, bare = [], []
    for start, end in found:
        resolver = _DOI_URL.search(loc.text, 0, start)
        (links if resolver and resolver.end() == start else bare).append((resolver.start() if resolver else start,
                                                                          end))
    if len(links) > 1 or len(bare) > 1:
        raise Drop("ambiguous")
    for span, label in ((links, "url"), (bare, "doi")):
        if span:
            loc.add(*span[0], label)
    return bool(found)


def _widen_to_value(text: str, start: int, end: int, value: str) -> tuple[int, int]:
    """Take in the value's own leading / trailing punctuation when the text has it too ("(BERT)", "Why?")."""
    head = re.match(r"^[^\w\s]+", value.strip())
    tail = re.search(r"[^\w\s]+$", value.strip())
    if head and text[max(0, start - len(head.group())) : start] == head.group():
        start -= len(head.group())
    if tail and text[end : end + len(tail.group())] == tail.group():
        end += len(tail.group())
    return start, end


def locate_people(loc: Locator, label: str, persons: Sequence[Person], max_gap: int = 60) -> bool:
    """Each family name in turn, each shortly after the one before; the list may stop early at "et al."
    (styles truncate long lists). The span runs from the first person (widened over a leading given name)
    to the last one printed (widened over a trailing given name, "et al.", "and others"). When the first
    family name occurs more than once ("Suzuki, ..., Suzuki"), the start whose chain reaches furthest wins;
    a tie is ambiguous."""
    chains = [_chain(loc, persons, start, end, max_gap) for start, end in loc.occurrences(persons[0].family)]
    if not chains:
        return False
    best = max(len(c[2]) for c in chains)
    chains = [c for c in chains if len(c[2]) == best]
    if len(chains) > 1:
        raise Drop("ambiguous")
    start, end, printed = chains[0]
    lower = max([0] + [e for s, e, _ in loc.spans if e <= start])
    upper = min([len(loc.text)] + [s for s, e, _ in loc.spans if s >= end])
    givens = [p.given for p in printed]
    start, end = _widen_names(loc.text, start, end, label, givens, lower, upper)
    if len(printed) < len(persons):
        others = _AND_OTHERS.match(loc.text[end:upper])
        if others:
            end += others.end()
        elif not re.search(r"al\.?$", loc.text[:end]):
            raise Drop(f"{label} not found")
    loc.add(start, end, label)
    return True


def _widen_names(text: str, start: int, end: int, label: str, givens: list[str], lower: int, upper: int):
    """:func:`widen_name_span` on the text with its line-end hyphens taken out ("Nico- letta Calzolari"),
    mapped back to the text's offsets."""
    keep = [i for i in range(len(text)) if not _line_break(text, i)]
    joined = "".join(text[i] for i in keep)
    at = {i: k for k, i in enumerate(keep)}
    bounds = [at[start], at[end - 1] + 1, at.get(lower, bisect_left(keep, lower)), bisect_left(keep, upper)]
    s2, e2, _ = widen_name_span(joined, (bounds[0], bounds[1], label), givens, bounds[2], bounds[3])
    return keep[s2], keep[e2 - 1] + 1


def _line_break(text: str, i: int) -> bool:
    """Whether ``text[i]`` is the hyphen or the space of a word broken at a line end ("Nico- letta")."""
    j = i if text[i] == "-" else i - 1
    return (text[i] in "- " and 0 < j and j + 2 < len(text) and text[j] == "-" and text[j + 1] == " "
            and text[j - 1].isalpha() and text[j + 2].isalpha())


def _chain(loc: Locator, persons: Sequence[Person], start: int, end: int, max_gap: int):
    """The persons printed in order from a first family name at [start, end), each within ``max_gap``."""
    printed = [persons[0]]
    for person in persons[1:]:
        nxt = loc.occurrences(person.family, end, min(len(loc.text), end + max_gap + len(person.family)))
        if not nxt or not loc.free(end, nxt[0][0]):
            break
        end = nxt[0][1]
        printed.append(person)
    return start, end, printed


def locate_year(loc: Locator, year: str) -> bool:
    """Every free occurrence of the year (ACM's style prints it after the authors and again after the issue)."""
    found = [m.span() for m in re.finditer(rf"(?<![\w]){year}[a-z]?(?![\w])", loc.text) if loc.free(*m.span())]
    for start, end in found:
        loc.add(start, end, "date")
    return bool(found)


def _month_pattern(month: int) -> str:
    """The month in full or abbreviated, in English or German ("June", "Jun.", "Sept.", "Juni", "Mai"),
    hyphenated at a line end or not."""

    def spelled(word: str) -> str:
        return "(?:-\\s)?".join(re.escape(ch) for ch in word)

    forms = set()
    for name in (MONTHS[month - 1], MONTHS_DE[month - 1]):
        forms |= {spelled(name), spelled(name[:3]) + r"\.?", spelled(name[:4]) + r"\."}
    return rf"(?<![^\W\d_])(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?![^\W\d_])"


def locate_month(loc: Locator, month: int) -> None:
    """The record's month: next to a date ("June 2016", "2016, June", "2016 Jun") it joins the date span;
    elsewhere ("(1997), November", DIN) it is a date span of its own; printed twice, it is ambiguous."""
    pattern = re.compile(_month_pattern(month), re.IGNORECASE)
    found = [m.span() for m in pattern.finditer(loc.text) if loc.free(*m.span())]
    if len(found) > 1:
        raise Drop("ambiguous")
    if not found:
        return
    start, end = found[0]
    for i, (s, e, label) in enumerate(list(loc.spans)):
        gap = loc.text[end:s] if end <= s else loc.text[e:start]
        if label == "date" and re.fullmatch(r",?\s", gap):
            loc.spans[i] = (min(s, start), max(e, end), label)
            return
    loc.add(start, end, "date")


def locate_label(loc: Locator) -> None:
    """A printed citation label ("[12]", "[Knu84]") is the reference's citation-number."""
    match = _LABEL.match(loc.text)
    if match:
        loc.add(match.start(1), match.end(1), "citation-number")


def label_entry(text: str, entry: BibEntry) -> list[tuple[int, int, str]]:
    """The spans of one entry's text; raises :class:`Drop` with the reason when a field cannot be placed."""
    loc = Locator(text, Skeleton.of(text))
    locate_label(loc)
    for match in _STYLE_TEXT.finditer(text):
        loc.add(match.start(), match.end(), "")
    jobs: list[tuple[int, str, Any]] = []
    for label, value in entry.values.items():
        if label not in NUMERIC:
            jobs.append((len(skeleton_key(value)), label, value))
    for label, persons in entry.people.items():
        jobs.append((sum(len(skeleton_key(p.family)) for p in persons), label, persons))
    missing = []
    for _, label, value in sorted(jobs, key=lambda job: -job[0]):
        found = (locate_people(loc, label, value) if label in NAME_LABELS
                 else locate_text_field(loc, label, value))
        if not found:
            missing.append(label)
    _locate_numbers(loc, entry, missing)
    if not locate_year(loc, entry.year):
        missing.append("date")
    elif entry.month:
        locate_month(loc, entry.month)
    _style_genre(loc, entry)
    _check_missing(loc, entry, missing)
    return [span for span in loc.spans if span[2]]


def _locate_numbers(loc: Locator, entry: BibEntry, missing: list[str]) -> None:
    """Volume, issue, pages, edition as whole tokens, each at one free place; an issue equal to its volume
    ("1(1)", "vol. 2, no. 2") takes the second of two close occurrences, as every style prints the volume first."""
    values = {label: entry.values[label] for label in ("volume", "issue", "pages", "edition") if label in entry.values}
    if values.get("volume") and values.get("volume") == values.get("issue"):
        found = loc.numeric(values.pop("volume"))
        values.pop("issue")
        if len(found) == 2 and found[1][0] - found[0][1] <= 12:
            loc.add(*found[0], "volume")
            loc.add(*found[1], "issue")
        elif found:
            raise Drop("ambiguous")
        else:
            missing += ["volume", "issue"]
    for label, value in sorted(values.items(), key=lambda item: -len(item[1])):  # "1–1" before an issue "1"
        found = loc.numeric(value)
        if not found and label == "pages" and _short_range(value):
            found = loc.numeric(_short_range(value))
        if len(found) > 1:
            raise Drop("ambiguous")
        if found:
            loc.add(*found[0], label)
        else:
            missing.append(label)


def _short_range(pages: str) -> str:
    """A page range as Vancouver styles shorten it ("833–845" -> "833–45"), or ""."""
    match = re.fullmatch(r"(\d+)\s*[-–—]+\s*(\d+)", pages)
    if not match or len(match.group(1)) != len(match.group(2)):
        return ""
    first, last = match.groups()
    common = len(next((p for p in (first[:k] for k in range(len(first) - 1, 0, -1)) if last.startswith(p)), ""))
    return f"{first}–{last[common:]}" if common else ""


def _style_genre(loc: Locator, entry: BibEntry) -> None:
    """The style's own "PhD thesis" / "Technical report" for a thesis or report without a genre value."""
    pattern = _STYLE_GENRES.get(entry.bib_type)
    if pattern is None or "genre" in entry.values:
        return
    for match in pattern.finditer(loc.text):
        if loc.free(*match.span()):
            loc.add(match.start(), match.end(), "genre")
            return


def _check_missing(loc: Locator, entry: BibEntry, missing: list[str]) -> None:
    """A required field not found, or an optional one printed in part, drops the record."""
    free = loc.free_words() if missing else set()
    for label in missing:
        if label in REQUIRED:
            raise Drop(f"{label} not found")
        if label in NAME_LABELS:
            words = set().union(*(_telling_words(p.family, entry.year) for p in entry.people[label]))
        else:
            words = _telling_words(entry.values[label], entry.year)
        if words & free:
            raise Drop(f"{label} half-printed")


# --- the public functions --------------------------------------------------------------------------------------


def bst_name(bst: str | Path) -> str:
    return Path(bst).stem


def bib_entries(records: Iterable[dict[str, Any]], rng: random.Random, stats: LatexStats,
                limit: int | None = None) -> list[BibEntry]:
    """The .bib entries of ``records``, at most ``limit`` of them; a record that cannot be set is counted in
    ``stats.dropped`` by reason."""
    entries: list[BibEntry] = []
    for record in records:
        if limit is not None and len(entries) >= limit:
            break
        try:
            entries.append(bib_entry(record, rng))
        except Drop as reason:
            stats.drop(str(reason))
    return entries


def render_latex(
    records: Iterable[dict[str, Any]],
    bst: str,
    columns: int = 1,
    seed: int = 0,
    workdir: str | Path | None = None,
    stats: LatexStats | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Example]:
    """Typeset ``records`` (CSL-JSON dicts) with one .bst in ``columns`` columns and label each entry's text;
    records that cannot be set or labelled are counted in ``stats.dropped`` by reason. Deterministic for a
    seed (which titles are brace-protected, how arXiv preprints are written)."""
    path = bst_path(bst)
    if path is None:
        raise FileNotFoundError(f"BibTeX style not found: {bst}.bst")
    stats = stats if stats is not None else LatexStats()
    rng = random.Random(f"{seed}/{bst_name(bst)}/{columns}")
    entries = bib_entries(records, rng, stats)
    out = []
    for i in range(0, len(entries), batch_size):
        out += _render_batch(entries[i : i + batch_size], path, columns, workdir, stats)
    return out


def _render_batch(entries: list[BibEntry], bst: Path, columns: int, workdir, stats: LatexStats) -> list[Example]:
    """One document; when TeX fails, the halves are tried apart so that one bad record costs only itself."""
    if not entries:
        return []
    bib = "\n".join(e.bibtex(f"r{i}") for i, e in enumerate(entries))
    try:
        with tempfile.TemporaryDirectory(dir=workdir, prefix="refparse-latex-") as folder:
            keys, texts = typeset(bib, bst, columns, Path(folder))
    except Drop as reason:
        if len(entries) == 1:
            stats.drop(str(reason.args[0]), f"{entries[0].record_id}: {' '.join(map(str, reason.args[1:]))}")
            return []
        half = len(entries) // 2
        return (_render_batch(entries[:half], bst, columns, workdir, stats)
                + _render_batch(entries[half:], bst, columns, workdir, stats))
    by_key = {f"r{i}": e for i, e in enumerate(entries)}
    out = []
    for key, text in zip(keys, texts):
        entry = by_key.get(key)
        if entry is None:
            stats.drop("unknown key in .bbl", text)
            continue
        if not text:
            stats.drop("line overflows its column", entry.record_id)  # see _check_columns
            continue
        example = _example(entry, text, bst.stem, columns, stats)
        if example is not None:
            out.append(example)
    for key in set(by_key) - set(keys):
        stats.drop("not in .bbl", by_key[key].record_id)
    return out


def _example(entry: BibEntry, text: str, style: str, columns: int, stats: LatexStats) -> Example | None:
    try:
        spans = label_entry(text, entry)
        example = harmonise(Example(f"latex/{style}/{columns}col/{entry.record_id}", f"latex-{style}", text,
                                    tuple(spans)))
        if {label for *_, label in spans} - {label for *_, label in example.spans}:
            raise Drop("span lost in harmonisation")  # a value inside a token: its text would be left unlabelled
        check_spans(example.text, example.spans)
    except (Drop, ValueError) as reason:
        stats.drop(str(reason), text)
        return None
    stats.kept[f"{style}/{columns}col"] += 1
    return example


#: A few records that every usable style must render (a journal article, a proceedings paper, a book).
PROBE_RECORDS: tuple[dict[str, Any], ...] = (
    {"id": "probe:1", "type": "article-journal", "title": "A study of probe records", "container-title":
     "Journal of Probes", "author": [{"family": "Smith", "given": "John"}, {"family": "Doe", "given": "Ann"}],
     "issued": {"date-parts": [[2001]]}, "volume": "12", "issue": "3", "page": "101–109"},
    {"id": "probe:2", "type": "paper-conference", "title": "Probing conference papers", "container-title":
     "Proceedings of the Probe Conference", "author": [{"family": "Brown", "given": "Carl"}],
     "issued": {"date-parts": [[2015]]}, "page": "1–10", "publisher": "Probe Press"},
    {"id": "probe:3", "type": "book", "title": "The book of probes", "author": [{"family": "Green", "given": "Eve"}],
     "issued": {"date-parts": [[1999]]}, "publisher": "Probe House", "publisher-place": "London"},
)


def metadata_styles() -> list[str]:
    folder = resolve_data_dir() / "metadata" / "bst"
    return sorted(p.stem for p in folder.glob("*.bst")) if folder.is_dir() else []


def available_styles(verify: bool = False, workdir: str | Path | None = None) -> list[str]:
    """The .bst styles found (Debian's through kpsewhich, then metadata/bst); with ``verify``, only those
    that typeset and label the probe records, the others recorded in :data:`REFUSED` with the reason."""
    if shutil.which("pdflatex") is None:
        return []
    found = [s for s in (*DEBIAN_STYLES, *metadata_styles()) if bst_path(s) is not None]
    if not verify:
        return found
    usable = []
    for style in found:
        stats = LatexStats()
        kept = render_latex(PROBE_RECORDS, style, workdir=workdir, stats=stats)
        if len(kept) == len(PROBE_RECORDS):
            usable.append(style)
        else:
            REFUSED[style] = ", ".join(f"{k} ({v})" for k, v in stats.dropped.items()) or "nothing kept"
    return usable



#: The styles of the machine-learning and NLP venues' templates (ACL, ICML, ICLR; NeurIPS leaves the choice to
#: natbib's), whose reference lists are a large part of what users parse: a share :data:`VENUE_SHARE` of the
#: records goes through them, the rest through every style alike.
VENUE_STYLES = frozenset({"acl_natbib", "icml2025", "iclr2026_conference", "plainnat", "abbrvnat", "unsrtnat"})
VENUE_SHARE = 0.3


def render_many(
    records: Sequence[dict[str, Any]], seed: int = 0, stats: LatexStats | None = None,
    styles: Sequence[str] | None = None, jobs: int = 2,
) -> list[Example]:
    """``records`` spread over every style that renders (``styles``, default :func:`available_styles` verified)
    in one and two columns, :data:`VENUE_SHARE` of them over the venue styles, each record typeset once,
    ``jobs`` TeX runs at a time; in the records' order."""
    from concurrent.futures import ThreadPoolExecutor

    styles = list(styles) if styles is not None else available_styles(verify=True)
    if not styles:
        raise RuntimeError("no BibTeX style renders here: install pdflatex, bibtex and pdftotext (Debian: "
                           "texlive-latex-base texlive-bibtex-extra texlive-publishers lmodern poppler-utils)")
    tasks = [(style, columns) for style in styles for columns in (1, 2)]
    venue_tasks = [task for task in tasks if task[0] in VENUE_STYLES] or tasks
    order = list(range(len(records)))
    random.Random(f"{seed}/latex").shuffle(order)
    cut = round(VENUE_SHARE * len(order))
    shares: dict[tuple[str, int], list[int]] = {task: order[cut:][i :: len(tasks)] for i, task in enumerate(tasks)}
    for i, task in enumerate(venue_tasks):
        shares[task] = shares[task] + order[:cut][i :: len(venue_tasks)]
    per_task = {task: LatexStats() for task in tasks}

    def run(task: tuple[str, int]) -> list[Example]:
        return render_latex([records[i] for i in shares[task]], task[0], columns=task[1], seed=seed,
                            stats=per_task[task])

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        rendered = dict(zip(tasks, pool.map(run, tasks)))
    stats = stats if stats is not None else LatexStats()
    for task in tasks:
        stats.kept.update(per_task[task].kept)
        stats.dropped.update(per_task[task].dropped)
    position = {record.get("id"): n for n, record in enumerate(records)}
    examples = [e for task in tasks for e in rendered[task]]
    return sorted(examples, key=lambda e: position.get(e.id.split("/", 3)[-1], 0))
