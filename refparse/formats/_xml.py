"""What the three labelled-reference markups share: the record they read into, a small XML tree that knows the
line of every element, and error messages that name the file, the line and what to fix.

The markups (refparse's own ``<ref>`` file, AnyStyle's parser XML and GROBID's citation training TEI) all put
labels as tags around the text of a reference; :func:`assemble` turns such mixed content back into a text and
character spans. Only the standard library's expat is used, so reading needs no extra package.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..labels import LABELS

SpanTuple = tuple[int, int, str]


@dataclass(frozen=True)
class LabelledRecord:
    """One labelled reference read from (or to be written to) a markup file: its text and its spans
    ``(start, end, label)`` into the text, sorted, trimmed and non-overlapping, as in the shared corpus."""

    text: str
    spans: tuple[SpanTuple, ...] = ()
    id: str = ""
    source: str = ""
    line: int = 0  # where the record starts in the file it was read from (0: not read from a file)

    def fields(self) -> list[tuple[str, str]]:
        return [(label, self.text[start:end]) for start, end, label in self.spans]


class LabelledFileError(ValueError):
    """A labelled file that cannot be read as written: the message names the file, the line and what to fix."""

    def __init__(self, path: str | Path, line: int, problem: str, column: int | None = None):
        self.path, self.line, self.column, self.problem = str(path), line, column, problem
        where = f"{path}, line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {problem}")


@dataclass
class Element:
    """An XML element with its position; ``children`` mixes strings (character data) and elements."""

    tag: str  # without a namespace prefix
    attrs: dict[str, str]
    line: int
    column: int
    children: list[str | Element] = field(default_factory=list)

    def elements(self, tag: str | None = None) -> Iterator[Element]:
        """Child elements (of one tag)."""
        for child in self.children:
            if isinstance(child, Element) and (tag is None or child.tag == tag):
                yield child

    def iter(self, tag: str) -> Iterator[Element]:
        """This element and every descendant with ``tag``, in document order."""
        if self.tag == tag:
            yield self
        for child in self.elements():
            yield from child.iter(tag)

    def text(self) -> str:
        """All character data inside, in order."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


def local_name(name: str) -> str:
    """``tei:bibl`` -> ``bibl`` (the files are read without namespace processing; the prefix does not matter)."""
    return name.rsplit(":", 1)[-1]


def parse_xml(data: str, path: str | Path) -> Element:
    """The document's root element. A document that is not well-formed raises LabelledFileError with the line,
    the column and, for the mistakes a hand edit makes, what to do about them."""
    stack: list[Element] = []
    root: list[Element] = []
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one string per run of character data, entity references included

    def start(name: str, attrs: dict[str, str]) -> None:
        element = Element(local_name(name), dict(attrs), parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].children.append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise LabelledFileError(path, exc.lineno, _explain(exc, stack, data), exc.offset + 1) from None
    if not root:
        raise LabelledFileError(path, 1, "the file holds no XML element")
    return root[0]


def _explain(exc: expat.ExpatError, open_elements: list[Element], data: str) -> str:
    """What went wrong in words a person editing the file can act on."""
    code = exc.code
    errors = expat.errors
    innermost = open_elements[-1] if open_elements else None
    opened = f"<{innermost.tag}> opened at line {innermost.line}, column {innermost.column}" if innermost else ""
    if code == expat.errors.codes[errors.XML_ERROR_TAG_MISMATCH] and innermost:
        closing = _closing_tag_at(data, exc.lineno, exc.offset)
        return (f"unclosed tag: {opened} is not closed before {closing or 'this closing tag'}; add "
                f"</{innermost.tag}> where that field ends (or remove the stray closing tag)")
    if code in (expat.errors.codes[errors.XML_ERROR_NO_ELEMENTS], expat.errors.codes[errors.XML_ERROR_UNCLOSED_TOKEN]) \
            and innermost:
        return f"the file ends inside {opened}: close it with </{innermost.tag}>"
    if code == expat.errors.codes[errors.XML_ERROR_INVALID_TOKEN]:
        return ("not well-formed XML here: write a literal '<' as &lt; and '&' as &amp; inside references, and "
                "check that every tag looks like <label> or </label>")
    if code == expat.errors.codes[errors.XML_ERROR_UNDEFINED_ENTITY]:
        return "unknown entity: write a literal '&' as &amp; (only &amp; &lt; &gt; &quot; &apos; and &#NNN; are known)"
    return f"not well-formed XML ({expat.ErrorString(code)})"


def _closing_tag_at(data: str, line: int, offset: int) -> str | None:
    text = data.splitlines()[line - 1] if 0 < line <= len(data.splitlines()) else ""
    match = re.match(r"</?[^>\s]+>?", text[offset:])
    return match.group(0) if match else None


def unknown_label_message(tag: str, known: tuple[str, ...] = LABELS) -> str:
    """"unknown label <autor>: did you mean <author>? ..." with the labels one may use."""
    close = difflib.get_close_matches(tag, known, n=1)
    hint = f"did you mean <{close[0]}>? " if close else ""
    return f"unknown label <{tag}>: {hint}use one of {', '.join(known)} (or remove the tag)"


def assemble(pieces: list[tuple[str, str | None, int]], collapse: bool) -> tuple[str, tuple[SpanTuple, ...]]:
    """The text and spans of a reference from its pieces ``(text, label or None, line)`` in order.

    With ``collapse`` whitespace runs become one space and the text is stripped, as the shared corpus stores
    texts (AnyStyle and TEI files are indented at will); without it the text is kept exactly, as refparse's own
    markup writes it. Spans never include the whitespace at their edges, and empty ones are dropped.
    """
    text_parts: list[str] = []
    spans: list[SpanTuple] = []
    length = 0
    for piece, label, _line in pieces:
        if collapse:
            piece = re.sub(r"\s+", " ", piece)
            if text_parts and text_parts[-1].endswith(" ") and piece.startswith(" "):
                piece = piece[1:]
            elif not text_parts and piece.startswith(" "):
                piece = piece[1:]
        if not piece:
            continue
        start = length
        text_parts.append(piece)
        length += len(piece)
        if label is not None:
            spans.append((start, length, label))
    text = "".join(text_parts)
    if collapse and text.endswith(" "):
        text = text[:-1]
    return text, tuple(trimmed for trimmed in (_trim(text, s) for s in spans) if trimmed)


def _trim(text: str, span: SpanTuple) -> SpanTuple | None:
    start, end, label = span
    end = min(end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end, label) if start < end else None


def escape(text: str) -> str:
    """Character data escaped for XML (quotes too, so the same function serves attributes)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def check_spans(record: LabelledRecord) -> None:
    """A record to write must have sorted, non-overlapping spans inside its text (markup cannot nest them)."""
    end = 0
    for start, stop, label in record.spans:
        if start < end or stop > len(record.text) or start >= stop:
            raise ValueError(f"record {record.id or record.text[:40]!r}: span ({start}, {stop}, {label}) overlaps "
                             "another or lies outside the text; spans must be sorted and disjoint")
        end = stop
