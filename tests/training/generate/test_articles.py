"""Generated test articles: the PDF typesets and every gold reference is found in it."""

from __future__ import annotations

import shutil

import pytest

from refparse.training.generate.articles import ArticleSpec, article_specs, make_article

from .test_latex import ARTICLE, BOOK, PAPER

needs_tex = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdflatex", "bibtex", "pdftotext", "pdfinfo")),
    reason="pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended "
           "texlive-bibtex-extra lmodern poppler-utils)",
)


def test_specs_vary_and_headless_lists_are_numbered():
    specs = article_specs(30, seed=0)
    assert {s.columns for s in specs} == {1, 2} and len({s.language for s in specs}) > 4
    from refparse.training.generate.articles import NUMBERED

    assert all(s.style in NUMBERED for s in specs if s.language == "none")


@needs_tex
def test_an_article_has_its_gold_references_and_they_are_found():
    pytest.importorskip("pypdfium2")
    from refparse.pdf import read_pdf

    spec = ArticleSpec("t", "plainnat", columns=2, language="de", references=3, compact=True)
    article = make_article([ARTICLE, PAPER, BOOK], spec)
    assert article.pdf.startswith(b"%PDF") and len(article.gold) == 3
    found = read_pdf(article.pdf)
    assert found.section == "heading: Literatur" and len(found.references) == 3
