"""Whole typeset articles with known references, for testing and evaluating :func:`refparse.parse_pdf`.

An article is what a reference list lives in: a title, an abstract, body paragraphs with citations, an equation,
a figure caption and a numbered list (which a reference finder must not take for references), a reference heading
in one of several languages (or none), the bibliography through a BibTeX style (:mod:`.latex`), in one or two
columns, with running heads and page numbers, and acknowledgements and an appendix after the references.

The gold references are the same .bib entries through the same style, typeset by :func:`.latex.typeset` on a page
so wide that no entry breaks a line (and without hyphenation): the clean strings a user would paste, labelled by
:func:`.latex.label_entry`. Records that cannot be labelled are left out of both documents, so every reference
of the article has its gold; the set is typeset again until no record drops (numbered labels must agree).
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...corpus import Example
from .latex import BibEntry, Drop, LatexStats, _example, _run, bib_entries, bst_path, typeset, uses_natbib

#: Reference headings as the languages write them (``""``: the list has no heading at all).
HEADINGS: dict[str, str] = {
    "en": "References", "en-bib": "Bibliography", "en-lit": "Literature Cited", "de": "Literatur",
    "pt": "Referências", "fr": "Bibliographie", "es": "Bibliografía", "it": "Riferimenti bibliografici",
    "none": "",
}
#: What follows the reference list.
AFTER = ("appendix", "acknowledgements", "both", "none")
#: Styles that print a number or label per entry (a headless list is only made with these: a headless
#: author-year list is not something one can find without the layout of a paper one knows). Not unsrtnat: with
#: natbib in its default author-year mode, its list has no numbers.
NUMBERED = frozenset({"IEEEtran", "plain", "unsrt", "abbrv", "ieeetr", "siam", "alpha", "acm",
                      "splncs04", "vancouver", "IEEEtranN", "plainurl", "unsrturl", "elsarticle-num"})
AUTHOR_YEAR = ("plainnat", "abbrvnat", "apalike", "elsarticle-harv", "chicago", "agsm", "aaai-named")
DEFAULT_STYLES = ("plainnat", "unsrtnat", "IEEEtran", "abbrvnat", "apalike", "plain", "siam", "alpha")
#: No entry of the gold document may break a line: a wide page, no hyphenation, URLs unbroken.
GOLD_PREAMBLE = ("\\usepackage[paperwidth=150cm,paperheight=200cm,margin=1cm]{geometry}"
                 "\\hyphenpenalty=10000\\exhyphenpenalty=10000")
GOLD_ROUNDS = 3


@dataclass
class ArticleSpec:
    """How one article is made; ``name`` is its file stem."""

    name: str
    style: str
    columns: int = 1
    language: str = "en"
    running_heads: bool = True
    after: str = "both"
    references: int = 15
    seed: int = 0
    paper: str = "a4paper"
    compact: bool = False  # Times (base-14 metrics) and no equation: a PDF of a few tens of KB, for committed tests

    @property
    def heading(self) -> str:
        return HEADINGS[self.language]


@dataclass
class Article:
    """A typeset article: its PDF bytes and its gold references in the order the style prints them."""

    spec: ArticleSpec
    pdf: bytes
    gold: list[Example] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


# --- body text ---------------------------------------------------------------------------------------------------

_SUBJECTS = ("The proposed method", "Our model", "This approach", "The baseline", "A simple variant", "The estimator",
             "Each component", "The resulting system", "The annotated corpus", "Previous work")
_VERBS = ("improves", "reduces", "depends on", "extends", "outperforms", "is robust to", "generalises",
          "approximates", "is evaluated on", "does not require")
_OBJECTS = ("the error rate on held-out data", "the cost of annotation", "earlier results on this task",
            "the variance of the estimate", "a larger set of languages", "noisy and incomplete input",
            "the number of parameters", "the structure of the problem", "several standard benchmarks",
            "the assumptions of the original analysis")
_TAILS = ("in most settings we tried", "as the experiments below show", "at a fraction of the cost",
          "when the training data are scarce", "under mild conditions", "without further tuning",
          "for every configuration in Table 2", "although the gain is small", "as expected", "in practice")
_TITLE_WORDS = ("Robust", "Efficient", "Learning", "Structured", "Estimation", "Models", "Sparse", "Neural",
                "Evidence", "Inference", "Adaptive", "Reference", "Parsing", "Sampling", "Methods")
_SECTIONS = ("Introduction", "Related Work", "Method", "Experiments", "Results", "Discussion", "Conclusion")
_APPENDIX = ("Proof of the main result", "Additional experiments", "Hyperparameters")
_NAMES = ("Ana Silva", "Jonas Weber", "Marie Dubois", "Kenji Sato", "Lucía Gómez", "Tom Baker", "Eva Novak")


def sentence(rng: random.Random, cite: str = "") -> str:
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"
    return text + (f" {cite}" if cite else "") + "."


def paragraph(rng: random.Random, keys: Sequence[str], sentences: int = 6) -> str:
    parts = []
    for _ in range(sentences):
        cite = f"\\cite{{{rng.choice(keys)}}}" if keys and rng.random() < 0.3 else ""
        parts.append(sentence(rng, cite))
    return " ".join(parts)


def body(rng: random.Random, keys: Sequence[str], equation: bool = True) -> list[str]:
    """Sections of paragraphs with an equation, a figure and a numbered list (which is not a reference list)."""
    out = ["\\begin{abstract}", paragraph(rng, (), 4), "\\end{abstract}"]
    for n, title in enumerate(_SECTIONS[: rng.randint(4, 7)]):
        out += [f"\\section{{{title}}}", paragraph(rng, keys), "", paragraph(rng, keys, rng.randint(3, 7))]
        if n == 1 and equation:
            out += ["\\begin{equation}", "L(\\theta) = \\sum_{i=1}^{n} \\log p(y_i \\mid x_i, \\theta) - "
                    "\\lambda \\lVert \\theta \\rVert^2", "\\end{equation}", paragraph(rng, keys, 3)]
        if n == 2:
            out += ["\\begin{figure}[ht]\\centering\\fbox{\\rule{0pt}{2cm}\\rule{4cm}{0pt}}",
                    f"\\caption{{{sentence(rng)}}}\\end{{figure}}", "\\begin{enumerate}",
                    *(f"\\item {sentence(rng)}" for _ in range(3)), "\\end{enumerate}"]
    return out


def after_references(rng: random.Random, after: str) -> list[str]:
    out = []
    if after in ("acknowledgements", "both"):
        out += ["\\section*{Acknowledgements}", paragraph(rng, (), 3)]
    if after in ("appendix", "both"):
        out.append("\\appendix")
        for title in _APPENDIX[: rng.randint(1, 2)]:
            out += [f"\\section{{{title}}}", paragraph(rng, ()), "", paragraph(rng, (), 4)]
    return out


def article_tex(spec: ArticleSpec, keys: Sequence[str], natbib: bool) -> str:
    rng = random.Random(f"{spec.seed}/{spec.name}/body")
    options = ",".join(o for o in ("10pt", spec.paper, "twocolumn" if spec.columns == 2 else "") if o)
    title = " ".join(rng.sample(_TITLE_WORDS, 4))
    authors = rng.sample(_NAMES, 2)
    fonts = ["{times}"] if spec.compact else ["{lmodern}"]
    packages = ["[T1]{fontenc}", "[utf8]{inputenc}", *fonts, "{textcomp}", "{amsmath}",
                "[margin=2cm]{geometry}", "{fancyhdr}"]
    packages += ["{natbib}"] if natbib else []
    packages += ["{url}", "{hyperref}"]
    lines = [f"\\documentclass[{options}]{{article}}", *(f"\\usepackage{p}" for p in packages),
             "\\providecommand{\\doi}[1]{\\url{#1}}", "\\pdfcompresslevel=9", "\\pdfobjcompresslevel=2"]
    if spec.running_heads:
        surname = authors[0].split()[-1]
        lines += ["\\pagestyle{fancy}\\fancyhf{}", f"\\fancyhead[L]{{\\small {title}}}",
                  f"\\fancyhead[R]{{\\small {surname} et al.}}", "\\fancyfoot[C]{\\thepage}"]
    else:
        lines.append("\\pagestyle{plain}")
    lines += [f"\\renewcommand{{\\refname}}{{{spec.heading}}}", f"\\title{{{title}}}",
              "\\author{" + " \\and ".join(authors) + "}", "\\date{}", "\\begin{document}", "\\maketitle",
              "\\nocite{*}"]  # first, so that unsrt-like styles print the .bib order, as the gold document does
    lines += body(rng, keys, equation=not spec.compact)
    lines += [f"\\bibliographystyle{{{spec.style}}}", "\\bibliography{refs}"]
    lines += after_references(rng, spec.after)
    lines.append("\\end{document}")
    return "\n".join(lines) + "\n"


# --- typesetting -------------------------------------------------------------------------------------------------


def gold_references(entries: list[BibEntry], bst: Path, spec: ArticleSpec, stats: LatexStats
                    ) -> tuple[list[BibEntry], list[Example]]:
    """The entries that label cleanly and their gold examples in print order, typeset again until none drops."""
    for _ in range(GOLD_ROUNDS):
        bib = "\n".join(e.bibtex(f"r{i}") for i, e in enumerate(entries))
        with tempfile.TemporaryDirectory(prefix="refparse-gold-") as folder:
            keys, texts = typeset(bib, bst, 1, Path(folder), GOLD_PREAMBLE)
        by_key = {f"r{i}": e for i, e in enumerate(entries)}
        examples = {}
        for key, text in zip(keys, texts):
            example = _example(by_key[key], text, spec.style, spec.columns, stats) if key in by_key else None
            if example is not None:
                examples[key] = example
        kept = [e for i, e in enumerate(entries) if f"r{i}" in examples]
        if len(kept) == len(entries):
            ordered = [examples[key] for key in keys]
            return entries, [Example(f"{spec.name}/{n}", f"pdf-{spec.style}", e.text, e.spans)
                             for n, e in enumerate(ordered)]
        entries = kept
    raise Drop("gold references do not settle")


def make_article(records: Sequence[dict[str, Any]], spec: ArticleSpec) -> Article:
    """Typeset one article from ``records`` (CSL-JSON; more than ``spec.references``, some will not set)."""
    bst = bst_path(spec.style)
    if bst is None:
        raise FileNotFoundError(f"BibTeX style not found: {spec.style}.bst")
    rng = random.Random(f"{spec.seed}/{spec.style}/{spec.columns}")
    stats = LatexStats()
    entries = bib_entries(records, rng, stats, limit=spec.references + 5)  # a margin for entries that will not label
    entries, gold = gold_references(entries[: spec.references + 5], bst, spec, stats)
    if len(entries) > spec.references:
        entries, gold = gold_references(entries[: spec.references], bst, spec, stats)
    keys = [f"r{i}" for i in range(len(entries))]
    with tempfile.TemporaryDirectory(prefix="refparse-article-") as name:
        folder = Path(name)
        (folder / "refs.bib").write_text("\n".join(e.bibtex(k) for k, e in zip(keys, entries)), encoding="utf-8")
        (folder / f"{bst.stem}.bst").write_bytes(bst.read_bytes())
        (folder / "doc.tex").write_text(article_tex(spec, keys, uses_natbib(bst)), encoding="utf-8")
        latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
        _run(latex, folder)
        _run(["bibtex", "doc"], folder)
        _run(latex, folder)
        _run(latex, folder)
        pdf = (folder / "doc.pdf").read_bytes()
    return Article(spec, pdf, gold, {"dropped": dict(stats.dropped)})


def article_specs(n: int, seed: int, styles: Sequence[str] = DEFAULT_STYLES, prefix: str = "article"
                  ) -> list[ArticleSpec]:
    """``n`` varied specs: styles, one and two columns, headings, running heads, what follows, list lengths."""
    rng = random.Random(f"{seed}/specs")
    specs = []
    for i in range(n):
        style = styles[i % len(styles)]
        languages = [lang for lang in HEADINGS if lang != "none" or style in NUMBERED]
        specs.append(ArticleSpec(
            name=f"{prefix}-{seed}-{i:03d}", style=style, columns=1 + (i // len(styles) + i) % 2,
            language=rng.choice(languages), running_heads=rng.random() < 0.75, after=rng.choice(AFTER),
            references=rng.randint(8, 30), seed=seed, paper=rng.choice(("a4paper", "letterpaper"))))
    return specs


def write_article(article: Article, folder: Path) -> Path:
    """``NAME.pdf``, ``NAME.gold.jsonl`` (the corpus schema) and ``NAME.spec.json`` in ``folder``."""
    from .build import write_examples

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{article.spec.name}.pdf"
    path.write_bytes(article.pdf)
    write_examples(folder / f"{article.spec.name}.gold.jsonl", article.gold)
    spec = {**asdict(article.spec), "gold_references": len(article.gold), **article.stats}
    (folder / f"{article.spec.name}.spec.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")
    return path


def tex_available() -> bool:
    return all(shutil.which(tool) for tool in ("pdflatex", "bibtex", "pdftotext", "pdfinfo"))
