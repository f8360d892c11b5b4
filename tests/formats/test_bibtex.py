"""BibTeX output: keys, escaping, names, entry types, and reading back with bibtexparser (v2)."""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser import middlewares as m

from refparse.formats import unique_keys
from refparse.formats.bibtex import bibtex_fields, citation_key, escape, format_name, latex_text, to_bibtex
from refparse.types import Name, Reference

VERBATIM = ("url", "doi", "eprint")


def reference(**values) -> Reference:
    values.setdefault("text", "")
    return Reference(**values)


def read_back(text: str) -> list[dict[str, str]]:
    """Each entry's fields as bibtexparser gives them: LaTeX decoded, except the verbatim fields."""
    raw = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(text, append_middleware=[m.LatexDecodingMiddleware()])
    assert not raw.failed_blocks and not decoded.failed_blocks
    out = []
    for plain, dec in zip(raw.entries, decoded.entries):
        out.append({f.key: (plain if f.key in VERBATIM else dec).fields_dict[f.key].value for f in plain.fields})
    return out


def expected_back(ref: Reference) -> dict[str, str]:
    """What a LaTeX-aware reader gives back: our fields, with "--" read as an en dash, and (pylatexenc's
    reading of \\textasciicircum) a caret as U+02C6."""
    out = {}
    for key, value in bibtex_fields(ref).items():
        if key == "pages":
            value = value.replace("--", "–")
        out[key] = value if key in VERBATIM else value.replace("^", "\u02c6")
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [("R&D", r"R\&D"), ("50%", r"50\%"), ("$5", r"\$5"), ("#1", r"\#1"), ("a_b", r"a\_b"), ("{x}", r"\{x\}"),
     ("a~b", r"a\textasciitilde{}b"), ("x^2", r"x\textasciicircum{}2"), ("a\\b", r"a\textbackslash{}b"),
     ("Müller", "Müller"), ("a--b", "a-{}-b"), ("''q''", "'{}'q'{}'"), ("``q", "`{}`q")],
)
def test_latex_specials_are_escaped(text, expected):
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        (reference(authors=[Name("Smith", "J.")], year=2001, title="The Random Fields"), "smith2001random"),
        (reference(authors=[Name("Müller", "K.")], year=1999, year_suffix="b", title="Über Zeit"), "muller1999zeit"),
        (reference(authors=[Name("O'Brien", "P.")], title="On a Thing"), "obrienndthing"),
        (reference(authors=[Name("Berg", "J.", "van der")], year=2010, title="X"), "berg2010x"),
        (reference(authors=[Name(literal="World Health Organization")], year=2020, title="Report"),
         "world2020report"),
        (reference(editors=[Name("Roe", "R.")], year=2000, title="Book"), "roe2000book"),
        (reference(), "ref"),
    ],
)
def test_citation_keys(ref, key):
    assert citation_key(ref) == key
    assert citation_key(ref) == citation_key(ref), "stable"


def test_repeated_keys_get_letters():
    assert unique_keys(["a2001x", "a2001x", "b", "a2001x"]) == ["a2001x", "a2001xb", "b", "a2001xc"]


@pytest.mark.parametrize(
    ("name", "written"),
    [
        (Name("Smith", "J. A."), "Smith, J. A."),
        (Name("Berg", "J.", "van der"), "van der Berg, J."),
        (Name("King", "Martin Luther", suffix="Jr."), "King, Jr., Martin Luther"),
        (Name("Wright", suffix="Jr."), "Wright, Jr., {}"),
        (Name("Van de Peer", "Y."), "{Van de Peer}, Y."),
        (Name("response Webster", "M."), "{response Webster}, M."),  # no particle: not "von response"
        (Name(literal="Smith and Sons"), "{Smith and Sons}"),
        (Name("Ng", "A_B"), r"Ng, A\_B"),
    ],
)
def test_names(name, written):
    assert format_name(name) == written


