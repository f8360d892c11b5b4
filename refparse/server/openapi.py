"""The OpenAPI 3.1 description of the service, served at ``/openapi.json``.

Written out rather than generated: the GROBID endpoints take forms whose repeated fields and content
negotiation no generator describes well, and the schema is the contract clients read.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from .settings import Settings

_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_ERRORS = {
    "400": {"description": "Malformed request: a missing field, an undecodable value, a bad option", "content": _TEXT},
    "413": {"description": "Too large: more bytes or more citations than the service takes", "content": _TEXT},
    "415": {"description": "The body is not a form", "content": _TEXT},
    "500": {"description": "Parsing ran past the request's time limit, or an internal error", "content": _TEXT},
    "503": {"description": "Every parser thread stayed busy past the time limit; retry", "content": _TEXT},
}


def _form(many: bool) -> dict[str, Any]:
    citations: dict[str, Any] = {"type": "string", "description": "a raw reference string"}
    if many:
        citations = {"type": "array", "items": citations,
                     "description": "raw reference strings, one per repeated citations field; answered in order"}
    schema = {
        "type": "object",
        "required": ["citations"],
        "properties": {
            "citations": citations,
            "consolidateCitations": {"type": "string", "enum": ["0", "1", "2"], "default": "0",
                                     "description": "accepted for GROBID clients; consolidation is not available "
                                     "(1 or 2 answer with a Warning header)"},
            "includeRawCitations": {"type": "string", "enum": ["0", "1"], "default": "0",
                                    "description": "1: the input string as <note type=\"raw_reference\">"},
        },
    }
    encoding = {"citations": {"explode": True}} if many else {}
    return {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": schema, "encoding": encoding},
        "multipart/form-data": {"schema": schema},
    }}


def _grobid(summary: str, many: bool) -> dict[str, Any]:
    xml = "a TEI document, one <biblStruct xml:id=\"bN\"> per citation in text/back/div/listBibl" if many else \
        "one TEI <biblStruct>"
    return {
        "summary": summary,
        "parameters": [{"name": "Accept", "in": "header", "required": False, "schema": {"type": "string"},
                        "description": "application/x-bibtex for BibTeX; otherwise TEI XML"}],
        "requestBody": _form(many),
        "responses": {"200": {"description": xml + ", or BibTeX entries", "content": {
            "application/xml": {"schema": {"type": "string"}},
            "application/x-bibtex": {"schema": {"type": "string"}}}}, **_ERRORS},
    }


def _ours(summary: str, item: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "object", "required": ["citations"], "properties": {"citations": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}}}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "summary": summary,
        "requestBody": {"required": True, "content": {"application/json": {"schema": body},
                                                      **_form(True)["content"]}},
        "responses": {
            "200": {"description": "one item per citation, in order",
                    "content": {"application/json": {"schema": {"type": "array", "items": item}}}},
            **{status: {"description": entry["description"], **error} for status, entry in _ERRORS.items()},
        },
    }


def _get(summary: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"summary": summary, "responses": {"200": {"description": "OK", "content": content}}}}


_RECORD = {
    "type": "object",
    "description": "Reference.to_dict(): normalised fields (authors, title, container_title, year, volume, issue, "
                   "pages, doi, ...), the raw fields, the spans with their confidences, the source",
    "required": ["text", "fields", "spans", "source"],
    "properties": {
        "text": {"type": "string"},
        "authors": {"type": "array", "items": {"$ref": "#/components/schemas/Name"}},
        "title": {"type": "string"},
        "container_title": {"type": "string"},
        "year": {"type": "integer"},
        "confidence": {"type": "number"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "spans": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
        "source": {"type": "string", "enum": ["crf", "hybrid", "rules", "error"]},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}


def openapi_schema(settings: Settings) -> dict[str, Any]:
    limits = (f"At most {settings.max_citations} citations and {settings.max_bytes} bytes a request; "
              f"{settings.timeout:g} s a request.")
    return {
        "openapi": "3.1.0",
        "info": {"title": "refparse citation service", "version": __version__,
                 "description": "GROBID-compatible citation parsing (processCitation, processCitationList) and "
                                "refparse's own JSON and CSL-JSON endpoints. " + limits},
        "paths": {
            "/api/isalive": _get("Liveness: true once the parser is loaded", _TEXT),
            "/api/health": _get("Readiness, the thread pool and the limits", {"application/json": {}}),
            "/api/version": _get("The service's version", {"application/json": {"schema": {
                "type": "object", "properties": {"version": {"type": "string"}, "revision": {"type": "string"}}}}}),
            "/api/processCitation": {"post": _grobid("Parse one reference string (GROBID)", many=False),
                                     "put": _grobid("Parse one reference string (GROBID)", many=False)},
            "/api/processCitationList": {"post": _grobid("Parse a list of reference strings (GROBID)", many=True)},
            "/api/parse": {"post": _ours("Full records: fields, spans, confidences", _RECORD)},
            "/api/csl": {"post": _ours("CSL-JSON items", {"type": "object", "description": "a CSL-JSON item"})},
            "/openapi.json": _get("This description", {"application/json": {}}),
        },
        "components": {"schemas": {
            "Name": {"type": "object", "properties": {k: {"type": "string"} for k in
                                                      ("family", "given", "particle", "suffix", "literal")}},
            "Span": {"type": "object", "required": ["label", "text", "start", "end", "confidence"], "properties": {
                "label": {"type": "string"}, "text": {"type": "string"}, "start": {"type": "integer"},
                "end": {"type": "integer"}, "confidence": {"type": "number"}}},
            "Error": {"type": "object", "required": ["error", "status"],
                      "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
        }},
    }
