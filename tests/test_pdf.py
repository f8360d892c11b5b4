"""refparse.parse_pdf / read_pdf and `refparse pdf` on committed generated articles and on bad files."""

from __future__ import annotations

import difflib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refparse.errors import install_hint

pytest.importorskip("pypdfium2", reason=f"pypdfium2 is not installed ({install_hint('pdf')})")

import refparse  # noqa: E402
from refparse.pdf import PdfError, PdfWarning, is_heading, read_pdf  # noqa: E402
from refparse.pdf_extract import Line  # noqa: E402

DATA = Path(__file__).parent / "data" / "pdf"
ARTICLES = sorted(DATA.glob("*.pdf"))


def gold_texts(pdf: Path) -> list[str]:
    return [json.loads(line)["text"] for line in pdf.with_suffix(".gold.jsonl").read_text("utf-8").splitlines()]


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


@pytest.mark.parametrize("pdf", ARTICLES, ids=lambda p: p.stem)
def test_every_gold_reference_is_found_once_and_nothing_else(pdf):
    result = read_pdf(pdf)
    gold = gold_texts(pdf)
    assert len(result.references) == len(gold), result.section
    for ref, text in zip(result.references, gold):
        assert similar(ref.text, text) >= 0.9, (ref.text, text)
        assert ref.pdf_pages and all(1 <= p <= result.pages for p in ref.pdf_pages)
        assert ref.pdf_text and similar(ref.pdf_text.replace("\n", " "), ref.text) > 0.95
    assert result.warnings == []


def test_records_keep_their_pages_and_the_rest_serialises_as_before():
    refs = refparse.parse_pdf(ARTICLES[0].read_bytes())  # from bytes as well as from a path
    data = refs[0].to_dict()
    assert data["pdf_pages"] == refs[0].pdf_pages and data["pdf_text"] == refs[0].pdf_text
    assert refs[0].title and refs[0].authors
    plain = refparse.parse("Smith, J. (2001). A title. Journal of Things, 3(2), 1-9.").to_dict()
    assert "pdf_pages" not in plain and "pdf_text" not in plain


@pytest.mark.parametrize("text", ["References", "REFERENCES", "R EFERENCES", "7. References", "Bibliography",
                                  "Literatur", "Referências", "Bibliografía", "Bibliographie", "Literature Cited",
                                  "VI. REFERENCES", "Literaturverzeichnis"])
def test_reference_headings_in_several_languages(text):
    assert is_heading(Line(text, 1, 0, 100, 0, 10, 9, 10))


@pytest.mark.parametrize("text", ["References to earlier work are given below.", "We thank the referees.", "1"])
def test_other_lines_are_not_headings(text):
    assert not is_heading(Line(text, 1, 0, 100, 0, 10, 9, 10))


def test_running_heads_and_page_numbers_are_not_in_any_reference():
    result = read_pdf(ARTICLES[0])
    spec = json.loads(ARTICLES[0].with_suffix(".spec.json").read_text("utf-8"))
    assert spec["running_heads"]
    assert not any("et al.\n" in ref.pdf_text and ref.pdf_text.endswith(tuple("0123456789"))
                   for ref in result.references)


# --- bad files ---------------------------------------------------------------------------------------------------


def test_not_a_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("just some text\n" * 10)
    with pytest.raises(PdfError, match="not a PDF"):
        read_pdf(path)


def test_a_truncated_pdf_is_a_clear_error():
    data = ARTICLES[0].read_bytes()
    with pytest.raises(PdfError, match="corrupt"):
        read_pdf(data[: len(data) // 3])


def test_an_encrypted_pdf_needs_its_password():
    path = DATA / "bad" / "encrypted.pdf"
    with pytest.raises(PdfError, match="encrypted"):
        read_pdf(path)
    refs = read_pdf(path, password="secret").references
    assert len(refs) == 1 and refs[0].year == 2001


def test_a_scanned_pdf_gives_nothing_with_a_warning():
    with pytest.warns(PdfWarning, match="no text layer"):
        assert refparse.parse_pdf(DATA / "bad" / "scanned.pdf") == []


def big_pdf(copies: int) -> bytes:
    import pypdfium2 as pdfium

    source, big = pdfium.PdfDocument(str(ARTICLES[0])), pdfium.PdfDocument.new()
    for _ in range(copies):
        big.import_pages(source)
    out = io.BytesIO()
    big.save(out)
    return out.getvalue()


def test_a_huge_pdf_is_read_from_its_end_within_the_page_bound():
    data = big_pdf(20)
    result = read_pdf(data, max_pages=6)
    assert result.pages_read == 6 and result.pages > 6
    assert "only the last 6" in result.warnings[0]
    assert len(result.references) == len(gold_texts(ARTICLES[0]))


def test_the_time_bound_stops_a_slow_file():
    with pytest.raises(PdfError, match="time bound"):
        read_pdf(big_pdf(20), timeout=0.0)


# --- the command -------------------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refparse", "pdf", *args], capture_output=True, text=True)


def test_cli_reads_a_folder_and_goes_on_after_a_bad_file(tmp_path):
    shutil.copy(ARTICLES[0], tmp_path / "a.pdf")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    done = run_cli(str(tmp_path), "-f", "jsonl")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "b.pdf: corrupt" in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == len(gold_texts(ARTICLES[0]))
    assert all(r["pdf_file"].endswith("a.pdf") and r["pdf_pages"] for r in records)


@pytest.mark.slow
def test_cli_with_two_processes_gives_the_same_output(tmp_path):
    one = run_cli(*map(str, ARTICLES), "-f", "jsonl")
    two = run_cli(*map(str, ARTICLES), "-f", "jsonl", "-j", "2")
    assert one.returncode == two.returncode == 0 and one.stdout == two.stdout


def test_cli_bibtex_output():
    done = run_cli(str(ARTICLES[1]), "-f", "bibtex")
    assert done.returncode == 0 and done.stdout.count("@") == len(gold_texts(ARTICLES[1]))
