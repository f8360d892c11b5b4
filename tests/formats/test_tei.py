"""TEI output: GROBID-style biblStruct and listBibl, well-formed and escaped whatever the input holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from refparse.formats.tei import TEI_NS, iso_date, to_tei, to_tei_list, xml_text
from refparse.types import Name, Reference

NS = {"t": TEI_NS}


def reference(**values) -> Reference:
    values.setdefault("text", "")
    return Reference(**values)


def parsed(text: str) -> ET.Element:
    return ET.fromstring(text)  # raises on anything that is not well-formed XML


ARTICLE = reference(
    text="Smith, J. A. & Jones, K. (2001). On <things> & \"stuff\". Journal of Things, 3(2), 1-9. doi:10.1/x",
    authors=[Name(family="Smith", given="J. A."), Name(family="Gogh", particle="van", given="Vincent", suffix="Jr.")],
    title='On <things> & "stuff"', container_title="Journal of Things", year=2001, month=3, day=5, volume="3",
    issue="2", pages="1-9", first_page="1", last_page="9", doi="10.1/x", issn="1234-5678", pmid="123",
    url="https://example.org/a?b=1&c=<2>", type="article-journal")


def test_an_article_has_analytic_and_a_journal_monogr():
    root = parsed(to_tei(ARTICLE))
    assert root.tag == f"{{{TEI_NS}}}biblStruct"
    title = root.find("t:analytic/t:title", NS)
    assert title.text == 'On <things> & "stuff"' and title.get("level") == "a" and title.get("type") == "main"
    first, second = root.findall("t:analytic/t:author/t:persName", NS)
    assert [f.text for f in first.findall("t:forename", NS)] == ["J", "A"]
    assert [f.get("type") for f in first.findall("t:forename", NS)] == ["first", "middle"]
    assert first.find("t:surname", NS).text == "Smith"
    assert second.find("t:surname", NS).text == "van Gogh" and second.find("t:genName", NS).text == "Jr."
    assert root.find("t:analytic/t:idno[@type='DOI']", NS).text == "10.1/x"
    assert root.find("t:analytic/t:idno[@type='PMID']", NS).text == "123"
    assert root.find("t:analytic/t:ptr", NS).get("target") == "https://example.org/a?b=1&c=<2>"
    journal = root.find("t:monogr/t:title", NS)
    assert journal.text == "Journal of Things" and journal.get("level") == "j"
    assert root.find("t:monogr/t:idno[@type='ISSN']", NS).text == "1234-5678"
    imprint = root.find("t:monogr/t:imprint", NS)
    assert imprint.find("t:biblScope[@unit='volume']", NS).text == "3"
    assert imprint.find("t:biblScope[@unit='issue']", NS).text == "2"
    page = imprint.find("t:biblScope[@unit='page']", NS)
    assert (page.get("from"), page.get("to")) == ("1", "9")
    assert imprint.find("t:date", NS).attrib == {"type": "published", "when": "2001-03-05"}
    assert root.find("t:note[@type='raw_reference']", NS) is None


def test_the_raw_reference_note_only_when_asked():
    root = parsed(to_tei(ARTICLE, include_raw=True))
    assert root.find("t:note[@type='raw_reference']", NS).text == ARTICLE.text


def test_special_characters_are_escaped_in_the_text():
    text = to_tei(ARTICLE)
    assert "On &lt;things&gt; &amp; \"stuff\"" in text
    assert 'target="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in text


def test_a_book_stands_alone_in_monogr_with_its_authors_and_imprint():
    book = reference(authors=[Name(family="Knuth", given="Donald E.")], title="The Art of Computer Programming",
                     year=1997, publisher="Addison-Wesley", location="Reading, MA", isbn="0201896834",
                     edition="3rd", editors=[Name(family="Ed", given="A.")], collection_title="Series X",
                     type="book")
    root = parsed(to_tei(book))
    assert root.find("t:analytic", NS) is None
    title = root.find("t:monogr/t:title", NS)
    assert title.text == "The Art of Computer Programming" and title.get("level") == "m"
    assert root.find("t:monogr/t:author/t:persName/t:surname", NS).text == "Knuth"
    assert root.find("t:monogr/t:editor/t:persName/t:surname", NS).text == "Ed"
    assert root.find("t:monogr/t:idno[@type='ISBN']", NS).text == "0201896834"
    assert root.find("t:monogr/t:edition", NS).text == "3rd"
    assert root.find("t:monogr/t:imprint/t:publisher", NS).text == "Addison-Wesley"
    assert root.find("t:monogr/t:imprint/t:pubPlace", NS).text == "Reading, MA"
    assert root.find("t:series/t:title[@level='s']", NS).text == "Series X"


def test_a_chapter_or_paper_has_its_container_at_level_m():
    paper = reference(title="CRFs", container_title="Proc. ICML", type="paper-conference", arxiv="2101.00001",
                      pages="e1002", authors=[Name(literal="The Consortium")])
    root = parsed(to_tei(paper))
    assert root.find("t:monogr/t:title", NS).get("level") == "m"
    assert root.find("t:analytic/t:idno[@type='arXiv']", NS).text == "2101.00001"
    assert root.find("t:analytic/t:author/t:orgName", NS).text == "The Consortium"
    assert root.find("t:monogr/t:imprint/t:biblScope[@unit='page']", NS).text == "e1002"


def test_an_empty_record_is_still_valid_tei():
    root = parsed(to_tei(reference()))
    assert root.find("t:monogr/t:title", NS) is not None and root.find("t:monogr/t:imprint", NS) is not None


def test_characters_xml_cannot_hold_become_replacement_characters():
    ref = reference(text="a\x00b\x07c\ud800d", title="x\x1by")
    root = parsed(to_tei(ref, include_raw=True))
    assert root.find("t:monogr/t:title", NS).text == "x\ufffdy"
    assert root.find("t:note", NS).text == "a\ufffdb\ufffdc\ufffdd"
    assert xml_text("tab\tand\nnewline\r") == "tab\tand\nnewline\r"  # XML's own whitespace stays


def test_a_list_is_a_tei_document_with_one_biblstruct_per_reference_in_order():
    refs = [reference(text=f"ref {i}", title=f"Title {i}") for i in range(5)] + [reference()]
    text = to_tei_list(refs, include_raw=True)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = parsed(text.encode("utf-8"))
    assert root.tag == f"{{{TEI_NS}}}TEI"
    items = root.findall("t:text/t:back/t:div/t:listBibl/t:biblStruct", NS)
    assert [b.get("{http://www.w3.org/XML/1998/namespace}id") for b in items] == [f"b{i}" for i in range(6)]
    assert [b.findtext("t:note", namespaces=NS) for b in items[:5]] == [f"ref {i}" for i in range(5)]


def test_iso_dates():
    assert iso_date(reference(year=2002)) == "2002"
    assert iso_date(reference(year=2002, month=3)) == "2002-03"
    assert iso_date(reference(year=2002, month=3, day=9)) == "2002-03-09"
    assert iso_date(reference(month=3)) is None


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_any_text_gives_well_formed_xml_and_comes_back(title, raw):
    root = parsed(to_tei(reference(text=raw, title=title, container_title="J"), include_raw=True).encode("utf-8"))
    back = root.findtext("t:analytic/t:title", namespaces=NS)
    assert back == (xml_text(title.strip()) if title.strip() else None)
