"""Reading the commands' input: lines of a file or of stdin, decoded line by line, errors naming file and line."""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO


def read_lines(path: str, encoding: str = "utf-8", errors: str = "strict") -> Iterator[str]:
    """Lines of a file or of stdin (``-``) without their line endings (\\n, \\r\\n, \\r) or a leading BOM.

    The file is opened at once, so a missing file is reported before anything is written. Bytes are decoded line
    by line, so an undecodable byte is reported with its true line number (text-mode reading decodes 8 KB
    chunks and cannot tell which line failed); with ``errors="strict"`` the records before it are kept.
    """
    decoder = _line_decoder(encoding, errors)
    if path == "-":
        return _decoded_lines(open(sys.stdin.fileno(), "rb", closefd=False), "<stdin>", encoding, decoder)
    return _decoded_lines(open_binary(path), path, encoding, decoder)


def _line_decoder(encoding: str, errors: str) -> io.IncrementalNewlineDecoder:
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}; pass --encoding with a codec name such as utf-8 or "
                         "latin-1") from None
    return io.IncrementalNewlineDecoder(decoder, translate=True)  # \r\n and \r become \n


def _decoded_lines(stream: BinaryIO, name: str, encoding: str, decoder: io.IncrementalNewlineDecoder
                   ) -> Iterator[str]:
    with stream:
        number, pending = 0, ""
        for raw in itertools.chain(stream, [b""]):  # the empty chunk flushes the decoder at the end
            try:
                pending += decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                before = number + len(re.findall(rb"\r\n?|\n", exc.object[: exc.start]))
                raise ValueError(f"{name}, line {before + 1}: not valid {encoding} ({exc.reason}); "
                                 "pass --encoding or --errors replace") from None
            *complete, pending = pending.split("\n")
            for line in complete:
                number += 1
                yield line.lstrip("\ufeff") if number == 1 else line
        if pending:
            yield pending.lstrip("\ufeff") if number == 0 else pending


def open_binary(path: str) -> BinaryIO:
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory; give a text file with one reference per line")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ValueError(f"input file not found: {path}") from None
    except PermissionError:
        raise ValueError(f"input file not readable (permission denied): {path}") from None
