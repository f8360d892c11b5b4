"""Parse reference strings into structured records.

Give references as arguments, or with -i FILE (one reference per line; - for standard input). Every input
line gives exactly one output record, in input order; an empty line gives an empty record.

examples:
  refparse parse "Smith, J. (2001). A title. Journal of Things, 3(2), 1-9."
  refparse parse -i references.txt --format jsonl > parsed.jsonl
  cat references.txt | refparse parse -i - --format text
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TextIO

from ..types import Reference

HELP = "parse reference strings (arguments, a file or stdin) into structured records"
FORMATS = ("json", "jsonl", "text")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("references", nargs="*", help="reference strings to parse")
    parser.add_argument("-i", "--input", metavar="FILE", help="read references from FILE, one per line (- for stdin)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("-f", "--format", choices=FORMATS, default="json",
                        help="json: one JSON array; jsonl: one JSON object per line; text: readable fields "
                        "(default: json)")
    parser.add_argument("--model", metavar="PATH", help="a .crfsuite model file (default: the shipped model)")
    parser.add_argument("--encoding", default="utf-8", help="input file encoding (default: utf-8)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict",
                        help="undecodable input bytes: strict stops with the file and line named; replace "
                        "substitutes U+FFFD and goes on (default: strict)")


def run(args: argparse.Namespace) -> int:
    from ..parser import Parser, default_parser

    if not args.references and not args.input:
        raise ValueError("give reference strings as arguments or a file with -i FILE (- for stdin)")
    parser = Parser(args.model) if args.model else default_parser()
    lines = _lines(args)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        write_records((parser._parse_or_error(line) for line in lines), args.format, out)
    finally:
        if args.output:
            out.close()
    return 0


def _lines(args: argparse.Namespace) -> Iterator[str]:
    yield from args.references
    if args.input:
        yield from read_lines(args.input, args.encoding, args.errors)


def read_lines(path: str, encoding: str = "utf-8", errors: str = "strict") -> Iterator[str]:
    """Lines of a file or stdin without their line endings (\\n, \\r\\n) or a leading BOM."""
    if path == "-":
        stream = open(sys.stdin.fileno(), encoding=encoding, errors=errors, newline=None, closefd=False)
        name = "<stdin>"
    else:
        stream = open_text(path, encoding, errors)
        name = path
    with stream:
        number = 0
        try:
            for number, line in enumerate(stream, start=1):
                if number == 1:
                    line = line.lstrip("\ufeff")
                yield line.rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{name}, line {number + 1}: not valid {encoding} ({exc.reason}); "
                "pass --encoding or --errors replace"
            ) from None


def open_text(path: str, encoding: str, errors: str) -> TextIO:
    import os

    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory; give a text file with one reference per line")
    try:
        return open(path, encoding=encoding, errors=errors, newline=None)
    except FileNotFoundError:
        raise ValueError(f"input file not found: {path}") from None
    except PermissionError:
        raise ValueError(f"input file not readable (permission denied): {path}") from None


def write_records(records, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write("[")
        for i, ref in enumerate(records):
            out.write(("," if i else "") + "\n" + json.dumps(ref.to_dict(), ensure_ascii=False, indent=2))
        out.write("\n]\n")
    elif fmt == "jsonl":
        for ref in records:
            out.write(json.dumps(ref.to_dict(), ensure_ascii=False) + "\n")
    else:
        for ref in records:
            out.write(format_text(ref) + "\n")


def format_text(ref: Reference) -> str:
    """A readable block: the input, then one line per field."""
    lines = [ref.text]
    if ref.authors:
        lines.append(f"  authors:         {'; '.join(str(n) for n in ref.authors)}{' et al.' if ref.et_al else ''}")
    if ref.editors:
        lines.append(f"  editors:         {'; '.join(str(n) for n in ref.editors)}")
    for label in ("title", "container_title", "year", "volume", "issue", "pages", "publisher", "location",
                  "doi", "url", "type"):
        value = getattr(ref, label)
        if value not in (None, ""):
            lines.append(f"  {label + ':':<17}{value}")
    lines += [f"  warning:         {w}" for w in ref.warnings]
    return "\n".join(lines)
