"""Parse reference strings into structured records.

Give references as arguments, or with -i FILE (one reference per line; - for standard input). Every input
line gives exactly one output record, in input order; an empty line gives an empty record.

A line that is not valid in the encoding gets an error record in its place (source "error", the line number
and the problem in warnings, the undecodable bytes as \\xNN escapes in text; csl and bibtex, which have no
place for the cause, write an empty item there), the run goes on, and at the end the command names the bad
lines on stderr and exits with status 1. --errors strict stops at the first bad line instead, --errors replace
parses it with U+FFFD in place of the bad bytes (exit status 0).

examples:
  refparse parse "Smith, J. (2001). A title. Journal of Things, 3(2), 1-9."
  refparse parse -i references.txt --format jsonl > parsed.jsonl
  cat references.txt | refparse parse -i - --format text
  refparse parse -i references.txt -f bibtex -o refs.bib   # --unicode for biber/XeLaTeX
  refparse parse -i references.txt -f ris -o refs.ris       # Zotero, EndNote, Mendeley
  refparse parse -i references.txt -f xml -o labelled.xml   # correct the tags, then: refparse train --add
  refparse parse -i references.txt -f jsonl -o all.jsonl --review check.jsonl   # the records to check, too
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from ..calibration import needs_review
from ..formats.json import json_item, jsonl_line, numbered_line, write_array_items, write_jsonl_lines
from ..formats.ris import to_ris, write_ris_items
from ..types import Reference
from ._io import ERRORS, BadLines, read_lines

HELP = "parse reference strings (arguments, a file or stdin) into structured records"
FORMATS = ("json", "jsonl", "text", "csl", "bibtex", "ris", "tei", "xml", "anystyle", "grobid-training")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("references", nargs="*", help="reference strings to parse")
    parser.add_argument("-i", "--input", metavar="FILE", help="read references from FILE, one per line (- for stdin)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("-f", "--format", choices=FORMATS, default="json",
                        help="json: one JSON array; jsonl: one JSON object per line; text: readable fields; "
                        "csl: a JSON array of CSL-JSON items; bibtex: BibTeX entries, non-ASCII characters written as "
                        "LaTeX for pdflatex (see --unicode); ris: RIS records (Zotero, EndNote, Mendeley); tei: a TEI "
                        "document with one GROBID-style <biblStruct> per reference; xml: one <ref> per line with "
                        "the labels as tags, to correct in an editor and train on (refparse train --add); anystyle, "
                        "grobid-training: the same in AnyStyle's parser XML and GROBID's citation training TEI "
                        "(default: json)")
    parser.add_argument("--unicode", action="store_true",
                        help="with -f bibtex: keep non-ASCII characters as UTF-8 instead of LaTeX commands, for "
                        "biber, XeLaTeX and LuaLaTeX")
    parser.add_argument("--model", metavar="PATH", help="a .crfsuite model file (default: the shipped model)")
    parser.add_argument("--bibliography", action="store_true",
                        help="the input (each argument, and the whole file) is a reference section: split it into "
                        "references with the splitter, then parse each (see `refparse split`)")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="parse on N processes, each loading the model once (0: one per core); output order and "
                        "count are the same as with 1 (default: 1)")
    parser.add_argument("--review", metavar="FILE",
                        help="also write the records that need review to FILE, as JSON Lines, each with \"line\": "
                        "its place in the output, counting from 1 (Reference.needs_review: the chance that all the "
                        "record's fields are right is below the model card's threshold; see --review-below). The "
                        "output still holds every record")
    parser.add_argument("--review-below", type=_probability, metavar="P",
                        help="with --review: flag a record when the chance that all its fields are right is below "
                        "P (default: the model card's review_below, 0.5 without one)")
    parser.add_argument("--encoding", default="utf-8", help="input file encoding (default: utf-8)")
    parser.add_argument("--errors", choices=ERRORS, default="record",
                        help="input lines that are not valid in the encoding: record gives each an error record in "
                        "its place, goes on, and exits 1 naming them on stderr; strict stops at the first, with the "
                        "file and line named (records of the lines before it are written); replace substitutes "
                        "U+FFFD for the bad bytes and parses the line. With --bibliography, whose records are not "
                        "lines, record stops like strict (default: record)")


def run(args: argparse.Namespace) -> int:
    from ..parser import shared_parser

    if not args.references and not args.input:
        raise ValueError("give reference strings as arguments or a file with -i FILE (- for stdin)")
    # A model named on the command line must be usable: an error (exit 1) rather than a quiet switch to the rules,
    # and before any output is written.
    shared_parser(args.model, method=_method(args))
    bad_lines = BadLines()
    if args.bibliography:
        from .split import split_references

        lines = split_references(args)
    else:
        lines = _lines(args, bad_lines)
    _refuse_overwriting_input(args)
    review = getattr(args, "review", None)
    if getattr(args, "review_below", None) is not None and not review:
        raise ValueError("--review-below needs --review FILE")
    serialiser = SERIALISERS.get(args.format)
    convert = functools.partial(review_pair, serialiser, getattr(args, "review_below", None)) if review else serialiser
    records = _error_records_for_bad_lines(parsed_records(lines, args, convert), bad_lines, len(args.references),
                                           convert)
    review_out = open(review, "w", encoding="utf-8", errors="backslashreplace") if review else None
    out = open(args.output, "w", encoding="utf-8", errors="backslashreplace") if args.output else _escaping(sys.stdout)
    try:
        if review_out is not None:
            records = split_review(records, review_out)
        if serialiser is None:
            write_records(records, args.format, out, bibtex_unicode=getattr(args, "unicode", False))
        else:
            write_serialised(records, args.format, out)
    finally:
        if args.output:
            out.close()
        if review_out is not None:
            review_out.close()
    return _report_bad_lines(bad_lines)


def _probability(value: str) -> float:
    try:
        p = float(value)
    except ValueError:
        p = -1.0
    if not 0.0 <= p <= 1.0:
        raise argparse.ArgumentTypeError(f"a probability between 0 and 1, not {value!r}")
    return p


def review_pair(serialiser: Callable[[Reference], str] | None, review_below: float | None,
                ref: Reference) -> tuple[Any, str | None]:
    """A record as the output takes it (``serialiser``'s string, or the Reference itself) and, when it needs
    review (``ref.needs_review``, or its spans judged against ``review_below`` when given), its JSON line for the
    review file. Made where the record is parsed, like the serialised records."""
    flagged = ref.needs_review if review_below is None else needs_review(ref.spans, review_below)
    return (ref if serialiser is None else serialiser(ref)), (jsonl_line(ref) if flagged else None)


def split_review(pairs: Iterable[tuple[Any, str | None]], review_out: TextIO) -> Iterator[Any]:
    """The output's records of :func:`review_pair`'s pairs, in order; the flagged ones written to ``review_out``
    with their place in the output."""
    for number, (record, flagged) in enumerate(pairs, 1):
        if flagged is not None:
            review_out.write(numbered_line(flagged, number))
        yield record


def _error_records_for_bad_lines(records: Iterator, bad_lines: BadLines, file_start: int,
                                 convert: Callable[[Reference], Any] | None = None) -> Iterator:
    """``records`` with the record of each undecodable input line replaced by an error record (converted as
    the others are, when they come converted). The records of the file's lines start at index ``file_start``
    (the argument strings come first), so record ``i`` is line ``i - file_start + 1``; a line is always read,
    and so noted, before its record comes out of the parser."""
    from ..parser import error_record

    for index, ref in enumerate(records):
        bad = bad_lines.take(index - file_start + 1) if index >= file_start else None
        if bad is None:
            yield ref
        else:
            yield error_record(*bad) if convert is None else convert(error_record(*bad))


def _report_bad_lines(bad_lines: BadLines) -> int:
    """The exit status: 0, or 1 with a message on stderr when some lines were undecodable (their error records
    are written; a script must not take the output for complete without noticing)."""
    if not bad_lines.count:
        return 0
    whose = "its record has" if bad_lines.count == 1 else "their records have"
    print(f"refparse parse: {bad_lines.summary()}; {whose} source 'error'; pass --errors replace to parse "
          f"{'it' if bad_lines.count == 1 else 'them'} anyway, or --encoding with the file's encoding", file=sys.stderr)
    return 1


def _refuse_overwriting_input(args: argparse.Namespace) -> None:
    """Opening the output truncates it: with -o naming the input file, the input would be gone unread."""
    source, target = args.input, args.output
    if source and source != "-" and target and os.path.exists(target) and os.path.samefile(source, target):
        raise ValueError(f"-o {target} is the input file; write the output to another file")


def _method(args: argparse.Namespace) -> str:
    return "crf" if getattr(args, "model", None) else "auto"


def parsed_records(lines: Iterator[str], args: argparse.Namespace,
                   convert: Callable[[Reference], Any] | None = None) -> Iterator:
    """One record per line, in order, streamed through :func:`refparse.batch.iter_parse` (``--jobs``
    processes; 1: this one), with a progress bar when standard error is a terminal. With ``convert`` (a
    serialiser, or :func:`review_pair`) the records come as what it makes of them, made where they were parsed."""
    from ..batch import iter_parse

    records = iter_parse(lines, n_jobs=getattr(args, "jobs", 1), model=getattr(args, "model", None),
                         method=_method(args), convert=convert)
    return _with_progress(records, args)


def _with_progress(records: Iterator[Reference], args: argparse.Namespace) -> Iterator[Reference]:
    """``records`` behind a tqdm bar on stderr when a person is watching it; untouched when stderr is piped or
    redirected (a log file full of bar redraws helps nobody) or tqdm is not installed."""
    if not sys.stderr.isatty():
        return records
    try:
        from tqdm import tqdm
    except ImportError:
        return records
    return tqdm(records, total=_expected_records(args), unit="ref", file=sys.stderr, dynamic_ncols=True)


def _expected_records(args: argparse.Namespace) -> int | None:
    """Argument strings plus the input file's lines, counted in binary 1 MB chunks (a second of reading per
    gigabyte); None when unknown beforehand (stdin, a reference section to split)."""
    if getattr(args, "bibliography", False) or args.input == "-":
        return None
    if not args.input:
        return len(args.references)
    if not os.path.isfile(args.input):
        return None
    count, last = 0, b"\n"
    with open(args.input, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            count, last = count + block.count(b"\n"), block[-1:]
    return len(args.references) + count + (last != b"\n")


def _lines(args: argparse.Namespace, bad_lines: BadLines) -> Iterator[str]:
    """Argument strings, then the input's lines (undecodable ones noted in ``bad_lines``). The input is opened
    now, so that a missing or unreadable file stops the command before any output is written."""
    file_lines = read_lines(args.input, args.encoding, args.errors, bad_lines) if args.input else iter(())
    return itertools.chain(args.references, file_lines)


def _escaping(stream: TextIO) -> TextIO:
    """``stream`` set to write characters it cannot encode as backslash escapes instead of failing.

    In UTF-8 only lone surrogates (an undecodable byte in a command-line argument arrives as one) cannot be
    encoded; their escape is ``\\udcff``, the very escape JSON uses, so JSON output stays valid and nothing is lost.
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return stream


#: Formats whose records are serialised where they are parsed (in the workers with ``-j N``): the parent only
#: writes strings, which keeps it from being the bottleneck of a pool. CSL-JSON and BibTeX need the whole
#: output's keys, and TEI one document around them all, so their records travel as References.
SERIALISERS: dict[str, Callable[[Reference], str]] = {"jsonl": jsonl_line, "json": json_item, "ris": to_ris}


#: How the strings of each of :data:`SERIALISERS` are written, as the format's writer writes References.
_SERIALISED_WRITERS: dict[str, Callable[[Iterable[str], TextIO], None]] = {
    "jsonl": write_jsonl_lines, "json": write_array_items, "ris": write_ris_items}


def write_serialised(items: Iterable[str], fmt: str, out: TextIO) -> None:
    """Write records that :data:`SERIALISERS` made, as :func:`write_records` writes References."""
    _SERIALISED_WRITERS[fmt](items, out)


def write_records(records, fmt: str, out: TextIO, bibtex_unicode: bool = False) -> None:
    if fmt == "text":
        for ref in records:
            out.write(format_text(ref) + "\n")
    else:
        from ..formats import write

        write(records, fmt, out, bibtex_unicode=bibtex_unicode)


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
