"""The labelled markups: refparse's own (written by `parse -f xml`, corrected by hand, read by `train --add`),
AnyStyle's parser XML and GROBID's citation training TEI. Round trips on small built files and on every dev
reference; the errors of a hand edit name the file, the line and what to fix."""

from __future__ import annotations

import io
import json
import re

import pytest

from refparse.formats.labelled import (LabelledFileError, LabelledRecord, detect_format, read_labelled,
                                       write_labelled)

def record(text: str, fields: list[tuple[str, str]], id: str = "", source: str = "") -> LabelledRecord:
    """A record whose spans are the fields' values, found in the text left to right."""
    spans, position = [], 0
    for label, value in fields:
        start = text.index(value, position)
        spans.append((start, start + len(value), label))
        position = start + len(value)
    return LabelledRecord(text, tuple(spans), id, source)


SMITH = record("Smith, J. & Doe, A. (2001). A <title>. Journal of Things, 3(2), 1-9.",
               [("author", "Smith, J. & Doe, A."), ("date", "2001"), ("title", "A <title>"),
                ("container-title", "Journal of Things"), ("volume", "3"), ("issue", "2"), ("pages", "1-9")],
               "r1", "test")
BOOK = record("[4] Doe, A. 1999. Another book. Ed. B. Roe, trans. C. Poe. London: Sage.",
              [("citation-number", "[4]"), ("author", "Doe, A."), ("date", "1999"), ("title", "Another book"),
               ("editor", "B. Roe"), ("translator", "C. Poe"), ("location", "London"), ("publisher", "Sage")])
FORMATS = ("xml", "anystyle", "grobid-training", "jsonl")


def written(records, fmt: str, tmp_path, **kwargs):
    out = io.StringIO()
    write_labelled(records, fmt, out, **kwargs)
    path = tmp_path / f"file.{fmt}"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def same(a: LabelledRecord, b: LabelledRecord) -> bool:
    return (a.text, a.spans) == (b.text, b.spans)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_on_built_records(fmt, tmp_path):
    path = written([SMITH, BOOK], fmt, tmp_path)
    back = read_labelled(path)
    assert detect_format(path, path.read_text(encoding="utf-8")) == fmt
    assert [same(a, b) for a, b in zip([SMITH, BOOK], back)] == [True, True]


def test_our_markup_looks_like_the_issue(tmp_path):
    line = written([SMITH], "xml", tmp_path).read_text(encoding="utf-8").splitlines()[-2]
    assert line.startswith('<ref id="r1" source="test" check="')
    assert "><author>Smith, J. &amp; Doe, A.</author> (<date>2001</date>). <title>A &lt;title&gt;</title>." in line


def test_our_markup_keeps_ids_and_sources(tmp_path):
    back = read_labelled(written([SMITH, BOOK], "xml", tmp_path))
    assert (back[0].id, back[0].source, back[0].line) == ("r1", "test", 8)
    assert back[1].id == "file.xml/2"


def test_reads_a_real_anystyle_file(tmp_path):
    # as AnyStyle writes its datasets: one segment per line, punctuation inside the segments
    path = tmp_path / "core.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<dataset>
  <sequence>
    <author>Derrida, J.</author>
    <date>(1967).</date>
    <title>L’écriture et la différence</title>
    <edition>(1 éd.).</edition>
    <location>Paris:</location>
    <publisher>Éditions du Seuil.</publisher>
  </sequence>
  <sequence>
    <author>Angus, L.</author>
    <journal>Psychotherapy Research,</journal>
    <volume>12(3),</volume>
    <medium>[CD-ROM]</medium>
    <director>Dir. X.</director>
  </sequence>
</dataset>
""", encoding="utf-8")
    first, second = read_labelled(path)
    assert first.text == "Derrida, J. (1967). L’écriture et la différence (1 éd.). Paris: Éditions du Seuil."
    assert first.fields()[:2] == [("author", "Derrida, J."), ("date", "(1967).")]
    assert [label for label, _ in second.fields()] == ["author", "container-title", "volume", "genre", "other"]
    assert first.line == 3


def test_reads_a_real_grobid_training_file(tmp_path):
    path = tmp_path / "x.training.references.tei.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xlink="http://www.w3.org/1999/xlink">
	<teiHeader><fileDesc><titleStmt/><publicationStmt/><sourceDesc/></fileDesc></teiHeader>
	<text>
		<back>
			<listBibl>
<bibl><author>Abramowitz, M., and Stegun, I.A.</author> (<date>1965</date>). <title level="m">Handbook of
 Mathematical Functions</title> (<pubPlace>New York</pubPlace>: <publisher>Dover</publisher>).</bibl>
<bibl><author>Lopez, P.</author>, <title level="a">GROBID</title>, <title level="m">Proc. ECDL</title>,
 <biblScope type="pp">473-474</biblScope>, <idno type="DOI">10.1007/x</idno> <idno type="arXiv">0905.0001</idno>
 <orgName type="collaboration">ATLAS Collaboration</orgName> <note type="report">Tech. Rep.</note>
 <ptr type="web">http://x.org</ptr></bibl>
			</listBibl>
		</back>
	</text>
</TEI>
""", encoding="utf-8")
    book, paper = read_labelled(path)
    assert book.text == ("Abramowitz, M., and Stegun, I.A. (1965). Handbook of Mathematical Functions (New York: "
                         "Dover).")
    assert dict((label, text) for label, text in book.fields())["title"] == "Handbook of Mathematical Functions"
    assert [label for label, _ in paper.fields()] == ["author", "title", "container-title", "pages", "doi",
                                                      "identifier", "author", "genre", "url"]
    assert paper.line == 9


