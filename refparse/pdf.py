"""From a PDF to its references: :func:`parse_pdf` and :func:`read_pdf`.

The steps, each a function below:

1. **Lines** with their layout (page, box, baseline, font size) from pypdfium2 (:mod:`refparse.pdf_extract`).
2. **Page furniture**: a line at the very top or bottom of its page that is a page number, or whose text (digits
   aside) recurs at the top or bottom of other pages, is a running head or footer and is dropped.
3. **Columns**: a page with lines on both sides of its middle (and none across it) has two columns; each band
   between lines that cross the middle is read left column first, then right.
4. **The reference section** starts at its heading (:data:`HEADING`, in several languages; the last one wins, a
   table of contents comes first) or, without a heading, at the longest numbered run "[1]", "[2]", ... and ends at
   the next heading (acknowledgements, an appendix, or any line set as large as a section heading).
5. **Splitting** by layout where the section shows it: consecutive numbers at line starts; else a hanging indent
   (a reference's first line stands out to the left of its continuation lines, or in to the right); else a
   vertical gap larger than the line pitch. A section without such a signal goes to the learned splitter
   (:mod:`refparse.splitter`) as plain text. Layout wins where it exists because it is exact where the splitter
   guesses from words (see reports/pdf.md for the figures behind that choice).
6. **Parsing** each reference with the shipped parser; each record keeps its pages (``pdf_pages``) and its lines
   as extracted (``pdf_text``).
"""

from __future__ import annotations

import re
import statistics
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .pdf_extract import Document, Line, Page, PdfError, read_document
from .types import Reference

__all__ = ["PdfError", "PdfResult", "PdfWarning", "parse_pdf", "read_pdf"]

_HEADING_WORDS = (
    r"references?|reference\s+list|references\s+and\s+notes|notes\s+and\s+references|bibliography|bibliographie|"
    r"bibliograf[ií]a|bibliografie|literatur|literaturverzeichnis|literatur\s+und\s+quellen|literature\s+cited|"
    r"cited\s+literature|literature|works\s+cited|refer[eê]ncias(?:\s+bibliogr[aá]ficas)?|"
    r"referencias(?:\s+bibliogr[aá]ficas)?|r[ée]f[ée]rences(?:\s+bibliographiques)?|"
    r"riferimenti(?:\s+bibliografici)?|literatuur(?:lijst)?|litteratur(?:liste)?|referenser|kirjallisuus|"
    r"literatura|pi[sś]miennictwo|список\s+литературы|литература|参考文献|參考文獻|참고문헌"
)
#: A reference heading: the words alone on their line, maybe numbered ("7", "7.", "VII.", "A").
HEADING = re.compile(rf"^(?:(?:\d{{1,2}}|[IVXL]{{1,5}}|[A-Z])\.?\s+)?(?:{_HEADING_WORDS})\s*:?$", re.IGNORECASE)
#: What usually follows a reference list.
END_HEADING = re.compile(
    r"^(?:(?:\d{1,2}|[IVXL]{1,5}|[A-Z])\.?\s+)?(?:acknowledge?ments?|acknowledge?ment|appendix|appendices|anhang|"
    r"ap[êe]ndices?|anexos?|annexes?|appendice|danksagung|remerciements|agradecimentos|agradecimientos|"
    r"ringraziamenti|supplementary(?:\s+\w+)?|supporting\s+information|author\s+contributions|funding|"
    r"conflicts?\s+of\s+interest|competing\s+interests|declaration\s+of\s+\w+(?:\s+\w+)?|about\s+the\s+authors?|"
    r"biograph(?:y|ies)|data\s+availability|index|glossary)\b.{0,50}$", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.(?=\s|$))")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|seite|p\.|pág\.?)\s*)?(?:\d{1,5}|[ivxlc]{1,7})(?:\s*(?:of|/|von|de)\s*\d{1,5})?$", re.IGNORECASE)
MARGIN_SHARE = 0.12  # running heads and footers sit in the top and bottom 12% of the page
INDENT_TOLERANCE = 1.5  # points: two lines start at the same place within this


