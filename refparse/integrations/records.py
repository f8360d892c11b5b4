"""The flat view of a parsed record that the table integrations (Hugging Face ``datasets``, Spark) add as
columns: the main normalised fields, typed, plus the whole record as JSON."""

from __future__ import annotations

import json
from typing import Any

from ..types import Reference

#: The parsed columns (before a prefix such as ``ref_``), with the type of each. Typed up front because a batch
#: whose values are all missing would otherwise get Arrow's ``null`` type and clash with the next batch.
PARSED_COLUMNS: dict[str, str] = {
    "authors": "list[string]", "title": "string", "container_title": "string", "year": "int32",
    "volume": "string", "issue": "string", "pages": "string", "publisher": "string", "doi": "string",
    "type": "string", "source": "string", "confidence": "float64", "json": "string",
}


def flat_record(ref: Reference) -> dict[str, Any]:
    """One value per :data:`PARSED_COLUMNS` name: authors as "Family, Given" strings, ``json`` the whole record
    (``Reference.to_dict()``, non-ASCII kept)."""
    return {
        "authors": [str(name) for name in ref.authors], "title": ref.title,
        "container_title": ref.container_title, "year": ref.year, "volume": ref.volume, "issue": ref.issue,
        "pages": ref.pages, "publisher": ref.publisher, "doi": ref.doi, "type": ref.type,
        "source": ref.source, "confidence": ref.confidence,
        "json": json.dumps(ref.to_dict(), ensure_ascii=False),
    }
