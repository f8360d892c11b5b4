"""The spaCy component: registered by entry point and by import, labelled spans, doc._.reference."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest

spacy = pytest.importorskip("spacy")

import refparse  # noqa: E402
from refparse.integrations.spacy import RefparseComponent, _spacy_spans, split_at_span_edges  # noqa: E402
from refparse.labels import LABELS  # noqa: E402
from refparse.types import Reference, Span  # noqa: E402

REFERENCES = [
    "Lafferty, J., McCallum, A., Pereira, F. (2001). Conditional random fields: Probabilistic models for "
    "segmenting and labeling sequence data. In Proceedings of ICML, pp. 282-289.",
    "Smith, J. A. and Jones, B. 2019. Deep parsing of citations. Journal of Documentation 75(3): 401-420. "
    "doi:10.1108/JD-05-2018-0077",
    "[12] M. Kay, Functional grammar, Proc. 5th Annual Meeting of the Berkeley Linguistics Society, 1979.",
]


def test_importing_refparse_and_parsing_does_not_import_spacy():
    code = "import refparse, sys; refparse.parse('x'); assert 'spacy' not in sys.modules, 'spacy imported'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_add_pipe_on_a_blank_pipeline_sets_labelled_spans_and_the_reference():
    nlp = spacy.blank("en")
    nlp.add_pipe("refparse")
    for text in REFERENCES:
        doc = nlp(text)
        ref = doc._.reference
        assert isinstance(ref, Reference) and ref.text == text
        assert ref.to_dict() == refparse.parse(text).to_dict()
        spans = list(doc.spans["refparse"])
        assert len(spans) == len(ref.spans) > 3
        assert doc.text == text  # splitting tokens never changes the text
        for spacy_span, span in zip(spans, ref.spans):
            assert spacy_span is not None and spacy_span.label_ == span.label and span.label in LABELS
            # tokens are split at span edges, so each spaCy span has exactly the Reference span's characters
            assert (spacy_span.start_char, spacy_span.end_char, spacy_span.text) == (span.start, span.end, span.text)
        assert {"author", "title"} <= {s.label_ for s in spans}


def test_tokens_are_split_where_a_span_edge_falls_inside_one_unless_switched_off():
    text = "J Mol Biol 1997; 270:471-480."
    ref = Reference(text=text, spans=[Span("container-title", "J Mol Biol", 0, 10), Span("volume", "270", 17, 20),
                                      Span("pages", "471-480", 21, 28)])
    nlp = spacy.blank("en")
    doc = nlp.make_doc(text)
    assert "270" not in [t.text for t in doc]  # spaCy keeps "270:471" together
    split_at_span_edges(doc, ref)
    assert doc.text == text and [t.text for t in doc][-6:] == ["270", ":", "471", "-", "480", "."]
    assert [(s.label_, s.text) for s in _spacy_spans(doc, ref)] == [(s.label, s.text) for s in ref.spans]
    kept = nlp.make_doc(text)  # split_tokens=False: the tokens stay, the span widens to the token
    volume = list(_spacy_spans(kept, ref))[1]
    assert volume.label_ == "volume" and "270" in volume.text and len(volume) == 1


def test_split_tokens_is_a_setting():
    nlp = spacy.blank("en")
    nlp.add_pipe("refparse", config={"split_tokens": False})
    text = REFERENCES[1]
    assert [t.text for t in nlp(text)] == [t.text for t in nlp.make_doc(text)]


def test_a_span_off_spacy_token_boundaries_is_kept_not_dropped():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Smith-Jones, A. Titleword")
    ref = Reference(text=doc.text, spans=[Span("author", "mith", 1, 5), Span("author", "Smith-Jones, A.", 0, 15),
                                          Span("title", "Titleword", 16, 25), Span("note", "ith-Jones, A.", 2, 15)])
    spans = list(_spacy_spans(doc, ref))
    assert [s.label_ for s in spans] == ["author", "author", "title", "note"]
    assert spans[0].start_char <= 1 and spans[0].end_char >= 5  # inside one token: that token
    assert spans[1].text == "Smith-Jones, A."  # on token boundaries: exact
    assert spans[2].text == "Titleword"
    assert spans[3].start_char >= 2 and spans[3].end_char <= 15  # off boundaries: the tokens inside it


def test_settings_and_pipe_over_many_docs_including_empty_ones():
    nlp = spacy.blank("en")
    nlp.add_pipe("refparse", config={"method": "rules", "spans_key": "refs"})
    docs = list(nlp.pipe(REFERENCES + ["", "%%%"]))
    assert [d.text for d in docs] == REFERENCES + ["", "%%%"]
    assert [d._.reference.source for d in docs] == ["rules"] * 5
    assert all(len(d.spans["refs"]) > 3 for d in docs[:3]) and len(docs[3].spans["refs"]) == 0
    with pytest.raises(ValueError, match="method must be one of"):
        spacy.blank("en").add_pipe("refparse", config={"method": "fast"})


def test_the_component_is_registered_by_importing_the_module():
    # `spacy.Language.factory` runs on import, so a source checkout without the entry point works too.
    from spacy.language import Language

    import refparse.integrations.spacy as module

    assert Language.get_factory_meta("refparse").factory == "refparse"
    assert isinstance(spacy.blank("en").add_pipe("refparse"), module.RefparseComponent)


def test_the_entry_point_points_at_the_factory():
    try:
        eps = metadata.entry_points(group="spacy_factories")
    except Exception:  # pragma: no cover
        eps = []
    ours = [ep for ep in eps if ep.name == "refparse"]
    if not ours:
        pytest.skip("refparse is not installed (pip install -e .), so its entry points are not registered")
    assert ours[0].value == "refparse.integrations.spacy:make_refparse_component"
    # In a fresh process nothing of refparse is imported by hand: spaCy finds the factory through the entry point.
    code = ("import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('refparse'); "
            "doc = nlp('Smith, J. (2001). A title. Journal of Things, 3(2), 1-9.'); "
            "assert doc._.reference.year == 2001; assert len(doc.spans['refparse']) > 3")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_pipeline_saved_to_disk_loads_with_the_component(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("refparse", config={"method": "rules"})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["refparse"]
    assert loaded(REFERENCES[0])._.reference.source == "rules"


def test_component_class_checks_its_method():
    with pytest.raises(ValueError):
        RefparseComponent(method="nope")
