"""Assertions shared by the robustness tests: what every parse result must satisfy, whatever the input."""

from __future__ import annotations

import json

from refparse.types import Reference


def assert_spans_valid(text: str, ref: Reference) -> None:
    """Spans lie inside the input, carry exactly the input's text, and are sorted without overlap."""
    previous_end = 0
    for span in ref.spans:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))
        assert span.text == text[span.start : span.end], span
        assert span.start >= previous_end, f"span {span} overlaps or precedes the one before"
        previous_end = span.end


def assert_json_ready(ref: Reference) -> dict:
    """``to_dict()`` goes through json.dumps (lone surrogates become \\uXXXX escapes) and back unchanged."""
    data = ref.to_dict()
    encoded = json.dumps(data)
    encoded.encode("ascii")  # ensure_ascii=True: the text written is plain ASCII, surrogates included
    assert json.loads(encoded) == data
    return data


def assert_sound_result(text: str, ref: Reference) -> None:
    """Everything a parse of ``text`` must satisfy, whatever ``text`` is."""
    assert isinstance(ref, Reference)
    assert ref.text == text
    assert_spans_valid(text, ref)
    assert_json_ready(ref)
    if ref.confidence is not None:
        assert 0.0 <= ref.confidence <= 1.0
