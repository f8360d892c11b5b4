"""A JSON Schema (draft 7) for CSL-JSON items, written for refparse.

Provenance: written by hand for this project from the CSL 1.0.2 specification's list of item types and
variables (Appendix IV, "Variables"; the same lists are in the RELAX NG files csl-types.rnc and
csl-variables.rnc that citeproc-py ships) and from the shapes the CSL-JSON data model gives them (names as
objects of name parts, dates as "date-parts" arrays or literals, numbers as strings or numbers). No published
schema file was copied. It is stricter than the published one in two ways that catch our own mistakes: an item
may hold no key outside the CSL variables, and a name or date object no key outside its parts.
"""

from __future__ import annotations

from typing import Any

#: CSL 1.0.2 item types.
CSL_ITEM_TYPES: tuple[str, ...] = tuple(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection
    dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case
    legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance
    periodical personal_communication post post-weblog regulation report review review-book software song speech
    standard thesis treaty webpage""".split()
)

_NAME_VARIABLES = """author chair collection-editor compiler composer container-author contributor curator director
    editor editorial-director editor-translator executive-producer guest host illustrator interviewer narrator
    organizer original-author performer producer recipient reviewed-author script-writer series-creator
    translator""".split()
_DATE_VARIABLES = "accessed available-date event-date issued original-date submitted".split()
_NUMBER_VARIABLES = """chapter-number citation-number collection-number edition first-reference-note-number issue
    locator number number-of-pages number-of-volumes page page-first part-number printing-number section
    supplement-number version volume""".split()
_STRING_VARIABLES = """abstract annote archive archive_collection archive_location archive-place authority
    call-number citation-key citation-label collection-title container-title container-title-short dimensions
    division DOI event event-title event-place genre ISBN ISSN jurisdiction keyword language license medium note
    original-publisher original-publisher-place original-title part-title PMCID PMID publisher publisher-place
    references reviewed-genre reviewed-title scale source status title title-short URL volume-title year-suffix
    journalAbbreviation shortTitle""".split()

_STRING_OR_NUMBER = {"type": ["string", "number"]}
_FLAG = {"type": ["string", "number", "boolean"]}

NAME_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "family": {"type": "string"},
        "given": {"type": "string"},
        "dropping-particle": {"type": "string"},
        "non-dropping-particle": {"type": "string"},
        "suffix": {"type": "string"},
        "comma-suffix": _FLAG,
        "static-ordering": _FLAG,
        "literal": {"type": "string"},
        "parse-names": _FLAG,
    },
    "additionalProperties": False,
    # A name must say something: a family name or a literal (a given name alone is not a name to cite).
    "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
}

_DATE_PART = {"type": ["integer", "string"]}
DATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        # one date, or two for a range; each is [year], [year, month] or [year, month, day]
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": _DATE_PART},
        },
        "season": _STRING_OR_NUMBER,
        "circa": _FLAG,
        "literal": {"type": "string"},
        "raw": {"type": "string"},
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["date-parts"]}, {"required": ["literal"]}, {"required": ["raw"]}],
}

ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _STRING_OR_NUMBER,
        "type": {"type": "string", "enum": list(CSL_ITEM_TYPES)},
        "categories": {"type": "array", "items": {"type": "string"}},
        "custom": {"type": "object"},
        **{v: {"type": "array", "items": NAME_SCHEMA} for v in _NAME_VARIABLES},
        **{v: DATE_SCHEMA for v in _DATE_VARIABLES},
        **{v: _STRING_OR_NUMBER for v in _NUMBER_VARIABLES},
        **{v: {"type": "string"} for v in _STRING_VARIABLES},
    },
    "required": ["id", "type"],
    "additionalProperties": False,
}

#: A CSL-JSON document: an array of items.
CSL_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$comment": "refparse's own CSL-JSON item schema, written from the CSL 1.0.2 variable list",
    "type": "array",
    "items": ITEM_SCHEMA,
}
