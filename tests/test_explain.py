"""refparse.explain: the state-feature table and explanations that agree with the tagger."""

from __future__ import annotations

from refparse import explain
from refparse.evaluation import harness


# ---------------------------------------------------------------------------------------------------------------
# Explain
# ---------------------------------------------------------------------------------------------------------------


def test_parse_state_features_reads_a_crfsuite_dump():
    dump = ["STATE_FEATURES = {", "  (0) w=in --> container-title: 1.500000", "  (1) -1:w=: --> pages: -0.250000",
            "  (2) bi+=a|--> --> title: 0.125000", "}", "TRANSITIONS = {", "  (0) O --> O: 3.0", "}"]
    table = explain.parse_state_features(line + "\n" for line in dump)
    assert table == {"w=in": {"container-title": 1.5}, "-1:w=:": {"pages": -0.25}, "bi+=a|-->": {"title": 0.125}}


def test_explain_agrees_with_the_tagger(parser):
    text = "Smith, J. (2001). A title. Journal of Things, 3(2), 1-9."
    explanations = explain.explain(text, top=3)
    tagged = parser.tag(text, method="crf") if "crf" in harness.parser_methods() else parser.tag(text)
    assert [(e.text, e.label) for e in explanations] == [(t.text, t.label) for t in tagged]
    for e in explanations:
        assert 0.0 <= e.confidence <= 1.0 and e.runner_up != e.label and len(e.features) <= 3
        assert [abs(f.weight) for f in e.features] == sorted((abs(f.weight) for f in e.features), reverse=True)
    year = next(e for e in explain.explain(text, top=10) if e.text == "2001")
    assert year.label == "date" and any(f.attribute == "num=year" and f.weight > 0 for f in year.features)
    assert explain.explain("   ") == []
    assert "top features" in explain.format_explanation(explanations)
