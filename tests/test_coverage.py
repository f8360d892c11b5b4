"""Nothing lost (refparse.coverage): every identifier in a span of its label and in its property, every
content word in some span; by example, over generated references (hypothesis) and over arbitrary text."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refparse
from refparse.coverage import check, keep_identifiers, keep_words
from refparse.types import Span

from robustness._checks import assert_spans_valid

EXAMPLES = int(os.environ.get("REFPARSE_FUZZ_EXAMPLES", "200"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans_of(text: str, *labelled: tuple[str, str]) -> list[Span]:
    """Spans for (label, substring) pairs, each at the substring's first occurrence."""
    out = []
    for label, part in labelled:
        start = text.index(part)
        out.append(Span(label, part, start, start + len(part), 0.9))
    return out


# ----------------------------------------------------------------------------------------------------------
# The examples and the breaks of PDF extraction


@pytest.mark.parametrize("text, doi", [
    ("Smith, A. B., & Jones, C. (2014). Attention and memory in the aging brain. Cortex: A Journal Devoted to the "
     "Study of the Nervous System and Behavior, 50, 125–36. http://doi.org/10.1016/j.cortex.2013.07.011",
     "10.1016/j.cortex.2013.07.011"),
    ("SILVA, J. A. Educação e sociedade. Revista Brasileira de Educação, v. 20, n. 3, p. 10-20, 2015. Disponível "
     "em: https://doi.org/10.1590/S1413-24782015206003. Acesso em: 10 jan. 2020.", "10.1590/S1413-24782015206003"),
    ("Jones, K. (2019). A study of things. J. Stuff 12, 1-9. https://doi. org/10.1016/j.cortex.2013.07.011",
     "10.1016/j.cortex.2013.07.011"),
    ("Jones, K. (2019). A study of things. J. Stuff 12, 1-9. doi:10.1016/j. cortex.2013.07.011. Accessed 2020.",
     "10.1016/j.cortex.2013.07.011"),
])
def test_the_doi_of_a_link_or_a_broken_doi_is_the_records_doi(text, doi):
    ref = refparse.parse(text)
    assert ref.doi == doi
    assert not check(ref).identifiers_lost


@pytest.mark.parametrize("link, lost", [("http://dx.doi.org/10.1038/467753a", False),
                                         ("http://example.org/467753a", True)])
def test_a_doi_org_link_labelled_doi_is_kept_as_the_records_doi(link, lost):
    from refparse.normalizers import normalise
    from refparse.types import Reference

    text = f"Barnes, N. (2010). Publish your computer code. Nature, 467, 753. DOI:{link}"
    ref = Reference(text=text, spans=spans_of(text, ("author", "Barnes, N."), ("doi", link)))
    normalise(ref)
    assert ref.url is None
    assert bool(check(ref).identifiers_lost) is lost


def test_a_doi_inside_a_link_the_model_did_not_label_is_kept():
    text = "A. Author. A title. Some Journal 3 (2001) 1-2. See http://dx.doi.org/10.1000/xyz123 for more"
    spans = spans_of(text, ("author", "A. Author."), ("title", "A title."), ("note", "See http://dx.doi.org/"))
    out = keep_identifiers(text, spans)
    assert ("url", "http://dx.doi.org/10.1000/xyz123") in [(s.label, s.text) for s in out]
    assert ("note", "See http://dx.doi.org/") not in [(s.label, s.text) for s in out]


def test_the_pattern_wins_over_the_models_label():
    text = "Doe J. Title. Journal. 2019;3:1-5. PMCID: PMC3536657"
    out = keep_identifiers(text, spans_of(text, ("author", "Doe J."), ("note", "PMCID: PMC3536657")))
    assert [(s.label, s.text) for s in out][-1] == ("identifier", "PMCID: PMC3536657")


def test_a_cue_word_the_model_put_in_the_link_is_cut_off_and_a_broken_piece_kept():
    text = "Doe J. Title. URL: https://example.org/a/b.html, 2001. http://dx.doi.org/10.2135/crop.0011183 X003600020x"
    spans = spans_of(text, ("url", "URL: https://example.org/a/b.html"),
                     ("url", "http://dx.doi.org/10.2135/crop.0011183 X003600020x"))
    out = [(s.label, s.text) for s in keep_identifiers(text, spans)]
    assert ("url", "https://example.org/a/b.html") in out
    assert ("url", "http://dx.doi.org/10.2135/crop.0011183 X003600020x") in out  # the model's wider span stays


