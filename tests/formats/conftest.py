"""Fixtures of the format tests that read the corpora."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def dev_references(data_dir, parser):
    """Every dev reference, parsed with the shipped model (the corpus tests of the writers start from these)."""
    with open(data_dir / "parse" / "dev.jsonl", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    refs = [parser.parse(text) for text in texts]
    assert len(refs) == len(texts) > 800
    return refs