@pytest.mark.parametrize(
    ("kind", "entry", "container_field"),
    [("article-journal", "article", "journal"), ("paper-conference", "inproceedings", "booktitle"),
     ("chapter", "incollection", "booktitle"), ("book", "book", None), ("thesis", "phdthesis", None),
     ("report", "techreport", None), ("webpage", "misc", "howpublished"), ("preprint", "misc", "howpublished")],
)
def test_entry_types(kind, entry, container_field):
    ref = reference(type=kind, title="T", container_title="C", publisher="P", authors=[Name("Doe", "J.")])
    text = to_bibtex(ref)
    assert text.startswith(f"@{entry}{{doe")
    if container_field:
        assert f"  {container_field} = {{C}}," in text
    publisher_field = {"thesis": "school", "report": "institution"}.get(kind, "publisher")
    assert f"  {publisher_field} = {{P}}," in text


TRICKY = reference(
    authors=[Name("Smith", "J. A."), Name("Berg", "J.", "van der"), Name("King", "M. L.", suffix="Jr."),
             Name(literal="ATLAS Collaboration"), Name("García Márquez", "G.")],
    et_al=True,
    editors=[Name("Roe", "R.")],
    title="A {braced} title: R&D at 50% of $5, #1 & a_b ~ c^2 \\ d",
    container_title="J. Things & Stuff",
    year=2001, month=5, volume="12", issue="3", pages="1234–56", publisher="O'Reilly & Sons",
    doi="10.1002/(SICI)1097-4571_x%20y", url="http://x.org/a_b?c=1&d=%20#f", arxiv="1706.03762",
    note="in press", isbn="9780306406157", type="article-journal", accessed="2020-05-01",
)


def test_tricky_record_reads_back_field_for_field():
    [back] = read_back(to_bibtex(TRICKY))
    assert back == expected_back(TRICKY)
    assert back["author"].endswith(" and others"), "et al. is BibTeX's 'and others'"
    assert back["urldate"] == "2020-05-01"


def test_tricky_names_read_back_person_by_person():
    library = bibtexparser.parse_string(to_bibtex(TRICKY, unicode=True), append_middleware=[m.SeparateCoAuthors(),
                                                                                m.SplitNameParts()])
    people = library.entries[0].fields_dict["author"].value
    assert [" ".join(p.von + p.last) for p in people] == ["Smith", "van der Berg", "King", "{ATLAS Collaboration}",
                                                          "García Márquez", "others"]
    assert [" ".join(p.first) for p in people][:3] == ["J. A.", "J.", "M. L."]
    assert people[2].jr == ["Jr."]



def test_a_family_name_starting_in_lower_case_reads_back_whole():
    ref = reference(authors=[Name("response Webster", "M."), Name("Berg", "J.", "van der")])
    library = bibtexparser.parse_string(to_bibtex(ref), append_middleware=[m.SeparateCoAuthors(),
                                                                           m.SplitNameParts()])
    people = library.entries[0].fields_dict["author"].value
    assert [(p.von, p.last) for p in people] == [([], ["{response Webster}"]), (["van", "der"], ["Berg"])]


def test_empty_record_is_still_an_entry():
    [back] = read_back(to_bibtex(reference(title="Only a title")))
    assert back == {"title": "Only a title"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Müller", r'M{\"{u}}ller'), ("Émile", r"{\'{E}}mile"), ("í", r"{\'{\i}}"), ("ç", r"{\c{c}}"),
     ("ß ø Ł", r"{\ss} {\o} {\L}"), ("α Γ Α", r"{$\alpha$} {$\Gamma$} {$\mathrm{A}$}"), ("−1", "{$-$}1"),
     ("√2", r"{$\surd$}2"), ("z∼1", r"z{$\sim$}1"), ("a–b", r"a\textendash{}b"), ("ﬁsh", "fish"),
     ("한국", "한국"), ("e\u0301", r"{\'{e}}")],
)
def test_non_ascii_is_written_as_latex_for_pdflatex(text, expected):
    assert latex_text(text) == expected


def test_bibtex_is_latex_by_default_and_utf8_with_unicode():
    ref = reference(title="Über α-Teilchen", authors=[Name(family="Müller", given="J.")], year=2003,
                    url="https://example.org/é", type="book")
    latex, utf8 = to_bibtex(ref), to_bibtex(ref, unicode=True)
    assert r"title = {{\"{U}}ber {$\alpha$}-Teilchen}" in latex and "url = {https://example.org/%C3%A9}" in latex
    assert latex.isascii()
    assert "title = {Über α-Teilchen}" in utf8 and "author = {Müller, J.}" in utf8
