"""CSL-JSON output: mapping, our schema (accepts what we emit, rejects what CSL does not allow), citeproc-py."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import jsonschema
import pytest

from refparse.formats.csl import to_csl, validate
from refparse.formats.csl_schema import CSL_ITEM_TYPES
from refparse.types import Name, Reference

FULL = Reference(
    text="",
    authors=[Name("Smith", "J. A."), Name("Berg", "J.", "van der"), Name("King", "M. L.", suffix="Jr."),
             Name(literal="ATLAS Collaboration")],
    editors=[Name("Roe", "R.")],
    title="A title", container_title="Journal of Things", collection_title="Series", year=2001, month=5, day=17,
    volume="12", issue="3", pages="45–67", first_page="45", last_page="67", publisher="Sage", location="London",
    edition="2nd", doi="10.1000/xyz", url="http://x.org", isbn="9780306406157", pmid="123", pmcid="PMC123",
    arxiv="1706.03762", type="article-journal", accessed="2020-05-01",
)


def harvard_style():
    """The Harvard style that citeproc-py ships (no network needed)."""
    import citeproc
    from citeproc import CitationStylesStyle

    styles = Path(citeproc.__file__).parent / "data" / "styles"
    path = next(styles.glob("harvard*.csl"))
    return CitationStylesStyle(str(path), validate=False)


def render(items: list[dict], style=None) -> list[str]:
    """Bibliography entries for ``items`` in plain text; any citeproc warning (an unsupported field) fails."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bibliography = CitationStylesBibliography(style or harvard_style(), CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return [str(entry) for entry in bibliography.bibliography()]


def test_full_item_maps_every_field():
    item = to_csl(FULL, key="k1")
    assert item["id"] == "k1" and item["type"] == "article-journal"
    assert item["author"] == [{"family": "Smith", "given": "J. A."},
                              {"family": "Berg", "given": "J.", "non-dropping-particle": "van der"},
                              {"family": "King", "given": "M. L.", "suffix": "Jr."},
                              {"literal": "ATLAS Collaboration"}]
    assert item["issued"] == {"date-parts": [[2001, 5, 17]]}
    assert item["accessed"] == {"date-parts": [[2020, 5, 1]]}
    assert (item["volume"], item["issue"], item["page"], item["page-first"]) == ("12", "3", "45–67", "45")
    assert (item["DOI"], item["URL"], item["ISBN"], item["PMID"], item["PMCID"]) == (
        "10.1000/xyz", "http://x.org", "9780306406157", "123", "PMC123")
    assert item["publisher-place"] == "London" and item["collection-title"] == "Series"
    validate([item])


def test_default_id_is_the_citation_key():
    assert to_csl(FULL)["id"] == "smith2001title"


@pytest.mark.parametrize(("ours", "csl"), [("preprint", "article"), ("thesis", "thesis"), (None, "document"),
                                           ("paper-conference", "paper-conference")])
def test_types_are_csl_types(ours, csl):
    item = to_csl(Reference(text="", title="T", type=ours))
    assert item["type"] == csl and csl in CSL_ITEM_TYPES


def test_status_without_a_year():
    item = to_csl(Reference(text="", title="T", date_status="in-press", type="article-journal"))
    assert item["status"] == "in press" and "issued" not in item
    validate([item])


@pytest.mark.parametrize(
    "breakage",
    [
        lambda i: i.pop("id"),
        lambda i: i.update(type="journal"),
        lambda i: i.update(volumen="3"),
        lambda i: i.update(author=[{"given": "J."}]),
        lambda i: i.update(author=[{"family": "X", "initials": "J"}]),
        lambda i: i.update(issued={"date-parts": [[2001, 5, 17, 3]]}),
        lambda i: i.update(issued={"year": 2001}),
        lambda i: i.update(title=["A"]),
        lambda i: i.update(page={"first": 1}),
    ],
)
def test_schema_rejects_what_csl_does_not_allow(breakage):
    item = copy.deepcopy(to_csl(FULL))
    breakage(item)
    with pytest.raises(jsonschema.ValidationError):
        validate([item])


def test_renders_with_citeproc_py():
    [entry] = render([to_csl(FULL, key="k1")])
    assert "Smith" in entry and "2001" in entry and "A title" in entry and "Journal of Things" in entry


def test_reference_methods_delegate_to_the_writers():
    from refparse.formats.bibtex import to_bibtex

    assert FULL.to_csl() == to_csl(FULL) and FULL.to_csl("x")["id"] == "x"
    assert FULL.to_bibtex() == to_bibtex(FULL) and FULL.to_bibtex("x").startswith("@article{x,")


def test_writing_formats_imports_no_heavy_package():
    import subprocess
    import sys

    code = (
        "import sys, refparse\n"
        "from refparse.types import Reference\n"
        "ref = Reference(text='x', title='T', year=2001)\n"
        "ref.to_csl(); ref.to_bibtex(); ref.to_dict()\n"
        "heavy = [m for m in ('bibtexparser', 'citeproc', 'jsonschema', 'pylatexenc') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
