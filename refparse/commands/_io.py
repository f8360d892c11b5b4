"""Reading the commands' input: lines of a file or of stdin, decoded line by line, errors naming file and line.

What a line that is not valid in the encoding does depends on ``errors``:

* ``"strict"``: stops the input with a ``ValueError`` naming the file and the line; the lines before it are
  yielded first.
* ``"replace"``: the undecodable bytes become U+FFFD and the line is yielded like any other.
* ``"record"``: the line is yielded with each undecodable byte written as a ``\\xNN`` escape (nothing is
  lost), and it is noted in a :class:`BadLines` so that the caller can put an error record in its place.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO

#: The ``errors`` choices of :func:`read_lines`.
ERRORS = ("record", "strict", "replace")

#: How many line numbers :meth:`BadLines.summary` names before it says "...".
SHOWN_LINE_NUMBERS = 5

# Undecodable bytes are decoded as MARK_START reason MARK_END followed by their \xNN escapes. The marks are lone
# surrogates, which no decoder produces from valid input (UTF-8, -16 and -32 all reject them), so a mark in a
# decoded line can only come from the handler, and the handler runs inside the incremental decoder, which is what
# keeps multi-byte encodings (UTF-16, whose newline is two bytes) decoding across read boundaries.
_MARK_START, _MARK_END = "\udfff", "\udffe"
_MARKED = re.compile(f"{_MARK_START}([^{_MARK_END}]*){_MARK_END}")
_MARKING_HANDLER = "refparse-mark-undecodable"


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    escapes = "".join(f"\\x{byte:02x}" for byte in exc.object[exc.start:exc.end])
    return f"{_MARK_START}{exc.reason}{_MARK_END}{escapes}", exc.end


codecs.register_error(_MARKING_HANDLER, _mark_undecodable)


class BadLines:
    """The lines of one input that were not valid in its encoding (``errors="record"``): how many, the first
    line numbers, and, for each line until :meth:`take` collects it, its text and the warning for its record."""

    def __init__(self) -> None:
        self.name = ""
        self.encoding = ""
        self.count = 0
        self.first_numbers: list[int] = []
        self._waiting: dict[int, tuple[str, str]] = {}  # only lines read but not yet taken: constant memory

    def add(self, number: int, text: str, reason: str) -> None:
        self.count += 1
        if len(self.first_numbers) < SHOWN_LINE_NUMBERS:
            self.first_numbers.append(number)
        warning = (f"UnicodeDecodeError: {self.name}, line {number}: not valid {self.encoding} ({reason}); the "
                   "bytes that could not be decoded are written as \\xNN escapes in text")
        self._waiting[number] = (text, warning)

    def take(self, number: int) -> tuple[str, str] | None:
        """The text and warning of line ``number`` if it was undecodable (once), else None."""
        return self._waiting.pop(number, None)

    def summary(self) -> str:
        """E.g. "refs.txt: 2 lines were not valid utf-8 (lines 3, 17)"."""
        numbers = ", ".join(map(str, self.first_numbers)) + (", ..." if self.count > len(self.first_numbers) else "")
        if self.count == 1:
            return f"{self.name}: 1 line was not valid {self.encoding} (line {numbers})"
        return f"{self.name}: {self.count} lines were not valid {self.encoding} (lines {numbers})"


def read_lines(path: str, encoding: str = "utf-8", errors: str = "strict", bad_lines: BadLines | None = None
               ) -> Iterator[str]:
    """Lines of a file or of stdin (``-``) without their line endings (\\n, \\r\\n, \\r) or a leading BOM.

    The file is opened at once, so a missing file is reported before anything is written. Bytes are decoded line
    by line, so an undecodable byte is reported with its true line number (text-mode reading decodes 8 KB
    chunks and cannot tell which line failed). ``errors`` is one of :data:`ERRORS` (see the module's
    docstring); ``"record"`` notes the undecodable lines in ``bad_lines``.
    """
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(ERRORS)}, not {errors!r}")
    if errors == "record" and bad_lines is None:
        raise ValueError('errors="record" needs a BadLines to note the undecodable lines in')
    decoder = _line_decoder(encoding, "replace" if errors == "replace" else _MARKING_HANDLER)
    name = "<stdin>" if path == "-" else path
    stream = open(sys.stdin.fileno(), "rb", closefd=False) if path == "-" else open_binary(path)
    recording = bad_lines if errors == "record" else None  # without one, a marked line stops the input
    if recording is not None:
        recording.name, recording.encoding = name, encoding
    return _checked_lines(_decoded_lines(stream, decoder), name, encoding, recording)


def _line_decoder(encoding: str, errors: str) -> io.IncrementalNewlineDecoder:
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}; pass --encoding with a codec name such as utf-8 or "
                         "latin-1") from None
    return io.IncrementalNewlineDecoder(decoder, translate=True)  # \r\n and \r become \n


def _decoded_lines(stream: BinaryIO, decoder: io.IncrementalNewlineDecoder) -> Iterator[str]:
    """The decoded lines of ``stream``, the first without its BOM; undecodable bytes marked, if the decoder marks."""
    with stream:
        first, pending = True, ""
        for raw in itertools.chain(stream, [b""]):  # the empty chunk flushes the decoder at the end
            pending += decoder.decode(raw, final=not raw)
            *complete, pending = pending.split("\n")
            for line in complete:
                yield line.lstrip("\ufeff") if first else line
                first = False
        if pending:
            yield pending.lstrip("\ufeff") if first else pending


def _checked_lines(lines: Iterator[str], name: str, encoding: str, bad_lines: BadLines | None) -> Iterator[str]:
    """``lines`` with their marks resolved: a marked line stops the input (no ``bad_lines``: strict) or is
    noted in ``bad_lines`` and yielded with its \\xNN escapes."""
    for number, line in enumerate(lines, start=1):
        if _MARK_START not in line:
            yield line
            continue
        reasons = _MARKED.findall(line)
        text = _MARKED.sub("", line)
        if bad_lines is None:
            raise ValueError(f"{name}, line {number}: not valid {encoding} ({reasons[0]}); "
                             "pass --encoding or --errors replace")
        bad_lines.add(number, text, reasons[0])
        yield text


def open_binary(path: str) -> BinaryIO:
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory; give a text file with one reference per line")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ValueError(f"input file not found: {path}") from None
    except PermissionError:
        raise ValueError(f"input file not readable (permission denied): {path}") from None
