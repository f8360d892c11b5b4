"""`refparse parse --format csl|bibtex`: one output record per input line, in order; warnings stay out of it."""

from __future__ import annotations

import json

import bibtexparser

from refparse.cli import main

LINES = [
    "Smith, J. (2001). A title & more. Journal of Things, 3(2), 1-9.",
    "Smith, J. (2001). A title again. Journal of Things, 3(2), 1-9.",
    "",
    "Doe, J. A. (n.d.). Only a book. London: Sage.",
]


def run(tmp_path, capsys, fmt: str) -> str:
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert main(["parse", "-i", str(source), "--format", fmt]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_csl_is_one_json_array_with_an_item_per_line(tmp_path, capsys):
    items = json.loads(run(tmp_path, capsys, "csl"))
    assert len(items) == len(LINES)
    assert [item["id"] for item in items][:2] == ["smith2001title", "smith2001titleb"]
    assert items[0]["title"] == "A title & more" and items[0]["issue"] == "2"
    assert items[2] == {"id": "ref", "type": "document"}, "an empty line gives an empty record"


def test_bibtex_entries_are_separated_by_blank_lines(tmp_path, capsys):
    out = run(tmp_path, capsys, "bibtex")
    assert out.count("\n\n@") == len(LINES) - 1
    library = bibtexparser.parse_string(out)
    assert [e.key for e in library.entries][:2] == ["smith2001title", "smith2001titleb"]
    assert library.entries[0].fields_dict["title"].value == r"A title \& more"
    assert len(library.entries) == len(LINES)


def test_ris_has_a_record_per_line_that_rispy_reads_also_on_two_processes(tmp_path, capsys):
    import rispy

    out = run(tmp_path, capsys, "ris")
    records = rispy.loads(out)
    assert len(records) == len(LINES) and records[0]["title"] == "A title & more"
    assert records[2] == {"type_of_reference": "GEN"}, "an empty line gives an empty record"
    source = tmp_path / "refs.txt"
    assert main(["parse", "-i", str(source), "-f", "ris", "-j", "2"]) == 0
    assert capsys.readouterr().out == out


def test_tei_is_one_document_with_a_biblstruct_per_line(tmp_path, capsys):
    import xml.etree.ElementTree as ET

    from refparse.formats.tei import TEI_NS

    root = ET.fromstring(run(tmp_path, capsys, "tei").encode("utf-8"))
    structs = root.findall(f".//{{{TEI_NS}}}biblStruct")
    assert len(structs) == len(LINES)
    assert structs[0].find(f"{{{TEI_NS}}}analytic/{{{TEI_NS}}}title").text == "A title & more"


def test_bibtex_is_latex_unless_unicode(tmp_path, capsys):
    assert main(["parse", "-f", "bibtex", "Müller, J. (2003). Über α-Teilchen. Berlin: Springer."]) == 0
    latex = capsys.readouterr().out
    assert latex.isascii() and r"{$\alpha$}" in latex
    assert main(["parse", "-f", "bibtex", "--unicode", "Müller, J. (2003). Über α-Teilchen. Berlin: Springer."]) == 0
    assert "Über α-Teilchen" in capsys.readouterr().out
