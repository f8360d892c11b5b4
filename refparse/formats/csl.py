"""CSL-JSON: one item dict per reference, as citation processors (citeproc-js, citeproc-py, pandoc) read it.

Field names and value shapes follow the CSL 1.0.2 variables (see :mod:`refparse.formats.csl_schema`, which
also checks them). Our own type vocabulary maps onto CSL types one to one, except "preprint": CSL 1.0.2 has no
such type and uses "article" for preprints and working papers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Name, Reference


#: Our ``Reference.type`` values -> CSL 1.0.2 item types.
CSL_TYPES = {
    "article-journal": "article-journal",
    "paper-conference": "paper-conference",
    "chapter": "chapter",
    "book": "book",
    "thesis": "thesis",
    "report": "report",
    "webpage": "webpage",
    "preprint": "article",
    "article": "article",
    "document": "document",
}
_STATUS = {"in-press": "in press", "forthcoming": "forthcoming"}


def csl_name(name: Name) -> dict[str, str]:
    """A CSL name object: family, given, non-dropping-particle ("van der" stays with the family name when
    sorting, as Dutch and German lists do), suffix; or a literal for an organisation."""
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family, "given": name.given, "non-dropping-particle": name.particle,
           "suffix": name.suffix}
    out = {k: v for k, v in out.items() if v}
    return out or {"literal": str(name)}


def to_csl(ref: Reference, key: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for ``ref``; ``key`` (default: the BibTeX citation key) becomes its ``id``."""
    from .bibtex import citation_key

    item: dict[str, Any] = {"id": key or citation_key(ref), "type": CSL_TYPES.get(ref.type or "", "document")}
    for attribute, variable in (("authors", "author"), ("editors", "editor"), ("translators", "translator")):
        names = [csl_name(n) for n in getattr(ref, attribute)]
        if names:
            item[variable] = names
    strings = {
        "title": ref.title,
        "container-title": ref.container_title,
        "collection-title": ref.collection_title,
        "publisher": ref.publisher,
        "publisher-place": ref.location,
        "edition": ref.edition,
        "genre": ref.genre,
        "note": ref.note,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "page-first": ref.first_page,
        "DOI": ref.doi,
        "URL": ref.url,
        "ISBN": ref.isbn,
        "ISSN": ref.issn,
        "PMID": ref.pmid,
        "PMCID": ref.pmcid,
        "number": f"arXiv:{ref.arxiv}" if ref.arxiv else None,
        "status": _STATUS.get(ref.date_status or ""),
    }
    item.update({k: v.strip() for k, v in strings.items() if v and v.strip()})
    issued = csl_date(ref)
    if issued:
        item["issued"] = issued
    if ref.accessed:
        item["accessed"] = {"date-parts": [[int(part) for part in ref.accessed.split("-")]]}
    return item


def csl_date(ref: Reference) -> dict[str, Any] | None:
    """``{"date-parts": [[year, month, day]]}`` with as many parts as are known; None without a year."""
    if ref.year is None:
        return None
    parts = [ref.year]
    if ref.month:
        parts.append(ref.month)
        if ref.day:
            parts.append(ref.day)
    return {"date-parts": [parts]}


def validate(items: list[dict[str, Any]]) -> None:
    """Check CSL-JSON items against :data:`refparse.formats.csl_schema.CSL_DATA_SCHEMA`; raise
    ``jsonschema.ValidationError`` on the first problem. Imports jsonschema (the ``formats`` extra)."""
    import jsonschema

    from .csl_schema import CSL_DATA_SCHEMA

    jsonschema.validate(items, CSL_DATA_SCHEMA, cls=jsonschema.Draft7Validator)