def test_anystyle_attach_convention(tmp_path):
    text = written([SMITH], "anystyle", tmp_path, attach_unlabelled=True).read_text(encoding="utf-8")
    assert "<author>Smith, J. &amp; Doe, A. (</author> <date>2001). </date>" not in text
    assert "<date>2001).</date> <title>A &lt;title&gt;.</title>" in text
    assert read_labelled(tmp_path / "file.anystyle").__len__() == 1


def test_grobid_titles_follow_the_readme_mapping(tmp_path):
    text = written([SMITH, BOOK], "grobid-training", tmp_path).read_text(encoding="utf-8")
    assert '<title level="a">A &lt;title&gt;</title>. <title level="j">Journal of Things</title>' in text
    assert '<title level="m">Another book</title>' in text  # no container: the book is the title
    assert '<editor role="translator">C. Poe</editor>' in text and "<label>[4]</label>" in text


# --- the mistakes of a hand edit -------------------------------------------------------------------------------

def edited(tmp_path, old: str, new: str):
    path = written([SMITH, BOOK], "xml", tmp_path)
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return path


def error_of(path) -> LabelledFileError:
    with pytest.raises(LabelledFileError) as caught:
        read_labelled(path)
    return caught.value


def test_unknown_label_names_file_line_and_the_label_meant(tmp_path):
    path = edited(tmp_path, "<date>1999</date>", "<dat>1999</dat>")
    error = error_of(path)
    assert (error.path, error.line) == (str(path), 9)
    assert "unknown label <dat>" in str(error) and "did you mean <date>?" in str(error)
    assert str(error).startswith(f"{path}, line 9, column ")


def test_unclosed_tag_names_where_it_was_opened(tmp_path):
    path = edited(tmp_path, "<title>Another book</title>", "<title>Another book")
    error = error_of(path)
    assert error.line == 9
    assert "unclosed tag: <title> opened at line 9" in str(error) and "add </title>" in str(error)


def test_changed_text_outside_the_tags(tmp_path):
    path = edited(tmp_path, "</date>). <title>A", "</date>) <title>A")  # a full stop deleted by mistake
    error = error_of(path)
    assert error.line == 8
    assert "text of this reference changed" in str(error) and 'delete check="..."' in str(error)


def test_moving_tags_is_what_a_correction_is(tmp_path):
    path = edited(tmp_path, "<author>Doe, A.</author> <date>1999</date>", "<author>Doe, A. 1999</author>")
    record = read_labelled(path)[1]
    assert ("author", "Doe, A. 1999") in record.fields() and record.text == BOOK.text


def test_nested_labels_and_a_bare_ampersand(tmp_path):
    nested = edited(tmp_path, "<title>Another book</title>", "<title>Another <note>book</note></title>")
    assert "labels cannot nest" in str(error_of(nested))
    bare = edited(tmp_path, "Smith, J. &amp; Doe", "Smith, J. & Doe")
    assert "write a literal '<' as &lt; and '&' as &amp;" in str(error_of(bare)) and error_of(bare).line == 8


def test_skipped_and_unchecked_references(tmp_path):
    path = written([SMITH, BOOK], "xml", tmp_path)
    content = path.read_text(encoding="utf-8").replace('<ref id="r1"', '<ref skip="not mine" id="r1"')
    # the second reference changed on purpose, its check attribute deleted
    content = re.sub(r'(<ref) check="\w+"(><citation-number>)', r"\1\2", content)
    path.write_text(content.replace("<publisher>Sage</publisher>", "<publisher>Sage Publications</publisher>"),
                    encoding="utf-8")
    (only,) = read_labelled(path)
    assert only.text.endswith("London: Sage Publications.")


# --- the corpus, through every format and back -----------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_dev_reference_survives_each_format(fmt, data_dir, tmp_path):
    records = []
    for line in (data_dir / "parse" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        records.append(LabelledRecord(item["text"], tuple(tuple(s[:3]) for s in item["spans"]), item["id"],
                                      item["source"]))
    back = read_labelled(written(records, fmt, tmp_path))
    assert len(back) == len(records) == 868
    assert [r for r, b in zip(records, back) if not same(r, b)] == []
    if fmt in ("xml", "jsonl"):
        assert [(b.id, b.source) for b in back] == [(r.id, r.source) for r in records]
