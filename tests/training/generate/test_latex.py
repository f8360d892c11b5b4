"""BibTeX/LaTeX rendering of CSL-JSON records: the .bib, the typesetting, the labels found in the PDF text."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import shutil

import pytest

from refparse.labels import LABELS
from refparse.training.generate import latex
from refparse.training.generate.latex import LatexStats, render_latex

needs_tex = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdflatex", "bibtex", "pdftotext", "pdfinfo")),
    reason="pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended "
           "texlive-bibtex-extra texlive-publishers texlive-fonts-recommended lmodern poppler-utils)",
)

ARTICLE = {
    "id": "t:article", "type": "article-journal", "title": "Efficient estimation of fish populations in lakes",
    "container-title": "Journal of Fish Biology", "issued": {"date-parts": [[2019, 5]]}, "volume": "94",
    "issue": "3", "page": "411–425", "DOI": "10.1111/jfb.13901",
    "author": [{"family": "Müller", "given": "Jürgen A."}, {"family": "Smith", "given": "Ann"}],
}
PAPER = {
    "id": "t:paper", "type": "paper-conference", "title": "Attention is all you need for parsing references",
    "container-title": "Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing",
    "issued": {"date-parts": [[2020]]}, "page": "100–112", "publisher": "Association for Computational Linguistics",
    "author": [{"family": "Devlin", "given": "Jacob"}, {"family": "Chang", "given": "Ming-Wei"}],
    "editor": [{"family": "Webber", "given": "Bonnie"}, {"family": "Cohn", "given": "Trevor"}],
}
BOOK = {
    "id": "t:book", "type": "book", "title": "The TeXbook", "issued": {"date-parts": [[1984]]},
    "author": [{"family": "Knuth", "given": "Donald E."}], "publisher": "Addison-Wesley", "publisher-place": "Reading",
}
PREPRINT = {
    "id": "t:preprint", "type": "article", "title": "Scaling laws for reference parsers",
    "issued": {"date-parts": [[2024]]}, "number": "arXiv:2401.00368",
    "author": [{"literal": "The Refparse Team"}],
}
RECORDS = [ARTICLE, PAPER, BOOK, PREPRINT]


def skeleton(text: str) -> str:
    return latex.Skeleton.of(text).chars


def by_id(examples) -> dict[str, latex.Example]:
    return {e.id.rsplit("/", 1)[-1]: e for e in examples}


def fields(example) -> dict[str, str]:
    out: dict[str, str] = {}
    for start, end, label in example.spans:
        out.setdefault(label, example.text[start:end])
    return out


# --- without TeX ------------------------------------------------------------------------------------------------


def test_bib_entry_escapes_specials_and_writes_names_family_first():
    record = dict(ARTICLE, title="Costs & benefits: 50% of R_0")
    entry = latex.bib_entry(record, random.Random(0))
    text = entry.bibtex("r0")
    assert r"Costs \& benefits: 50\% of R\_0" in text
    assert "author = {M{\\\"u}ller, J{\\\"u}rgen A. and Smith, Ann}" in text
    assert "pages = {411--425}" in text
    assert "doi = {10.1111/jfb.13901}" in text  # raw: styles print it with \url / \doi
    assert text.startswith("@article{r0,")


def test_literal_names_are_braced_and_preprints_are_written_as_scholar_or_dblp_does():
    forms = {latex.bib_entry(PREPRINT, random.Random(seed)).fields.get("journal") for seed in range(8)}
    assert forms == {"arXiv preprint arXiv:2401.00368", "CoRR"}
    assert latex.bib_entry(PREPRINT, random.Random(0)).fields["author"] == "{The Refparse Team}"


def test_characters_pdflatex_cannot_set_drop_the_record():
    assert latex.settable("Gödel, Ł. Pražák – “quoted”")
    assert not latex.settable("Ελληνικά")
    assert not latex.settable("∑ x")
    with pytest.raises(latex.Drop, match="cannot set"):
        latex.bib_entry(dict(ARTICLE, title="Über ∂-Operatoren"), random.Random(0))


def test_tex_writes_accents_as_commands_so_styles_can_take_initials():
    assert latex.tex("Émile Ørsted ß") == "{\\'E}mile {\\O}rsted {\\ss}"
    assert latex.tex("ī") == "{\\=\\i}"


def test_skeleton_maps_ligatures_and_hyphenation_back_to_the_text():
    text = "Eﬃcient Natu- ral ﬁsh"
    sk = latex.Skeleton.of(text)
    assert sk.chars == "efficientnaturalfish"
    loc = latex.Locator(text, sk)
    assert loc.occurrences("natural fish") == [(text.index("Natu"), len(text))]
    assert loc.occurrences("ish") == []  # not a whole word


def test_label_entry_drops_a_record_whose_title_is_not_in_the_text():
    entry = latex.bib_entry(ARTICLE, random.Random(0))
    text = "J. A. Müller and A. Smith. Journal of Fish Biology, 94(3):411–425, 2019."
    with pytest.raises(latex.Drop, match="title not found"):
        latex.label_entry(text, entry)


def test_label_entry_drops_a_short_number_found_twice():
    entry = latex.bib_entry(dict(ARTICLE, issue="4", page="4"), random.Random(0))
    text = "J. A. Müller and A. Smith. Efficient estimation of fish populations in lakes. J, 94, 4, 4, 2019."
    with pytest.raises(latex.Drop, match="ambiguous"):
        latex.label_entry(text, entry)


def test_label_entry_widens_names_and_leaves_an_omitted_doi_unlabelled():
    entry = latex.bib_entry(ARTICLE, random.Random(0))
    text = ("Müller, J. A. and Smith, A. Efficient Estimation of Fish Popu- lations in Lakes. "
            "Journal of Fish Biology, 94(3):411–425, 2019.")
    spans = {label: text[s:e] for s, e, label in latex.label_entry(text, entry)}
    assert spans["author"] == "Müller, J. A. and Smith, A."
    assert spans["title"] == "Efficient Estimation of Fish Popu- lations in Lakes"
    assert (spans["volume"], spans["issue"], spans["pages"], spans["date"]) == ("94", "3", "411–425", "2019")
    assert "doi" not in spans


def test_mark_bbl_reads_keys_under_nested_labels_and_puts_sentinels_between_entries():
    bbl = ("\\begin{thebibliography}{2}\n\\bibitem[{Smith et~al.\\mbox{}(2001)}]{r1}\nA.\n\n"
           "\\bibitem[Doe(2002)]{r0}\nB.\n\n\\end{thebibliography}\n")
    assert [key for _, key in latex.bibitems(bbl)] == ["r1", "r0"]
    marked, keys = latex.mark_bbl(bbl)
    assert keys == ["r1", "r0"]
    assert marked.count(latex.SENTINEL) == 2
    assert marked.index("{r1}") < marked.index(latex.SENTINEL) < marked.index("{r0}")


# --- with TeX ---------------------------------------------------------------------------------------------------


@needs_tex
def test_plainnat_labels_land_on_the_record_values():
    stats = LatexStats()
    examples = by_id(render_latex(RECORDS, "plainnat", stats=stats))
    assert set(examples) == {"t:article", "t:paper", "t:book", "t:preprint"}, stats.as_dict()
    article = fields(examples["t:article"])
    assert skeleton(article["title"]) == skeleton(ARTICLE["title"])  # up to case and hyphenation
    assert skeleton(article["container-title"]) == skeleton(ARTICLE["container-title"])
    assert article["author"].startswith("Jürgen A. Müller") and article["author"].endswith("Ann Smith")
    assert (article["volume"], article["issue"], article["pages"]) == ("94", "3", "411–425")
    assert article["date"] == "May 2019"  # the month (a BibTeX macro) joins the date span
    paper = fields(examples["t:paper"])
    assert skeleton(paper["container-title"]) == skeleton(PAPER["container-title"])  # "In" left out
    assert skeleton(paper["editor"]) == skeleton("Bonnie Webber and Trevor Cohn")
    assert fields(examples["t:book"])["location"] == "Reading"
    preprint = fields(examples["t:preprint"])
    assert preprint.get("identifier") == "arXiv:2401.00368" or preprint.get("volume") == "abs/2401.00368"
    assert stats.kept["plainnat/1col"] == 4
    for example in examples.values():
        assert example.id.startswith("latex/plainnat/1col/") and example.source == "latex-plainnat"
        assert {label for _, _, label in example.spans} <= set(LABELS)
        assert list(example.spans) == sorted(example.spans)


@needs_tex
def test_numeric_style_keeps_and_labels_its_citation_number():
    examples = render_latex([ARTICLE, BOOK], "IEEEtran")
    assert len(examples) == 2
    for number, example in enumerate(examples, 1):
        assert example.text.startswith(f"[{number}] ")
        assert example.spans[0] == (1, 2, "citation-number")


@needs_tex
def test_a_style_that_prints_no_article_title_drops_and_counts_the_record():
    if latex.bst_path("apsrev4-2") is None:
        pytest.skip("apsrev4-2.bst not installed (texlive-publishers)")
    stats = LatexStats()
    examples = render_latex([ARTICLE], "apsrev4-2", stats=stats)
    assert examples == []
    assert stats.dropped["title not found"] == 1
    assert stats.samples["title not found"] and "Journal of Fish Biology" in stats.samples["title not found"][0]


def _many_records(n: int) -> list[dict]:
    words = ("adaptive", "bayesian", "coastal", "dynamics", "estimation", "fisheries", "growth", "habitat",
             "juvenile", "kinetics")
    return [{"id": f"t:{i}", "type": "article-journal", "issued": {"date-parts": [[1990 + i % 30]]},
             "title": " ".join(words[(i + k) % len(words)] for k in range(6)).capitalize() + f" part {i + 100}",
             "container-title": "Marine Ecology Progress Series", "volume": str(200 + i), "page": f"{i + 1}–{i + 30}",
             "author": [{"family": f"Author{chr(65 + i % 26)}son", "given": "Peter"},
                        {"family": "Lindqvist", "given": "Maria"}]} for i in range(n)]


@needs_tex
def test_two_columns_keep_every_entry_whole():
    records = _many_records(45)
    one = by_id(render_latex(records, "plainnat", columns=1))
    two = by_id(render_latex(records, "plainnat", columns=2))
    assert len(two) == len(records) and set(one) == set(two)
    for key, example in two.items():
        assert example.id.startswith("latex/plainnat/2col/")
        assert skeleton(example.text) == skeleton(one[key].text)  # same entry, only the line breaks differ
    assert any("- " in e.text for e in two.values())  # narrow columns hyphenate, and the hyphens stay


@needs_tex
def test_rendering_is_deterministic_for_a_seed():
    records = _many_records(6) + RECORDS
    first = render_latex(records, "abbrvnat", seed=3)
    again = render_latex(records, "abbrvnat", seed=3)
    assert first == again and len(first) >= 8


@needs_tex
def test_real_records_from_the_metadata(data_dir):
    path = data_dir / "metadata" / "beebe-fisheries.csl.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"metadata not found at {path}")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in itertools.islice(f, 25)]
    stats = LatexStats()
    examples = render_latex(records, "acl_natbib" if latex.bst_path("acl_natbib") else "plainnat", stats=stats)
    assert len(examples) >= 18, stats.as_dict()
    for example in examples:
        labels = [label for _, _, label in example.spans]
        assert {"author", "title", "date"} <= set(labels)
        assert all(example.text[s:e].strip() == example.text[s:e] != "" for s, e, _ in example.spans)


def test_two_column_text_that_differs_from_the_content_stream_is_blanked():
    marker = latex.SENTINEL
    raw = f"{marker}\nA. Smith. Title one. 2001.\n{marker}\nB. Jones. Title two. 2002.\n{marker}\n"
    cropped = ["A. Smith. Ti- tle one. 2001.", "B. Jones. Title two. https://leak 2002."]
    assert latex._check_columns(cropped, raw) == [cropped[0], ""]


def test_a_leading_given_name_broken_at_a_line_end_is_inside_the_name_span():
    entry = latex.bib_entry(ARTICLE, random.Random(0))
    text = ("Jür- gen A. Müller and Ann Smith. Efficient estimation of fish populations in lakes. "
            "Journal of Fish Biology, 94(3):411–425, 2019.")
    spans = {label: text[s:e] for s, e, label in latex.label_entry(text, entry)}
    assert spans["author"] == "Jür- gen A. Müller and Ann Smith"


def test_an_author_year_label_is_the_citation_number_and_hides_its_names_from_the_search():
    entry = latex.bib_entry(ARTICLE, random.Random(0))
    text = ("[Müller and Smith, 2019] Müller, J. A. and Smith, A. (2019). Efficient estimation of fish populations "
            "in lakes. Journal of Fish Biology, 94(3):411–425.")
    spans = [(text[s:e], label) for s, e, label in latex.label_entry(text, entry)]
    assert spans[:3] == [("Müller and Smith, 2019", "citation-number"), ("Müller, J. A. and Smith, A.", "author"),
                         ("2019", "date")]