class PdfWarning(UserWarning):
    """A PDF gave no references, or fewer than it might: no text layer, no reference section found, ..."""


@dataclass
class PdfResult:
    """What :func:`read_pdf` found in one PDF."""

    path: str
    references: list[Reference] = field(default_factory=list)
    pages: int = 0  # in the file
    pages_read: int = 0
    section: str = ""  # how it was found: "heading: References", "numbered list", "labelled list", "whole text"
    splitting: str = ""  # "numbers", "indent", "gaps", "splitter"
    section_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- page furniture and reading order --------------------------------------------------------------------------


def furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def edge_lines(page: Page) -> list[Line]:
    """The lines on the page's first and last baselines, when those sit in the top or bottom margin share."""
    if not page.lines:
        return []
    first = min(line.baseline for line in page.lines)
    last = max(line.baseline for line in page.lines)
    out = []
    for line in page.lines:
        top_edge = abs(line.baseline - first) < 2 and line.bottom < MARGIN_SHARE * page.height
        bottom_edge = abs(line.baseline - last) < 2 and line.top > (1 - MARGIN_SHARE) * page.height
        if top_edge or bottom_edge:
            out.append(line)
    return out


def mark_furniture(pages: Sequence[Page]) -> None:
    """Page numbers, and edge lines whose text (digits aside) recurs on the edges of other pages."""
    edges = {page.number: edge_lines(page) for page in pages}
    recurring = Counter(key for lines in edges.values() for key in {furniture_key(line.text) for line in lines})
    enough = max(2, round(0.3 * len(pages)))
    for lines in edges.values():
        for line in lines:
            text = line.text.strip()
            line.furniture = bool(_PAGE_NUMBER.match(text)) or recurring[furniture_key(text)] >= enough


def two_columns(page: Page, body: Sequence[Line]) -> bool:
    """Whether lines stand side by side, one left of the middle and one right of it at the same height (twice
    at least: an equation number beside a centred equation is one line across the middle, not a left line)."""
    middle, slack = page.width / 2, 0.01 * page.width
    left = [line for line in body if line.x1 <= middle + slack]
    right = [line for line in body if line.x0 >= middle - slack]
    beside = sum(any(r.top < line.bottom and line.top < r.bottom for line in left) for r in right)
    return beside >= 2


def assign_columns(page: Page, body: list[Line]) -> None:
    """Left (1), right (2) or across (0). A left line that sticks out past the middle by less than a tenth of
    the page, or that shares its height with a right-column line (an overfull line, a long URL, printed over
    the other column), is still a left line: only a line alone at its height reaching well into the right
    column is across, and cuts the page into bands."""
    if not two_columns(page, body):
        return
    middle, slack = page.width / 2, 0.01 * page.width
    right = [line for line in body if line.x0 >= middle - slack]
    for line in right:
        line.column = 2
    for line in body:
        if line.x0 < middle - slack:
            overlaps = any(r.top < line.bottom and line.top < r.bottom for r in right)  # printed over: overfull
            line.column = 1 if line.x1 <= middle + 0.1 * page.width or overlaps else 0


