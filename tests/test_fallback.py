"""refparse.fallback, the rule-based parser: real references of each style family, span invariants, the rules'
tokens and a core-4 floor on a fixed slice of dev; and the parser's fallback to it: a parser answers when its model
is missing, truncated, corrupt or from another feature version, with exactly one ModelWarning naming the file and
the cause; method="crf" refuses instead.

The fallback cases work on copies of the shipped model and card in tmp_path; models/ is never touched.
"""

from __future__ import annotations

import json
import random
import shutil
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refparse
from refparse.errors import ModelError, ModelWarning
from refparse.evaluation.metrics import score
from refparse.fallback import rule_spans, rule_tokens, rules_confidence
from refparse.labels import CORE_LABELS, LABELS, OUTSIDE
from refparse.model import card_path, default_model_path
from refparse.parser import Parser
from refparse.types import Token, spans_fields

APA = "Bandura, A. (1977). Self-efficacy: Toward a unifying theory of behavioral change. Psychological Review, 84(2), 191-215."


def _copy_shipped(tmp_path: Path) -> Path:
    model = tmp_path / "copy.crfsuite"
    shutil.copyfile(default_model_path(), model)
    shutil.copyfile(card_path(default_model_path()), card_path(model))
    return model


def _removed(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    model.unlink()
    return model


def _truncated(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    data = model.read_bytes()
    model.write_bytes(data[: len(data) // 2])
    return model


def _random_bytes(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    model.write_bytes(random.Random(4).randbytes(model.stat().st_size))
    return model


def _other_feature_version(tmp_path: Path) -> Path:
    model = _copy_shipped(tmp_path)
    card = json.loads(card_path(model).read_text(encoding="utf-8"))
    card["features_version"] = "0-older"
    card_path(model).write_text(json.dumps(card), encoding="utf-8")
    return model


# (how to break the model, words the warning must contain besides the file name)
BROKEN = [
    (_removed, "not found"),
    (_truncated, "truncated"),
    (_random_bytes, "not a crfsuite model"),
    (_other_feature_version, "features version 0-older"),
]
IDS = ["removed", "truncated", "random-bytes", "other-feature-version"]


@pytest.mark.parametrize(("breaker", "cause"), BROKEN, ids=IDS)
def test_broken_model_falls_back_to_rules_with_one_warning(tmp_path, breaker, cause):
    model = breaker(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # construction itself must neither raise nor warn
        parser = Parser(model)
    with pytest.warns(ModelWarning) as caught:
        first = parser.parse(APA)
        second = parser.parse("Weinberg, S. (1967). A model of leptons. Physical Review Letters, 19, 1264-1266.")
        tokens = parser.tag(APA)
    fallback = [w for w in caught if issubclass(w.category, ModelWarning)]
    assert len(fallback) == 1
    message = str(fallback[0].message)
    assert str(model) in message and cause in message and "rule-based fallback" in message
    assert first.source == second.source == "rules"
    assert [a.family for a in first.authors] == ["Bandura"]
    assert (first.year, first.volume, first.issue, first.pages) == (1977, "84", "2", "191-215")
    assert first.container_title == "Psychological Review"
    assert second.year == 1967 and second.authors[0].family == "Weinberg"
    assert {t.label for t in tokens} >= {"author", "date", "title", "O"}


@pytest.mark.parametrize(("breaker", "cause"), BROKEN, ids=IDS)
def test_method_crf_raises_the_model_error(tmp_path, breaker, cause):
    model = breaker(tmp_path)
    with pytest.raises(ModelError, match=cause):
        Parser(model, method="crf")
    with pytest.warns(ModelWarning):
        parser = Parser(model)
        parser.parse(APA)
    with pytest.raises(ModelError, match=cause):
        parser.parse(APA, method="crf")
    with pytest.raises(ModelError, match=cause):
        parser.model  # noqa: B018 -- the property opens the model


def test_warning_is_given_once_per_model_file_across_parsers(tmp_path, recwarn):
    model = _truncated(tmp_path)
    for _ in range(3):
        Parser(model).parse(APA)
    assert len([w for w in recwarn if issubclass(w.category, ModelWarning)]) == 1
    (tmp_path / "second").mkdir()
    Parser(_truncated(tmp_path / "second")).parse(APA)  # another file: its own warning
    assert len([w for w in recwarn if issubclass(w.category, ModelWarning)]) == 2


def test_method_rules_needs_no_model(tmp_path, recwarn):
    parser = Parser(_removed(tmp_path), method="rules")
    ref = parser.parse(APA)
    assert ref.source == "rules" and ref.year == 1977
    assert not [w for w in recwarn if issubclass(w.category, ModelWarning)]  # nothing fell back: rules were asked for


def test_working_model_copy_parses_with_the_crf(tmp_path, recwarn):
    parser = Parser(_copy_shipped(tmp_path))
    ref = parser.parse(APA)
    assert ref.source in ("crf", "hybrid")
    assert parser.parse(APA, method="crf").source == "crf"
    assert parser.parse(APA, method="rules").source == "rules"
    assert not [w for w in recwarn if issubclass(w.category, ModelWarning)]


def test_auto_marks_a_rule_correction_as_hybrid(monkeypatch):
    # A model that took the book after the editors for a second title: the book-title correction makes it the
    # container, and says so in `source`.
    text = ("Perez, L. (1992). Cuban Miami. In G. J. Grenier & A. Stepick (Eds.), Miami now! (pp. 83-108). "
            "Gainesville: University Press of Florida.")
    book = (text.index("Miami now"), text.index("Miami now") + len("Miami now"))
    parser = Parser()
    real = parser._label_crf

    def book_as_title(text):
        return [Token(t.text, t.start, t.end, "title" if book[0] <= t.start < book[1] else t.label, t.confidence)
                for t in real(text)]

    monkeypatch.setattr(parser, "_label_crf", book_as_title)
    ref = parser.parse(text)
    assert ref.source == "hybrid"
    assert ref.container_title == "Miami now" and ref.title == "Cuban Miami"
    crf = parser.parse(text, method="crf")
    assert crf.source == "crf" and crf.container_title is None


def test_top_level_parse_takes_a_method():
    ref = refparse.parse(APA, method="rules")
    assert ref.source == "rules" and ref.title == "Self-efficacy: Toward a unifying theory of behavioral change"
    assert refparse.parse(APA).source in ("crf", "hybrid")
    assert refparse.parse(APA, method="crf").source == "crf"


@pytest.mark.parametrize("method", ["CRF", "rule", "", None, 3])
def test_unknown_method_is_a_clear_error(method):
    with pytest.raises(ValueError, match="method must be one of 'auto', 'crf', 'rules'"):
        Parser(method=method)  # type: ignore[arg-type]
    if method is not None:  # None means "the parser's own method" in Parser.parse
        with pytest.raises(ValueError, match="method must be one of"):
            refparse.parse(APA, method=method)  # type: ignore[arg-type]


def test_rules_confidence_is_reported_and_low_results_warn(tmp_path):
    ref = Parser(method="rules").parse(APA)
    assert 0.6 < ref.confidence <= 1.0 and not any("low confidence" in w for w in ref.warnings)
    vague = Parser(method="rules").parse("something without any structure at all")
    assert vague.confidence < 0.6 and any("low confidence" in w for w in vague.warnings)


# ---------------------------------------------------------------------------------------------------------
# The rules on their own

# Real references written in each family of styles, with every field the rules must find, exactly.
STYLES = {
    "apa": (
        "Bandura, A. (1977). Self-efficacy: Toward a unifying theory of behavioral change. Psychological Review, "
        "84(2), 191-215. https://doi.org/10.1037/0033-295X.84.2.191",
        {
            "author": ["Bandura, A."],
            "date": ["1977"],
            "title": ["Self-efficacy: Toward a unifying theory of behavioral change"],
            "container-title": ["Psychological Review"],
            "volume": ["84"],
            "issue": ["2"],
            "pages": ["191-215"],
            "url": ["https://doi.org/10.1037/0033-295X.84.2.191"],
        },
    ),
    "apa-book": (
        "Kahneman, D. (2011). Thinking, fast and slow. New York: Farrar, Straus and Giroux.",
        {
            "author": ["Kahneman, D."],
            "date": ["2011"],
            "title": ["Thinking, fast and slow"],
            "location": ["New York"],
            "publisher": ["Farrar, Straus and Giroux"],
        },
    ),
    "chicago-author-date": (
        'Granovetter, Mark. 1973. "The Strength of Weak Ties." American Journal of Sociology 78 (6): 1360-1380.',
        {
            "author": ["Granovetter, Mark"],
            "date": ["1973"],
            "title": ["The Strength of Weak Ties"],
            "container-title": ["American Journal of Sociology"],
            "volume": ["78"],
            "issue": ["6"],
            "pages": ["1360-1380"],
        },
    ),
    "chicago-book": (
        "Kuhn, Thomas S. The Structure of Scientific Revolutions. Chicago: University of Chicago Press, 1962.",
        {
            "author": ["Kuhn, Thomas S."],
            "title": ["The Structure of Scientific Revolutions"],
            "location": ["Chicago"],
            "publisher": ["University of Chicago Press"],
            "date": ["1962"],
        },
    ),
    "harvard": (
        "Granovetter, M. and Swedberg, R. 1992. Economic action and social structure. American Journal of "
        "Sociology 91: 481-510.",
        {
            "author": ["Granovetter, M. and Swedberg, R."],
            "date": ["1992"],
            "title": ["Economic action and social structure"],
            "container-title": ["American Journal of Sociology"],
            "volume": ["91"],
            "pages": ["481-510"],
        },
    ),
    "ieee": (
        '[12] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," IEEE Trans. '
        "Pattern Anal. Mach. Intell., vol. 38, no. 4, pp. 770-778, 2016.",
        {
            "citation-number": ["[12]"],
            "author": ["K. He, X. Zhang, S. Ren, and J. Sun"],
            "title": ["Deep residual learning for image recognition"],
            "container-title": ["IEEE Trans. Pattern Anal. Mach. Intell"],
            "volume": ["38"],
            "issue": ["4"],
            "pages": ["770-778"],
            "date": ["2016"],
        },
    ),
    "ieee-conference": (
        '[3] J. Lafferty, A. McCallum, and F. Pereira, "Conditional random fields: Probabilistic models for '
        'segmenting and labeling sequence data," in Proc. ICML, 2001, pp. 282-289.',
        {
            "citation-number": ["[3]"],
            "author": ["J. Lafferty, A. McCallum, and F. Pereira"],
            "title": ["Conditional random fields: Probabilistic models for segmenting and labeling sequence data"],
            "container-title": ["Proc. ICML"],
            "date": ["2001"],
            "pages": ["282-289"],
        },
    ),
    "vancouver": (
        "Kudo Y, Kitajima S, Sato S, Miyauchi M, Ogawa I, Takata T. High expression of S-phase kinase-interacting "
        "protein 2 correlates with poor prognosis in oral carcinomas. Cancer Res 2001; 61: 7044-7.",
        {
            "author": ["Kudo Y, Kitajima S, Sato S, Miyauchi M, Ogawa I, Takata T."],
            "title": [
                "High expression of S-phase kinase-interacting protein 2 correlates with poor prognosis in oral "
                "carcinomas"
            ],
            "container-title": ["Cancer Res"],
            "date": ["2001"],
            "volume": ["61"],
            "pages": ["7044-7"],
        },
    ),
    "acm": (
        "Atsushi Ohori and Peter Buneman. 1988. Type inference in a database programming language. In Proceedings "
        "of the 1988 ACM Conference on LISP and Functional Programming. ACM, 174-183.",
        {
            "author": ["Atsushi Ohori and Peter Buneman"],
            "date": ["1988"],
            "title": ["Type inference in a database programming language"],
            "container-title": ["Proceedings of the 1988 ACM Conference on LISP and Functional Programming"],
            "publisher": ["ACM"],
            "pages": ["174-183"],
        },
    ),
    "physics": (
        "A. Verger, C. Ciuti, and I. Carusotto, Phys. Rev. B 73, 193306 (2006).",
        {
            "author": ["A. Verger, C. Ciuti, and I. Carusotto"],
            "container-title": ["Phys. Rev. B"],
            "volume": ["73"],
            "pages": ["193306"],
            "date": ["2006"],
        },
    ),
    "physics-glued-volume": (
        "G. Kramer and B. Lampe, Z. Phys. C34, 497 (1987).",
        {
            "author": ["G. Kramer and B. Lampe"],
            "container-title": ["Z. Phys. C"],
            "volume": ["34"],
            "pages": ["497"],
            "date": ["1987"],
        },
    ),
    "astronomy": (
        "Bocchino, F., Maggio, A., & Sciortino, S. 1999, A&A, 342, 839",
        {
            "author": ["Bocchino, F., Maggio, A., & Sciortino, S."],
            "date": ["1999"],
            "container-title": ["A&A"],
            "volume": ["342"],
            "pages": ["839"],
        },
    ),
    "mla": (
        'Morrison, Toni. "Home." The House That Race Built, edited by Wahneema Lubiano, Pantheon Books, 1997, '
        "pp. 3-12.",
        {
            "author": ["Morrison, Toni"],
            "title": ["Home"],
            "container-title": ["The House That Race Built"],
            "editor": ["Wahneema Lubiano"],
            "publisher": ["Pantheon Books"],
            "date": ["1997"],
            "pages": ["3-12"],
        },
    ),
    "german-chapter": (
        "Müller, H. (2010): Die Entwicklung der Sozialpolitik. In: Schmidt, K. (Hrsg.): Handbuch Sozialpolitik. "
        "Wiesbaden: VS Verlag, S. 45-67.",
        {
            "author": ["Müller, H."],
            "date": ["2010"],
            "title": ["Die Entwicklung der Sozialpolitik"],
            "editor": ["Schmidt, K."],
            "container-title": ["Handbuch Sozialpolitik"],
            "location": ["Wiesbaden"],
            "publisher": ["VS Verlag"],
            "pages": ["45-67"],
        },
    ),
    "german-article": (
        "Weber, Max: Die protestantische Ethik und der Geist des Kapitalismus. In: Archiv für Sozialwissenschaft "
        "und Sozialpolitik, Jg. 20 (1904), H. 1, S. 1-54.",
        {
            "author": ["Weber, Max"],
            "title": ["Die protestantische Ethik und der Geist des Kapitalismus"],
            "container-title": ["Archiv für Sozialwissenschaft und Sozialpolitik"],
            "volume": ["20"],
            "date": ["1904"],
            "issue": ["1"],
            "pages": ["1-54"],
        },
    ),
    "german-book": (
        "Goffman, Erving (1996), Stigma. Über Techniken der Bewältigung beschädigter Identität, Frankfurt a.M.",
        {
            "author": ["Goffman, Erving"],
            "date": ["1996"],
            "title": ["Stigma. Über Techniken der Bewältigung beschädigter Identität"],
            "location": ["Frankfurt a.M."],
        },
    ),
    "german-slashes": (
        "Boers, Klaus/Walburg, Christian/Reinecke, Jost, 2006: Jugendkriminalität – Keine Zunahme im Dunkelfeld. "
        "Monatsschrift für Kriminologie und Strafrechtsreform 89: 63-87.",
        {
            "author": ["Boers, Klaus/Walburg, Christian/Reinecke, Jost"],
            "date": ["2006"],
            "title": ["Jugendkriminalität – Keine Zunahme im Dunkelfeld"],
            "container-title": ["Monatsschrift für Kriminologie und Strafrechtsreform"],
            "volume": ["89"],
            "pages": ["63-87"],
        },
    ),
    "german-guillemets": (
        "Dyer, Richard (1995), »Das Licht der Welt- Weiße Menschen und das Film-Bild«, in: Angerer, Marie-Luise "
        "(Hg.), The Body of Gender. Körper. Geschlechter. Identitäten, Wien.",
        {
            "author": ["Dyer, Richard"],
            "date": ["1995"],
            "title": ["Das Licht der Welt- Weiße Menschen und das Film-Bild"],
            "editor": ["Angerer, Marie-Luise"],
            "container-title": ["The Body of Gender. Körper. Geschlechter. Identitäten"],
            "location": ["Wien"],
        },
    ),
    "humanities-book": (
        "L. Canfora, La biblioteca scomparsa, Palermo 1988.",
        {"author": ["L. Canfora"], "title": ["La biblioteca scomparsa"], "location": ["Palermo"], "date": ["1988"]},
    ),
    "humanities-chapter": (
        "G. Lenclud, ‘Qu’est-ce que la tradition?’, in M. Detienne (éd.), Transcrire la mythologie, Paris 1994, "
        "pp. 25-44.",
        {
            "author": ["G. Lenclud"],
            "title": ["Qu’est-ce que la tradition?"],
            "editor": ["M. Detienne"],
            "container-title": ["Transcrire la mythologie"],
            "location": ["Paris"],
            "date": ["1994"],
            "pages": ["25-44"],
        },
    ),
    "arxiv": (
        "Vaswani, A., Shazeer, N., Parmar, N. (2017). Attention is all you need. arXiv:1706.03762.",
        {
            "author": ["Vaswani, A., Shazeer, N., Parmar, N."],
            "date": ["2017"],
            "title": ["Attention is all you need"],
            "identifier": ["arXiv:1706.03762"],
        },
    ),
    "isbn": (
        "Knuth, D. E. (1997). The Art of Computer Programming. Reading: Addison-Wesley. ISBN 978-0-201-89683-1.",
        {
            "author": ["Knuth, D. E."],
            "date": ["1997"],
            "title": ["The Art of Computer Programming"],
            "location": ["Reading"],
            "publisher": ["Addison-Wesley"],
            "isbn": ["978-0-201-89683-1"],
        },
    ),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_rules_parse_each_style_family(style):
    text, expected = STYLES[style]
    assert spans_fields(rule_spans(text)) == expected


def test_rules_result_goes_through_the_normalisers():
    ref = Parser(method="rules").parse(STYLES["german-chapter"][0])
    assert ref.source == "rules"
    assert [(a.family, a.given) for a in ref.authors] == [("Müller", "H.")]
    assert [e.family for e in ref.editors] == ["Schmidt"]
    assert (ref.year, ref.first_page, ref.last_page) == (2010, "45", "67")
    assert (ref.location, ref.publisher) == ("Wiesbaden", "VS Verlag")
    ieee = Parser(method="rules").parse(STYLES["ieee"][0])
    assert ieee.citation_number == "12" and [a.family for a in ieee.authors] == ["He", "Zhang", "Ren", "Sun"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gives_valid_spans(text):
    spans = rule_spans(text)
    previous_end = 0
    for span in spans:
        assert span.text == text[span.start : span.end] and span.text.strip() == span.text and span.text
        assert span.start >= previous_end and span.label in LABELS and 0 < span.confidence <= 1
        previous_end = span.end
    tokens = rule_tokens(text, spans)
    assert all(t.label in LABELS or t.label == OUTSIDE for t in tokens)
    assert 0.0 <= rules_confidence(spans) <= 1.0


def test_rule_tokens_carry_the_span_labels():
    text = STYLES["apa"][0]
    tokens = rule_tokens(text, rule_spans(text))
    by_text = {t.text: t.label for t in tokens}
    assert by_text["Bandura"] == "author" and by_text["1977"] == "date" and by_text["("] == OUTSIDE
    assert by_text["https://doi.org/10.1037/0033-295X.84.2.191"] == "url"


@pytest.mark.corpus
def test_rules_core4_floor_on_a_dev_slice(data_dir):
    """The rules alone on every other reference of dev (434): core-4 micro F1 (field exact match) of at least 0.70.

    Measured when written: 0.80 on this slice (0.81 on all of dev); the shipped model scores about 0.93.
    """
    from refparse.corpus import iter_fields, read_jsonl_plain

    examples = read_jsonl_plain(data_dir / "parse" / "dev.jsonl")[::2]
    pairs = []
    for example in examples:
        gold: dict[str, list[str]] = {}
        for label, value in iter_fields(example):
            gold.setdefault(label, []).append(value)
        pairs.append((gold, spans_fields(rule_spans(example.text))))
    scores = score(pairs)
    assert scores.micro(CORE_LABELS).f1 >= 0.70
    assert scores.per_label["date"].f1 >= 0.85 and scores.per_label["author"].f1 >= 0.80