def test_a_doi_span_without_a_doi_gives_its_words_back():
    text = "Doe J. Title. 2015. https://doi.org/10.1590/S1413. Acesso em: 10 jan. 2020."
    spans = spans_of(text, ("author", "Doe J."), ("title", "Title."), ("date", "2015"),
                     ("url", "https://doi.org/10.1590/S1413"), ("doi", "10 jan. 2020"))
    out = keep_identifiers(text, spans)
    assert "doi" not in [s.label for s in out]
    spans, warnings = keep_words(text, out)
    assert ("other", "10 jan. 2020") in [(s.label, s.text) for s in spans]
    assert warnings == ["words outside every field kept as other: '10 jan. 2020'"]


# ----------------------------------------------------------------------------------------------------------
# Words


def test_a_word_between_two_parts_of_one_title_joins_them():
    text = "Doe, J. (2001). Zeitschrift für Soziologie. Berlin"
    spans = spans_of(text, ("author", "Doe, J."), ("date", "(2001)"), ("title", "Zeitschrift"),
                     ("title", "Soziologie"))
    out, warnings = keep_words(text, spans)
    assert ("title", "Zeitschrift für Soziologie") in [(s.label, s.text) for s in out]
    assert ("other", "Berlin") in [(s.label, s.text) for s in out]
    assert warnings == ["words outside every field joined to the title around them: 'für'",
                        "words outside every field kept as other: 'Berlin'"]


def test_two_dates_around_a_gap_stay_two_values():
    text = "Ivanov A. Otchet 1998 г. Kazan, 1999."  # "г." (year) is a cue word
    spans = spans_of(text, ("author", "Ivanov A."), ("title", "Otchet"), ("date", "1998"), ("date", "1999"))
    out, _ = keep_words(text, spans)
    assert [s.text for s in out if s.label == "date"] == ["1998", "1999"]
    assert ("other", "Kazan") in [(s.label, s.text) for s in out]


def test_a_word_glued_to_a_field_joins_it():
    text = "Cook Smith, J. (2001). A title."
    spans = spans_of(text, ("author", "Smith, J."), ("date", "(2001)"), ("title", "A title."))
    out, warnings = keep_words(text, spans)
    assert ("author", "Cook Smith, J.") in [(s.label, s.text) for s in out]
    assert warnings == ["words outside every field joined to the author after them: 'Cook'"]


def test_a_sentence_next_to_a_field_is_not_joined_to_it():
    text = "Doe J. Title words. 2015."
    out, warnings = keep_words(text, spans_of(text, ("author", "Doe J."), ("date", "2015")))
    assert ("other", "Title words") in [(s.label, s.text) for s in out]


def test_cue_words_and_markup_stay_outside():
    text = "Doe J. In: <italic>Proc. Foo</italic>, pp. 1-5, edited by A. Roe (a c. di)."
    spans = spans_of(text, ("author", "Doe J."), ("container-title", "Proc. Foo"), ("pages", "1-5"),
                     ("editor", "A. Roe"))
    out, warnings = keep_words(text, spans)
    assert warnings == [] and out == sorted(spans, key=lambda s: s.start)


def test_the_record_says_where_the_words_went():
    ref = refparse.parse("Doe J. A title. Journal 3, 1-5 (2001). zzqx wvvk")
    assert not check(ref).words_outside
    assert all("outside every field" in w for w in ref.warnings if "zzqx" in w)


# ----------------------------------------------------------------------------------------------------------
# Properties


words = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü", min_size=1, max_size=10)
sentence = st.lists(words, min_size=1, max_size=6).map(" ".join)
registrant = st.integers(1000, 99999).map(str)
suffix = st.from_regex(r"[a-z]{1,4}[.-]?[A-Za-z0-9]{1,6}(?:[./_-][a-z0-9]{1,6}){0,2}[a-z0-9]", fullmatch=True)