def merge_pieces(lines: list[Line]) -> list[Line]:
    """Join the pieces of one line that a stretched space cut apart (same baseline, same column)."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda li: (li.column, round(li.baseline), li.x0)):
        prev = out[-1] if out else None
        if prev is not None and prev.column == line.column and abs(prev.baseline - line.baseline) < 1.0:
            prev.text, prev.x1 = f"{prev.text} {line.text}", max(prev.x1, line.x1)
            prev.top, prev.bottom = min(prev.top, line.top), max(prev.bottom, line.bottom)
            continue
        out.append(line)
    return out


def reading_order(page: Page) -> list[Line]:
    """The page's body lines in reading order: top to bottom; on a two-column page, in each band between
    lines across the columns, the left column and then the right."""
    body = [line for line in page.lines if not line.furniture]
    assign_columns(page, body)
    body = sorted(merge_pieces(body), key=lambda li: (li.top, li.x0))
    out: list[Line] = []
    band: list[Line] = []
    for line in body:
        if line.column == 0:
            out += sorted(band, key=lambda li: (li.column, li.top))
            band = []
            out.append(line)
        else:
            band.append(line)
    return out + sorted(band, key=lambda li: (li.column, li.top))


def column_margins(lines: Sequence[Line]) -> dict[tuple[int, int], float]:
    """The left edge of each (page, column): where its lines start at the least."""
    margins: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        margins[key] = min(margins.get(key, line.x0), line.x0)
    return margins


# --- the reference section -------------------------------------------------------------------------------------


def is_heading(line: Line) -> bool:
    text = " ".join(line.text.split())
    return len(text) <= 60 and (HEADING.match(text) is not None or HEADING.match(text.replace(" ", "")) is not None)


def find_heading(lines: Sequence[Line]) -> int | None:
    """The index of the last reference heading that has lines after it."""
    found = [i for i, line in enumerate(lines[:-1]) if is_heading(line)]
    return found[-1] if found else None


def numbered_run(lines: Sequence[Line], start: int) -> int:
    """How many consecutive numbers (1, 2, 3, ...) start lines from ``lines[start]`` on."""
    expected, count = 1, 0
    for line in lines[start:]:
        number = label_number(line.text)
        if number == expected:
            count, expected = count + 1, expected + 1
    return count


def label_number(text: str) -> int | None:
    match = _NUMBER_LABEL.match(text)
    return int(next(g for g in match.groups() if g)) if match else None


def find_numbered_list(lines: Sequence[Line]) -> tuple[int | None, int]:
    """Without a heading: where the longest run of numbered lines from 1 starts (later runs win ties, so a
    numbered list in the body loses to the reference list after it), and its length; at least three."""
    best, best_count = None, 2
    for i, line in enumerate(lines):
        if label_number(line.text) == 1:
            count = numbered_run(lines, i)
            if count >= best_count:
                best, best_count = i, count
    return best, best_count


_BRACKET_LABEL = re.compile(r"^\s*\[[^\]\s][^\]]{0,24}\]\s+\S")  # "[Knu84] Donald", not "[Knu84]. We"


def find_labelled_list(lines: Sequence[Line]) -> tuple[int | None, int]:
    """Without a heading or numbers: the start of the longest run of lines that begin with a bracketed label
    ("[Knu84] ...", alpha styles), labels at most a dozen lines apart; at least three."""
    labelled = [i for i, line in enumerate(lines) if _BRACKET_LABEL.match(line.text)]
    best, best_count, run_start, count = None, 2, None, 0
    for k, i in enumerate(labelled):
        if k == 0 or i - labelled[k - 1] > 12:
            run_start, count = i, 0
        count += 1
        if count >= best_count:
            best, best_count = run_start, count
    return best, best_count


def find_end(lines: Sequence[Line], start: int, heading_size: float | None) -> int:
    """The index after the section's last line: the next heading of what follows a reference list, or a short
    line set as large as the reference heading (or larger than the list's own text)."""
    sizes = [line.size for line in lines[start : start + 40]]
    body_size = statistics.median(sizes) if sizes else 10.0
    threshold = max(heading_size * 0.95 if heading_size else 0.0, body_size * 1.15)
    for i in range(start, len(lines)):
        text = " ".join(lines[i].text.split())
        short = len(text) <= 80 and len(text.split()) <= 10
        if short and (END_HEADING.match(text) or lines[i].size >= threshold):
            return i
    return len(lines)


@dataclass
class Section:
    lines: list[Line]
    how: str
    heading_size: float | None = None


def find_section(lines: Sequence[Line]) -> Section:
    heading = find_heading(lines)
    if heading is not None:
        size = lines[heading].size
        end = find_end(lines, heading + 1, size)
        return Section(list(lines[heading + 1 : end]), f"heading: {' '.join(lines[heading].text.split())}", size)
    # The longer list wins: a numbered list in the body against a list labelled "[Knu84]" after it.
    (numbered, n_numbered), (labelled, n_labelled) = find_numbered_list(lines), find_labelled_list(lines)
    start, how = (labelled, "labelled list") if labelled is not None and n_labelled > n_numbered else \
        (numbered, "numbered list")
    if start is not None:
        return Section(list(lines[start : find_end(lines, start, None)]), how)
    return Section(list(lines), "whole text")


# --- splitting by layout ---------------------------------------------------------------------------------------


def number_starts(lines: Sequence[Line]) -> list[bool] | None:
    """A line starts a reference when it begins with the next number of the list."""
    if label_number(lines[0].text) is None:
        return None
    expected = label_number(lines[0].text)
    starts = []
    for line in lines:
        is_next = label_number(line.text) == expected
        starts.append(is_next)
        expected += is_next
    return starts if sum(starts) >= 3 else None


def indent_starts(lines: Sequence[Line], margins: dict[tuple[int, int], float]) -> list[bool] | None:
    """Hanging indents: a reference's first line starts left of its continuation lines (or, for a first-line
    indent, right of them); the levels are measured from each column's left edge."""
    offsets = [line.x0 - margins[(line.page, line.column)] for line in lines]
    common = max(2, round(0.1 * len(lines)))

    def count_near(value: float) -> int:
        return sum(abs(o - value) <= INDENT_TOLERANCE for o in offsets)

    levels = sorted({round(o, 0) for o in offsets if count_near(o) >= common})
    if len(levels) < 2:
        return None
    deepest = levels[-1]
    if offsets[0] >= deepest - INDENT_TOLERANCE:  # the first line is indented: first-line indents
        starts = [o >= deepest - INDENT_TOLERANCE for o in offsets]
    else:
        starts = [o < deepest - INDENT_TOLERANCE for o in offsets]
    if sum(starts) < 2 or sum(starts) == len(starts):
        return None
    return starts


def gap_starts(lines: Sequence[Line]) -> list[bool] | None:
    """A vertical gap wider than the usual line pitch (within a column) starts a reference."""
    pitches = [b.baseline - a.baseline for a, b in zip(lines, lines[1:])
               if a.page == b.page and a.column == b.column and b.baseline > a.baseline]
    if len(pitches) < 3:
        return None
    pitch = statistics.median(pitches)
    starts = [True]
    for a, b in zip(lines, lines[1:]):
        same_column = a.page == b.page and a.column == b.column and b.baseline > a.baseline
        starts.append(same_column and b.baseline - a.baseline > 1.3 * pitch)
    return starts if 2 <= sum(starts) < len(starts) else None


def layout_starts(lines: Sequence[Line], margins) -> tuple[list[bool] | None, str]:
    for name, starts in (("numbers", number_starts(lines)), ("indent", indent_starts(lines, margins)),
                         ("gaps", gap_starts(lines))):
        if starts is not None:
            return starts, name
    return None, "splitter"


@dataclass
class Chunk:
    """One reference's lines as extracted."""

    lines: list[Line]

    @property
    def raw(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def pages(self) -> list[int]:
        return sorted({line.page for line in self.lines})


def layout_chunks(lines: Sequence[Line], starts: Sequence[bool]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for line, start in zip(lines, starts):
        if start or not chunks:
            chunks.append(Chunk([]))
        chunks[-1].lines.append(line)
    return chunks


def splitter_chunks(lines: Sequence[Line], splitter=None) -> list[tuple[str, Chunk]]:
    """The learned splitter on the section's plain text; each reference mapped back to the lines it spans."""
    from bisect import bisect_right

    from .splitter import default_splitter

    text = "\n".join(line.text for line in lines)
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line.text) + 1
    out = []
    for ref in (splitter or default_splitter()).split_offsets(text):
        first, last = bisect_right(offsets, ref.start) - 1, bisect_right(offsets, max(ref.start, ref.end - 1)) - 1
        out.append((ref.text, Chunk(list(lines[first : last + 1]))))
    return out


# --- the whole file --------------------------------------------------------------------------------------------


def document_lines(document: Document) -> list[Line]:
    mark_furniture(document.pages)
    return [line for page in document.pages for line in reading_order(page)]


def reference_texts(section: Section, margins: dict[tuple[int, int], float], split: str = "auto"
                    ) -> tuple[list[tuple[str, Chunk]], str]:
    """(joined text, lines) of every reference in the section, and the splitting used. ``margins``: each
    column's left edge, from all of its lines (body text included), so indents are measured alike everywhere."""
    from .splitter import join_lines

    lines = section.lines
    if not lines:
        return [], ""
    starts, how = layout_starts(lines, margins) if split in ("auto", "layout") else (None, "splitter")
    if starts is None or split == "splitter":
        return splitter_chunks(lines), "splitter"
    return [(join_lines(chunk.raw), chunk) for chunk in layout_chunks(lines, starts)], how


def read_pdf(source: str | Path | bytes, max_pages: int = 300, timeout: float = 60.0, password: str | None = None,
             split: str = "auto", parse: bool = True) -> PdfResult:
    """Find and parse the references of one PDF (a path or the file's bytes).

    Raises :class:`PdfError` for a file that cannot be read (not a PDF, encrypted without ``password``, corrupt,
    over ``timeout`` seconds); a PDF without a text layer or without references gives no references and a
    warning in ``PdfResult.warnings``. ``split``: "auto" (layout, else the learned splitter), "layout" (the same),
    "splitter" (the learned splitter alone); ``parse=False`` leaves each record's fields empty (text and pages
    only).
    """
    started = time.monotonic()
    name = str(source) if isinstance(source, (str, Path)) else "<bytes>"
    data = str(source) if isinstance(source, Path) else source
    document = read_document(data, max_pages=max_pages, timeout=timeout, password=password)
    result = PdfResult(name, pages=document.page_count, pages_read=len(document.pages))
    if document.page_count > len(document.pages):
        result.warnings.append(f"{document.page_count} pages: only the last {len(document.pages)} were read "
                               "(raise --max-pages to read more)")
    if document.chars == 0:
        result.warnings.append("no text layer (a scanned PDF?): run OCR on it first, e.g. ocrmypdf")
        result.seconds = time.monotonic() - started
        return result
    lines = document_lines(document)
    section = find_section(lines)
    result.section = section.how
    if section.how == "whole text":
        result.warnings.append("no reference heading and no numbered list found: the whole text was split, so some "
                               "references may be body text")
    found, result.splitting = reference_texts(section, column_margins(lines), split)
    result.section_pages = sorted({line.page for line in section.lines})
    result.references = [_record(text, chunk, parse, deadline=started + timeout) for text, chunk in found]
    if not result.references:
        result.warnings.append("no references found")
    result.seconds = time.monotonic() - started
    return result


def _record(text: str, chunk: Chunk, parse: bool, deadline: float) -> Reference:
    from .parser import default_parser

    if time.monotonic() > deadline:
        raise PdfError("over the time bound while parsing its references (raise it with --timeout)")
    ref = default_parser().parse(text) if parse and text.strip() else Reference(text)
    ref.pdf_pages, ref.pdf_text = chunk.pages, chunk.raw
    return ref


def parse_pdf(path_or_bytes: str | Path | bytes, max_pages: int = 300, timeout: float = 60.0,
              password: str | None = None) -> list[Reference]:
    """The references of a PDF, parsed: one :class:`Reference` per reference found, in order, each with
    ``pdf_pages`` (the pages it is printed on) and ``pdf_text`` (its lines as extracted).

    Raises :class:`PdfError` (a :class:`~refparse.errors.RefparseError`) for a file that cannot be read;
    warns with :class:`PdfWarning` when a readable PDF gives no references or may give wrong ones (no text
    layer, no reference section found). Needs pypdfium2 (``pip install 'refparse-crf[pdf]'``).
    """
    result = read_pdf(path_or_bytes, max_pages=max_pages, timeout=timeout, password=password)
    for message in result.warnings:
        warnings.warn(f"{result.path}: {message}", PdfWarning, stacklevel=2)
    return result.references

