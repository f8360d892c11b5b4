"""The text lines of a PDF with their layout, read with pypdfium2 (PDFium; Apache-2.0 / BSD-3-Clause).

Every line keeps its page, its box, its baseline and its font size: the signals a reference list carries that plain
text loses (a hanging indent or an outdented label starts a reference; running heads sit in the margins; a heading
is set larger). Lines are built from PDFium's characters by geometry, not from its generated line breaks, because
PDFium drops the break after a line-end hyphen ("ex\\x02periments") and joins a running head's left and right
parts. pypdfium2 is imported inside the functions, so ``import refparse`` does not load it.

Bad files raise :class:`PdfError` with one line that says what is wrong (not a PDF, encrypted, corrupt, too slow);
the caller decides what to do with it.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field

from .errors import RefparseError

#: Ligature code points that PDF fonts map single glyphs to; pdftotext expands them as well.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
#: PDFium reports a hyphen that ends a line as U+0002.
_PDFIUM_HYPHEN = "\x02"
_DOTLESS_ACCENTED = re.compile("([ıȷ])(?=[\u0300-\u036f])")  # TeX's {\'\i} comes out as "ı" + the accent
PDF_MAGIC = b"%PDF-"


class PdfError(RefparseError):
    """A PDF that cannot be read: not a PDF, encrypted, corrupt, or over the time bound."""


@dataclass
class Line:
    """One line of text on a page; coordinates in points from the page's top-left corner."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # the font size most of its characters have
    column: int = 0  # 0: the page's only column or a line across columns; 1 left, 2 right (see pdf.py)
    furniture: bool = False


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    pages: list[Page]
    page_count: int  # in the file (``pages`` may be fewer: a page bound)
    chars: int = 0

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


def open_pdf(source: str | bytes | bytearray, password: str | None = None):
    """A ``pypdfium2.PdfDocument``; :class:`PdfError` with the reason when the file is not a readable PDF."""
    import pypdfium2 as pdfium

    head = bytes(source[:1024]) if isinstance(source, (bytes, bytearray)) else _file_head(source)
    if PDF_MAGIC not in head:
        raise PdfError("not a PDF (no %PDF- header in its first 1024 bytes)")
    try:
        return pdfium.PdfDocument(bytes(source) if isinstance(source, bytearray) else source, password=password)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfError("encrypted: the PDF needs a password (give it with --password)") from None
        raise PdfError(f"corrupt or unsupported PDF ({exc})") from None


def _file_head(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(1024)


def read_document(source: str | bytes | bytearray, max_pages: int = 300, timeout: float = 60.0,
                  password: str | None = None) -> Document:
    """The lines of every page; with more than ``max_pages`` pages only the last ``max_pages`` are read (a
    paper's references are at its end). Past ``timeout`` seconds, :class:`PdfError`."""
    deadline = time.monotonic() + timeout
    pdf = open_pdf(source, password)
    try:
        count = len(pdf)
        first = max(0, count - max_pages)
        pages, chars = [], 0
        for index in range(first, count):
            if time.monotonic() > deadline:
                raise PdfError(f"over the time bound of {timeout:g} s after {index - first} of {count - first} "
                               "pages (raise it with --timeout)")
            page, n = read_page(pdf, index)
            pages.append(page)
            chars += n
        return Document(pages, count, chars)
    finally:
        pdf.close()


def read_page(pdf, index: int) -> tuple[Page, int]:
    """One page's lines and its character count."""
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise PdfError(f"page {index + 1} cannot be read ({exc})") from None
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = page_chars(textpage, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, width, height, build_lines(chars, index + 1, width)), len(chars)


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float


def page_chars(textpage, height: float) -> list[Char]:
    """The page's printed characters in content order (PDFium's generated spaces and breaks left out: the gaps
    between boxes say where words end)."""
    import ctypes

    import pypdfium2.raw as raw

    handle = textpage.raw
    box = raw.FS_RECTF()  # the loose box: the glyph's advance and the font's ascent/descent, so the gaps between
    x, y = ctypes.c_double(), ctypes.c_double()  # boxes are the spaces (tight boxes open gaps inside "11", URLs)
    out = []
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        if raw.FPDFText_IsGenerated(handle, i) or code in (0x20, 0x0D, 0x0A, 0xA0, 0x09):
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(box)):
            continue
        raw.FPDFText_GetCharOrigin(handle, i, x, y)
        text = "-" if code == 2 else chr(code) if code < 0x110000 else "\ufffd"
        size = raw.FPDFText_GetFontSize(handle, i)
        out.append(Char(text, box.left, box.right, height - box.top, height - box.bottom, height - y.value, size))
    return out


def build_lines(chars: list[Char], page: int, width: float) -> list[Line]:
    """Characters into lines: a new line where the baseline moves or the text goes back to the left; a line is
    also cut at a wide gap (the space between two columns, or between a running head's two parts). Pieces of one
    line cut at a gap that is only a stretched space are joined again once the page's columns are known."""
    lines: list[Line] = []
    run: list[Char] = []
    for ch in chars:
        if run and _breaks(run[-1], ch, width):
            lines.append(make_line(run, page))
            run = []
        run.append(ch)
    if run:
        lines.append(make_line(run, page))
    return [line for line in lines if line.text.strip()]


def _breaks(prev: Char, ch: Char, width: float) -> bool:
    size = max(prev.size, ch.size, 1.0)
    if abs(ch.baseline - prev.baseline) > 0.6 * size and not _super_or_subscript(prev, ch):
        return True
    gap = ch.x0 - prev.x1
    if gap < -2 * size:
        return True
    crosses_middle = prev.x1 < width / 2 < ch.x0
    return gap > 3 * size or (crosses_middle and gap > 0.8 * size)


def _super_or_subscript(prev: Char, ch: Char) -> bool:
    """A smaller character raised or lowered within the line's height (a footnote mark, an index)."""
    small = min(prev.size, ch.size) < 0.85 * max(prev.size, ch.size)
    return small and ch.x0 >= prev.x1 - 0.5 and ch.top < prev.bottom and ch.bottom > prev.top


def make_line(run: list[Char], page: int) -> Line:
    parts = [run[0].text]
    for prev, ch in zip(run, run[1:]):
        if ch.x0 - prev.x1 > 0.12 * max(min(prev.size, ch.size), 1.0):
            parts.append(" ")
        parts.append(ch.text)
    sizes: dict[float, int] = {}
    for ch in run:
        sizes[round(ch.size, 1)] = sizes.get(round(ch.size, 1), 0) + 1
    size = max(sizes, key=sizes.__getitem__)
    main = [ch for ch in run if round(ch.size, 1) == size] or run
    baseline = sorted(ch.baseline for ch in main)[len(main) // 2]
    return Line(clean_text("".join(parts)), page, min(c.x0 for c in run), max(c.x1 for c in run),
                min(c.top for c in run), max(c.bottom for c in run), baseline, size)


def clean_text(text: str) -> str:
    """Ligatures expanded, dotless i + accent as the accented i, NFC (as the gold strings are extracted)."""
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _DOTLESS_ACCENTED.sub(lambda m: "ij"["ıȷ".index(m.group(1))], text)
    return unicodedata.normalize("NFC", text.replace(_PDFIUM_HYPHEN, "-"))
