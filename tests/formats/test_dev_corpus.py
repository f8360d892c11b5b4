"""Every dev reference, parsed with the shipped model: its CSL-JSON validates against our CSL schema and renders
with citeproc-py, and its BibTeX reads back with bibtexparser (v2) to the same fields and the same persons.

These are properties of the writers, not of the model: they must hold for whatever the tagger finds, so the
floor is every record."""

from __future__ import annotations

import io
import json

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares as m
from pylatexenc.latex2text import LatexNodes2Text

from refparse.formats import write_bibtex, write_csl
from refparse.formats.csl_schema import CSL_DATA_SCHEMA

from .test_bibtex import VERBATIM, expected_back
from .test_csl import harvard_style, render

# Every dev reference through every format: corpus-scale, so in the full run only.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dev_csl(dev_references):
    out = io.StringIO()
    write_csl(dev_references, out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def dev_bibtex(dev_references):
    out = io.StringIO()
    write_bibtex(dev_references, out, unicode=True)  # UTF-8 kept, read back exactly; LaTeX mode: test_dev_bibtex
    return out.getvalue()


def test_every_item_validates_against_the_csl_schema(dev_references, dev_csl):
    assert len(dev_csl) == len(dev_references)
    validator = jsonschema.Draft7Validator(CSL_DATA_SCHEMA["items"])
    invalid = {item["id"]: next(validator.iter_errors(item)).message for item in dev_csl
               if not validator.is_valid(item)}
    assert invalid == {}
    assert len({item["id"] for item in dev_csl}) == len(dev_csl), "ids are unique in the array"


def test_every_item_renders_with_citeproc_py(dev_csl):
    entries = render(dev_csl, harvard_style())
    assert len(entries) == len(dev_csl)
    assert all(entry.strip() for entry in entries)


def test_every_bibtex_entry_reads_back_to_the_same_fields(dev_references, dev_bibtex):
    raw = bibtexparser.parse_string(dev_bibtex)
    decoded = bibtexparser.parse_string(dev_bibtex, append_middleware=[m.LatexDecodingMiddleware()])
    assert not raw.failed_blocks and not decoded.failed_blocks
    assert len(raw.entries) == len(decoded.entries) == len(dev_references)
    assert len({e.key for e in raw.entries}) == len(raw.entries), "keys are unique in the file"
    differing = []
    for ref, plain, dec in zip(dev_references, raw.entries, decoded.entries):
        back = {f.key: (plain if f.key in VERBATIM else dec).fields_dict[f.key].value for f in plain.fields}
        if back != expected_back(ref):
            differing.append(ref.text)
    assert differing == []


def test_every_bibtex_author_list_reads_back_person_by_person(dev_references, dev_bibtex):
    library = bibtexparser.parse_string(dev_bibtex, append_middleware=[m.SeparateCoAuthors(), m.SplitNameParts()])
    decode = LatexNodes2Text().latex_to_text
    differing = []
    for ref, entry in zip(dev_references, library.entries):
        expected = [(n.particle, n.family or n.literal, None if n.literal else n.given, n.suffix)
                    for n in ref.authors] + ([(None, "others", None, None)] if ref.et_al else [])
        people = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
        got = [(decode(" ".join(p.von)) or None, decode(" ".join(p.last)), decode(" ".join(p.first)) or None,
                decode(" ".join(p.jr)) or None) for p in people]
        if got != expected:
            differing.append((ref.text, expected, got))
    assert differing == []