@st.composite
def doi_forms(draw) -> tuple[str, str]:
    """(a DOI as written, the DOI) in the forms references carry, and the breaks PDF extraction makes."""
    doi = f"10.{draw(registrant)}/{draw(suffix)}"
    form = draw(st.sampled_from(["bare", "doi:", "doi: ", "https://doi.org/", "http://dx.doi.org/",
                                 "https://doi. org/", "http:// dx.doi.org/", "break"]))
    if form == "bare":
        return doi, doi
    if form == "break":  # "10.1016/j. cortex.2013": a space after a dot that goes on with a path-like piece
        head = f"10.{draw(registrant)}/j."
        tail = draw(st.from_regex(r"[a-z]{2,6}\.[0-9]{2,4}\.[0-9]{1,3}", fullmatch=True))
        return f"{head} {tail}", head + tail
    return form + doi, doi


@st.composite
def other_identifiers(draw) -> tuple[str, str, str]:
    """(as written, the Reference property, its value)."""
    kind = draw(st.sampled_from(["url", "arxiv", "pmid", "pmcid", "isbn", "issn"]))
    if kind == "url":
        host = draw(st.from_regex(r"[a-z]{2,10}\.(?:org|com|de)", fullmatch=True))
        path = draw(st.from_regex(r"(?:/[a-z0-9_-]{1,8}){0,3}(?:\.html)?", fullmatch=True))
        return f"https://www.{host}{path}", "url", f"https://www.{host}{path}"
    if kind == "arxiv":
        number = f"{draw(st.integers(1501, 2412))}.{draw(st.integers(10000, 99999))}"
        return f"arXiv:{number}", "arxiv", number
    if kind == "pmid":
        number = str(draw(st.integers(100000, 39999999)))
        return f"PMID: {number}", "pmid", number
    if kind == "pmcid":
        number = f"PMC{draw(st.integers(100000, 9999999))}"
        return f"PMCID: {number}", "pmcid", number
    if kind == "isbn":
        digits = [9, 7, 8] + draw(st.lists(st.integers(0, 9), min_size=9, max_size=9))
        check_digit = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
        number = "".join(map(str, digits + [check_digit]))
        return f"ISBN {number[:3]}-{number[3]}-{number[4:8]}-{number[8:12]}-{number[12]}", "isbn", number
    digits = draw(st.lists(st.integers(0, 9), min_size=7, max_size=7))
    total = sum(d * (8 - i) for i, d in enumerate(digits))
    check_digit = (11 - total % 11) % 11
    number = "".join(map(str, digits)) + ("X" if check_digit == 10 else str(check_digit))
    return f"ISSN {number[:4]}-{number[4:]}", "issn", f"{number[:4]}-{number[4:]}"


@st.composite
def references_with_identifiers(draw):
    """A reference-like string with a DOI and another identifier among author, title, venue, numbers, notes."""
    doi_written, doi = draw(doi_forms())
    other_written, prop, value = draw(other_identifiers())
    author = f"{draw(words).capitalize()}, {draw(st.sampled_from('ABCDJKMST'))}."
    parts = [author, f"({draw(st.integers(1900, 2030))}).",
             draw(sentence) + ".", draw(sentence) + f", {draw(st.integers(1, 99))}, {draw(st.integers(1, 999))}."]
    tail = [doi_written, other_written, draw(st.sampled_from(["", "Accessed 3 May 2020.", draw(sentence)]))]
    order = draw(st.permutations(tail))
    text = " ".join(parts + [p for p in order if p])
    return text, doi, prop, value


@PROPERTY
@given(references_with_identifiers())
def test_every_identifier_and_word_of_a_generated_reference_is_kept(case):
    text, doi, prop, value = case
    ref = refparse.parse(text)
    assert_spans_valid(text, ref)
    coverage = check(ref)
    assert coverage.identifiers_lost == [], (text, ref.spans)
    assert coverage.words_outside == [], (text, ref.spans)
    assert ref.doi == doi, text
    if prop != "url" or "doi.org" not in text:  # with two links, ref.url is the first one
        assert getattr(ref, prop) == value or prop == "url" and value in ref.fields.get("url", []), (text, ref)


@PROPERTY
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
def test_no_content_word_of_any_text_is_lost(text):
    ref = refparse.parse(text)
    assert_spans_valid(text, ref)  # the words placed overlap nothing
    coverage = check(ref)
    assert coverage.words_outside == []
    assert coverage.outside == [] and coverage.mislabelled == []
