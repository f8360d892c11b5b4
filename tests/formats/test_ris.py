"""RIS output: the type map, names, tags, and reading back with rispy."""

from __future__ import annotations

import io

import rispy

from refparse.formats import write, write_ris
from refparse.formats.ris import RIS_TYPES, ris_name, to_ris
from refparse.types import Name, Reference

#: rispy's tags plus the two it does not know by name (ED editors, A4 translators), read as lists.
MAPPING = {**rispy.TAG_KEY_MAPPING, "ED": "editors", "A4": "translators"}
LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "ED", "A4"]


def read_ris(text: str) -> list[dict]:
    return rispy.loads(text, mapping=MAPPING, list_tags=LIST_TAGS)


def expected_ris(ref: Reference) -> dict:
    """What rispy must give back for ``ref``'s main fields."""
    out = {"type_of_reference": RIS_TYPES.get(ref.type or "", "GEN")}
    for key, names in (("authors", ref.authors), ("editors", ref.editors), ("translators", ref.translators)):
        if names:
            out[key] = [" ".join(ris_name(n).split()) for n in names]
    values = {"title": ref.title, "secondary_title": ref.container_title,
              "year": f"{ref.year:04d}" if ref.year else None, "volume": ref.volume, "number": ref.issue,
              "start_page": ref.first_page or ref.pages,
              "end_page": ref.last_page if ref.first_page else None, "publisher": ref.publisher,
              "place_published": ref.location, "edition": ref.edition, "doi": ref.doi,
              "issn": ref.isbn or ref.issn}
    for key, value in values.items():
        if value and value.strip():
            out[key] = " ".join(value.split())
    if ref.url and ref.url.strip():
        out["urls"] = [u.strip() for u in " ".join(ref.url.split()).split(";")]  # rispy splits UR at ";"
    return out


def main_fields(record: dict) -> dict:
    keys = ("type_of_reference", "authors", "editors", "translators", "title", "secondary_title", "year", "volume",
            "number", "start_page", "end_page", "publisher", "place_published", "edition", "doi", "issn", "urls")
    def tidy(value):
        return [" ".join(v.split()) for v in value] if isinstance(value, list) else " ".join(value.split())

    return {k: tidy(record[k]) for k in keys if k in record}


ARTICLE = Reference(
    text="", authors=[Name(family="Smith", given="J. A."), Name(family="Gogh", particle="van", given="Vincent",
                                                                 suffix="Jr."), Name(literal="WHO")],
    editors=[Name(family="Ed", given="E.")], title="On things\nand stuff", container_title="Journal of Things",
    year=2001, month=3, day=5, volume="3", issue="2", pages="1-9", first_page="1", last_page="9", doi="10.1/x",
    issn="1234-5678", pmid="123", arxiv="2401.00368", url="https://example.org/a", type="article-journal",
    note="in Spanish")


def test_an_article_has_its_tags_in_order():
    text = to_ris(ARTICLE)
    lines = text.splitlines()
    assert lines[0] == "TY  - JOUR" and lines[-1] == "ER  - "
    assert "AU  - van Gogh, Vincent, Jr." in lines and "AU  - WHO" in lines and "ED  - Ed, E." in lines
    assert "TI  - On things and stuff" in lines, "a value is one line"
    assert {"T2  - Journal of Things", "JO  - Journal of Things", "DA  - 2001/03/05/", "SP  - 1", "EP  - 9",
            "DO  - 10.1/x", "SN  - 1234-5678", "N1  - PMID: 123", "N1  - arXiv: 2401.00368"} <= set(lines)


def test_types_map_to_ris_types():
    for csl, ris in [("book", "BOOK"), ("chapter", "CHAP"), ("paper-conference", "CPAPER"), ("thesis", "THES"),
                     ("report", "RPRT"), ("webpage", "ELEC"), (None, "GEN"), ("something", "GEN")]:
        assert to_ris(Reference(text="", type=csl, title="T")).startswith(f"TY  - {ris}\n")


def test_rispy_reads_the_record_back():
    [record] = read_ris(to_ris(ARTICLE))
    assert main_fields(record) == expected_ris(ARTICLE)
    assert record["notes"] == ["in Spanish", "arXiv: 2401.00368", "PMID: 123"]


def test_a_batch_reads_back_record_by_record_and_write_knows_ris():
    refs = [ARTICLE, Reference(text="", title="A book", type="book", isbn="9780306406157", issn="1111-2222"),
            Reference(text="")]
    out = io.StringIO()
    write(refs, "ris", out)
    assert out.getvalue() == "".join(to_ris(r) + "\n" for r in refs)
    buffer = io.StringIO()
    write_ris(refs, buffer)
    records = read_ris(buffer.getvalue())
    assert [main_fields(r) for r in records] == [expected_ris(r) for r in refs]
    assert records[1]["notes"] == ["ISSN: 1111-2222"]
