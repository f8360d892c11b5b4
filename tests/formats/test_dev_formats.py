"""Every dev reference, parsed with the shipped model, through the RIS, TEI and (LaTeX-escaped) BibTeX writers:
RIS read back with rispy gives the main fields; TEI is well-formed, GROBID-shaped, and its key fields read back
from the XML equal the record's; BibTeX for pdflatex is ASCII but for the scripts it has no spelling for, reads
back (LaTeX decoded) to the record's fields, and 300 entries compile with bibtex + pdflatex without an error."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
from pylatexenc.latex2text import LatexNodes2Text

from refparse.formats import write_bibtex, write_ris, write_tei
from refparse.formats.bibtex import latex_char
from refparse.formats.tei import TEI_NS, iso_date, xml_text

from .test_bibtex import VERBATIM, expected_back
from .test_ris import expected_ris, main_fields, read_ris

pytestmark = pytest.mark.corpus
NS = {"t": TEI_NS}
IDNO_TYPES = {"DOI", "arXiv", "PMID", "PMCID", "ISBN", "ISSN"}


# --- RIS ---------------------------------------------------------------------------------------------------------


def test_every_ris_record_reads_back_with_rispy(dev_references):
    out = io.StringIO()
    write_ris(dev_references, out)
    records = read_ris(out.getvalue())
    assert len(records) == len(dev_references)
    differing = [(ref.text, main_fields(rec), expected_ris(ref)) for ref, rec in zip(dev_references, records)
                 if main_fields(rec) != expected_ris(ref)]
    assert differing == []


# --- TEI ---------------------------------------------------------------------------------------------------------


def _text(element: ET.Element | None) -> str | None:
    return None if element is None else element.text


def _want(value: str | None) -> str | None:
    return xml_text(value.strip()) if value and value.strip() else None


def test_every_tei_biblstruct_is_well_formed_grobid_shaped_and_reads_back(dev_references):
    out = io.StringIO()
    write_tei(dev_references, out)
    root = ET.fromstring(out.getvalue().encode("utf-8"))  # raises unless well-formed
    structs = root.findall("t:text/t:back/t:div/t:listBibl/t:biblStruct", NS)
    assert len(structs) == len(dev_references)
    problems = []
    for index, (ref, struct) in enumerate(zip(dev_references, structs)):
        analytic, monogr = struct.find("t:analytic", NS), struct.find("t:monogr", NS)
        work = analytic if analytic is not None else monogr
        imprint = monogr.find("t:imprint", NS) if monogr is not None else None
        if struct.get("{http://www.w3.org/XML/1998/namespace}id") != f"b{index}" or monogr is None or imprint is None:
            problems.append((ref.text, "structure"))
            continue
        if (analytic is not None) != bool(ref.container_title):
            problems.append((ref.text, "analytic"))
        people = [p for part in (analytic, monogr) if part is not None for p in part.findall("t:author", NS)]
        surnames = []
        for person in people:
            pers = person.find("t:persName", NS)
            if pers is None:
                surnames.append(_text(person.find("t:orgName", NS)))
                continue
            if any(child.tag not in {f"{{{TEI_NS}}}{t}" for t in ("forename", "surname", "genName")} for child in pers):
                problems.append((ref.text, "persName"))
            surnames.append(_text(pers.find("t:surname", NS)))
        want = [_want(n.literal) if n.literal else _want(" ".join(p for p in (n.particle, n.family) if p))
                for n in ref.authors]
        if surnames != want:
            problems.append((ref.text, "authors", surnames, want))
        if any(i.get("type") not in IDNO_TYPES for i in struct.iter(f"{{{TEI_NS}}}idno")):
            problems.append((ref.text, "idno type"))
        page = imprint.find("t:biblScope[@unit='page']", NS)
        back = {
            "title": _text(work.find("t:title[@type='main']", NS)),
            "container": _text(monogr.find("t:title", NS)) if analytic is not None else None,
            "year": (imprint.find("t:date", NS).get("when") if imprint.find("t:date", NS) is not None else None),
            "volume": _text(imprint.find("t:biblScope[@unit='volume']", NS)),
            "issue": _text(imprint.find("t:biblScope[@unit='issue']", NS)),
            "pages": None if page is None else (page.get("from"), page.get("to")) if page.get("from") else page.text,
            "doi": _text(work.find("t:idno[@type='DOI']", NS)),
        }
        expected = {
            "title": _want(ref.title), "container": _want(ref.container_title), "year": iso_date(ref),
            "volume": _want(ref.volume), "issue": _want(ref.issue),
            "pages": (xml_text(ref.first_page), xml_text(ref.last_page) if ref.last_page else None)
            if ref.first_page else _want(ref.pages),
            "doi": _want(ref.doi),
        }
        if back != expected:
            problems.append((ref.text, back, expected))
    assert problems == []


# --- BibTeX for pdflatex -----------------------------------------------------------------------------------------

#: What a LaTeX reader gives back for a character written in a form that looks the same but is another code point
#: (``{$-$}`` for U+2212 reads back as "-").
_FOLDED = {"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2215": "/", "\u2044": "/", "\u00b5": "\u03bc",
           "\u2206": "\u0394"}


def _fold(text: str) -> str:
    text = "".join(_FOLDED.get(c, c) for c in text)
    return "".join(unicodedata.normalize("NFKC", c) if unicodedata.normalize("NFKC", c).isascii() else c for c in text)


@pytest.fixture(scope="module")
def dev_latex_bibtex(dev_references):
    out = io.StringIO()
    write_bibtex(dev_references, out)
    return out.getvalue()


def test_latex_bibtex_leaves_only_characters_without_a_latex_spelling(dev_latex_bibtex):
    left = {c for c in dev_latex_bibtex if not c.isascii()}
    assert left and all(latex_char(c) == c for c in left)
    assert all(unicodedata.name(c, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "CYRILLIC"))
               for c in left), "no Latin, Greek or maths character is left raw"


def test_every_latex_bibtex_entry_reads_back_to_the_same_fields(dev_references, dev_latex_bibtex):
    library = bibtexparser.parse_string(dev_latex_bibtex)
    assert not library.failed_blocks and len(library.entries) == len(dev_references)
    decode = LatexNodes2Text().latex_to_text
    differing = []
    for ref, entry in zip(dev_references, library.entries):
        back = {f.key: urllib.parse.unquote(f.value) if f.key in VERBATIM else decode(f.value) for f in entry.fields}
        want = {k: _fold(urllib.parse.unquote(v) if k in VERBATIM else v) for k, v in expected_back(ref).items()
                if k not in ("author", "editor", "translator")}
        back = {k: _fold(v) for k, v in back.items() if k in want}
        if back != want:
            differing.append((ref.text, back, want))
    assert differing == []


needs_tex = pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
                               reason="pdflatex/bibtex not installed (apt-get install texlive-latex-base "
                                      "texlive-latex-recommended texlive-fonts-recommended lmodern)")
DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


@needs_tex
def test_300_dev_entries_compile_with_bibtex_and_pdflatex(dev_references, tmp_path):
    out = io.StringIO()
    write_bibtex(dev_references[:300], out)
    (tmp_path / "refs.bib").write_text(out.getvalue(), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]
    first = subprocess.run(latex, cwd=tmp_path, capture_output=True, timeout=300)
    assert first.returncode == 0, first.stdout.decode("latin-1")[-2000:]
    bib = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, timeout=300)
    assert bib.returncode in (0, 1), bib.stdout.decode("latin-1")[-2000:]  # 1: warnings only (empty fields)
    assert "error message" not in bib.stdout.decode("latin-1")
    for _ in range(2):
        run = subprocess.run(latex, cwd=tmp_path, capture_output=True, timeout=300)
        log = (tmp_path / "doc.log").read_text(encoding="latin-1")
        errors = [line for line in log.splitlines() if line.startswith("!")]
        assert run.returncode == 0 and errors == [], errors[:20]
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000
    assert len((tmp_path / "doc.bbl").read_text(encoding="utf-8").split(r"\bibitem")) - 1 == 300
