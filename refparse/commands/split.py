"""Split a reference section (text copied from a PDF: wrapped, numbered or not, with headings and page furniture)
into single references.

Give the section as an argument, or with -i FILE (- for standard input); each argument and the file are one section
each. Output: one reference per line (text), or one JSON object per reference with its character offsets into the
section (jsonl). Line-break hyphens are removed from the text; the offsets point into the original section.

examples:
  refparse split -i references.txt > one-per-line.txt
  pdftotext paper.pdf - | refparse split -i - --format jsonl
  refparse split "[1] Smith, J. A title. 2001. [2] Jones, K. Another title. 2002."
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from ._io import read_lines

HELP = "split a reference section (argument, file or stdin) into single references"
FORMATS = ("text", "jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sections", nargs="*", help="reference sections to split (each argument is one section)")
    parser.add_argument("-i", "--input", metavar="FILE", help="read one reference section from FILE (- for stdin)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text",
                        help="text: one reference per line; jsonl: {section, start, end, text} per reference, the "
                        "offsets into that section's text (default: text)")
    parser.add_argument("--splitter-model", metavar="PATH",
                        help="a splitter .crfsuite file (default: the shipped refparse-splitter model)")
    parser.add_argument("--encoding", default="utf-8", help="input file encoding (default: utf-8)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict",
                        help="input lines that are not valid in the encoding: strict stops with the file and line "
                        "named, before any output (a section is split as a whole, so there is no per-line error "
                        "record as in `refparse parse`); replace substitutes U+FFFD for the bad bytes (default: "
                        "strict)")


def section_texts(args: argparse.Namespace) -> Iterator[str]:
    """The sections to split: each positional argument, then the whole input file as one section."""
    if not getattr(args, "sections", None) and not getattr(args, "references", None) and not args.input:
        raise ValueError("give a reference section as an argument or a file with -i FILE (- for stdin)")
    # The file is opened before anything is yielded, so a missing file stops the command before any output.
    # A section's references are not its lines, so `refparse parse --bibliography` has no record to put in a bad
    # line's place: its default "record" stops at the line, as "strict" does.
    errors = "strict" if args.errors == "record" else args.errors
    file_lines = read_lines(args.input, args.encoding, errors) if args.input else None
    yield from getattr(args, "sections", None) or getattr(args, "references", None) or []
    if file_lines is not None:
        yield "\n".join(file_lines)


def _splitter(args: argparse.Namespace):
    from ..splitter import Splitter, default_splitter

    path = getattr(args, "splitter_model", None)
    return Splitter(path) if path else default_splitter()


def split_references(args: argparse.Namespace) -> Iterator[str]:
    """The joined text of every reference of every section, in order (for ``refparse parse --bibliography``).

    The input is read and the splitter loaded now, so their errors come before any output is written."""
    splitter = _splitter(args)
    sections = list(section_texts(args))
    return (reference for section in sections for reference in splitter.split(section))


def run(args: argparse.Namespace) -> int:
    splitter = _splitter(args)
    sections = list(section_texts(args))  # read the input now: a bad file is an error before any output
    out = open(args.output, "w", encoding="utf-8", errors="backslashreplace") if args.output else sys.stdout
    try:
        for number, section in enumerate(sections):
            for ref in splitter.split_offsets(section):
                if args.format == "jsonl":
                    record = {"section": number, "start": ref.start, "end": ref.end, "text": ref.text}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write(ref.text + "\n")
    finally:
        if args.output:
            out.close()
    return 0
