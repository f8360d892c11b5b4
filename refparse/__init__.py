"""refparse: bibliographic reference strings -> structured records, with a CRF tagger.

>>> import refparse
>>> ref = refparse.parse("Lafferty, J., McCallum, A. (2001). Conditional random fields. In ICML, 282-289.")
>>> ref.authors[0].family, ref.year
('Lafferty', 2001)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import ModelError, ModelWarning, RefparseError
from .labels import LABELS
from .parser import Parser, default_parser
from .types import Name, Reference, Span, Token

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "ModelError",
    "ModelWarning",
    "Name",
    "Parser",
    "Reference",
    "RefparseError",
    "Span",
    "Token",
    "parse",
    "parse_bibliography",
    "parse_many",
    "parse_pdf",
    "split",
    "split_offsets",
    "tag",
]


def parse(text: str, method: str = "auto") -> Reference:
    """Parse one reference string with the shipped model.

    ``method``: "auto" (the model with the rules' near-certain corrections, or the rules alone, with one
    :class:`ModelWarning`, when no usable model exists), "crf" (the model alone; raises :class:`ModelError`
    without one) or "rules" (the rule-based parser alone). ``Reference.source`` says which produced the result.
    """
    return default_parser().parse(text, method=method)


def parse_many(texts: Iterable[str], n_jobs: int = 1, batch_size: int = 256, model: str | Path | None = None,
               method: str = "auto") -> list[Reference]:
    """Parse many reference strings: order kept, exactly one :class:`Reference` per input (an error record,
    ``source == "error"``, for an item that cannot be parsed).

    ``n_jobs``: processes to parse on (1: this one; -1: every core), each loading the model once;
    ``batch_size``: texts sent to a process at a time; ``model``: a .crfsuite file (default: the shipped
    model); ``method`` as in :func:`parse`. The same as :func:`refparse.batch.parse_many`; to stream a large
    file, use :func:`refparse.batch.iter_parse`.
    """
    from .batch import parse_many as parse_in_batches  # the pool machinery is only imported when asked for

    return parse_in_batches(texts, n_jobs=n_jobs, batch_size=batch_size, model=model, method=method)


def tag(text: str) -> list[Token]:
    """Label each token of ``text`` (text, offsets, label, confidence) with the shipped model."""
    return default_parser().tag(text)


def split(text: str) -> list[str]:
    """Split a reference section (text copied from a PDF, with or without line breaks) into single references,
    each joined onto one line with line-break hyphens removed. Headings and page furniture are left out."""
    from .splitter import default_splitter

    return default_splitter().split(text)


def split_offsets(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character offsets of each reference of a section in ``text`` (the same references
    as :func:`split`, in order; ``text[start:end]`` is the reference as it stands in the section)."""
    from .splitter import default_splitter

    return [(ref.start, ref.end) for ref in default_splitter().split_offsets(text)]


def parse_bibliography(text: str) -> list[Reference]:
    """Split a reference section with :func:`split`, then parse each reference: one record per reference found."""
    return parse_many(split(text))


def parse_pdf(path_or_bytes: str | Path | bytes, max_pages: int = 300, timeout: float = 60.0,
              password: str | None = None) -> list[Reference]:
    """Find the reference section of a PDF (a path or its bytes), split it and parse each reference: one record
    per reference, each with ``pdf_pages`` and ``pdf_text`` (its lines as extracted). Raises
    :class:`refparse.pdf.PdfError` for a file that cannot be read; warns (:class:`refparse.pdf.PdfWarning`) when
    a PDF has no text layer or no reference section. Needs pypdfium2 (``pip install 'refparse-crf[pdf]'``); see
    :func:`refparse.pdf.read_pdf` for the details of what was found."""
    from .pdf import parse_pdf as parse_pdf_file

    return parse_pdf_file(path_or_bytes, max_pages=max_pages, timeout=timeout, password=password)
