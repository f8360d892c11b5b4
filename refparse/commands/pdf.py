"""Find and parse the references of PDF files.

Give PDF files or folders (every *.pdf inside, sorted). The text is read with pypdfium2 (pip install
'refparse-crf[pdf]'); the reference section is found by its heading (References, Bibliography, Literatur,
Referências, ...) or as the numbered list near the end; running heads and page numbers are dropped, two-column
pages are read column by column, and the references are split by their layout (numbers, hanging indents, gaps;
else the learned splitter) and parsed. Every record carries pdf_file, pdf_pages and pdf_text in json and jsonl.

A file that cannot be read (not a PDF, encrypted, corrupt, over --timeout) gets one line on stderr and the run
goes on with the next; a PDF without a text layer or without references gets a warning. The exit status is 1
when any file failed.

examples:
  refparse pdf paper.pdf
  refparse pdf papers/ -f jsonl -j 2 -o references.jsonl
  refparse pdf paper.pdf -f bibtex > paper-references.bib
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import install_hint

HELP = "find and parse the references of PDF files (or folders of them)"
FORMATS = ("json", "jsonl", "text", "csl", "bibtex")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", help="PDF files, or folders whose *.pdf files are read")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("-f", "--format", choices=FORMATS, default="json",
                        help="json, jsonl, text, csl or bibtex, as in `refparse parse` (default: json)")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="read N files at a time, each in its own process (default: 1)")
    parser.add_argument("--max-pages", type=int, default=300, metavar="N",
                        help="read at most the last N pages of a file (default: 300)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="give up on a file after S seconds (default: 60)")
    parser.add_argument("--password", help="the password of encrypted PDFs")
    parser.add_argument("--split", choices=("auto", "splitter"), default="auto",
                        help="auto: by layout where the list shows it, else the learned splitter; splitter: the "
                        "learned splitter on the section's text (default: auto)")


def pdf_files(names: list[str]) -> list[Path]:
    out = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
        elif path.exists():
            out.append(path)
        else:
            raise ValueError(f"{name}: no such file or folder")
    return out


def read_one(path: str, options: dict) -> tuple[str, list, list[str], str]:
    """(path, records, warnings, error) of one file; records as References (pickled back from a worker)."""
    from ..pdf import read_pdf
    from ..pdf_extract import PdfError

    try:
        result = read_pdf(path, **options)
    except PdfError as exc:
        return path, [], [], str(exc)
    except OSError as exc:
        return path, [], [], f"cannot read it ({exc.strerror or exc})"
    return path, result.references, result.warnings, ""


def results(files: list[Path], options: dict, jobs: int) -> Iterator[tuple[str, list, list[str], str]]:
    """Each file's result, in the order given; with ``jobs`` > 1 on a process pool."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield read_one(str(path), options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Not fork: a forked worker would inherit this process's threads and locks (as refparse.batch avoids too).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(read_one, [str(p) for p in files], [options] * len(files))


def run(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("pypdfium2") is None:
        raise ValueError(f"`refparse pdf` needs pypdfium2, which is not installed: {install_hint('pdf')}")
    files = pdf_files(args.files)
    options = {"max_pages": args.max_pages, "timeout": args.timeout, "password": args.password, "split": args.split}
    records, failed = [], 0
    for path, refs, warnings, error in results(files, options, args.jobs):
        if error:
            failed += 1
            print(f"refparse pdf: {path}: {error}", file=sys.stderr)
        for message in warnings:
            print(f"refparse pdf: {path}: warning: {message}", file=sys.stderr)
        records += [(path, ref) for ref in refs]
    out = open(args.output, "w", encoding="utf-8", errors="backslashreplace") if args.output else sys.stdout
    try:
        write(records, args.format, out)
    finally:
        if args.output:
            out.close()
    return 1 if failed else 0


def write(records: list, fmt: str, out) -> None:
    from .parse import format_text, write_records

    if fmt in ("json", "jsonl"):
        items = [{"pdf_file": path, **ref.to_dict()} for path, ref in records]
        if fmt == "jsonl":
            out.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        else:
            out.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "text":
        for path, ref in records:
            pages = ", ".join(map(str, ref.pdf_pages or []))
            out.write(f"{format_text(ref)}\n  pdf:             {path}, page {pages}\n")
    else:
        write_records([ref for _, ref in records], fmt, out)
