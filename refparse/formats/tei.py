"""TEI: a reference as a GROBID-style ``<biblStruct>``, a batch as a TEI document holding one ``<listBibl>``.

The shape follows what GROBID's citation services answer, so that code written against GROBID reads ours:

* ``<analytic>`` holds the part (an article, a chapter, a conference paper): its title (``level="a"``), its
  authors as ``persName`` with ``forename``/``surname``, its identifiers. It is written only when the
  reference has a container (a journal, proceedings, a book), as GROBID does.
* ``<monogr>`` holds the container, ``level="j"`` for a journal and ``"m"`` for a book or proceedings, or the
  work itself when it stands alone (then with its authors); then its editors, ISSN/ISBN, edition and the
  ``<imprint>``: ``biblScope`` volume, issue and page (``from``/``to``), ``date when`` (ISO 8601),
  ``publisher``, ``pubPlace``.
* ``<idno type="DOI|arXiv|PMID|PMCID|ISBN|ISSN">``, ``<ptr target>`` for the URL, ``<series>`` for a series
  title, and with ``include_raw`` the input as ``<note type="raw_reference">``.

Elements are built with :mod:`xml.etree.ElementTree`, which escapes ``& < >`` and quotes; characters that
XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so every answer
is well-formed whatever the input held. Unlike GROBID, whose ``biblStruct`` answer declares the TEI namespace
only on ``persName``, the namespace is declared once on the root, so the whole answer is TEI.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: types imports formats (Reference.to_csl), never the reverse
    from ..types import Name, Reference

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

#: Container types whose container is a book or proceedings (``level="m"``); any other container is a journal.
_MONOGRAPH_CONTAINERS = frozenset({"chapter", "paper-conference", "book"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_GIVEN_PART = re.compile(r"[^\s.]+\.?")
_INITIAL = re.compile(r"^\w\.$")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD (escaping is ElementTree's job)."""
    return _NOT_XML.sub("\ufffd", text)


def bibl_struct(ref: Reference, include_raw: bool = False, xml_id: str | None = None) -> ET.Element:
    """The ``<biblStruct>`` element for ``ref`` (no namespace declaration: :func:`to_tei` adds it)."""
    root = ET.Element("biblStruct", {"xml:id": xml_id} if xml_id else {})
    work_level = _analytic(root, ref) if ref.container_title else None
    monogr = ET.SubElement(root, "monogr")
    if work_level is None:  # the work stands alone: it is the monograph, with its own authors and identifiers
        _title(monogr, ref.title, "m", main=True)
        _people(monogr, "author", ref.authors)
        work_level = monogr
    else:
        _title(monogr, ref.container_title, _container_level(ref))
    if not len(monogr):
        ET.SubElement(monogr, "title")  # TEI needs a title (or a person) in monogr, even an empty one
    _people(monogr, "editor", ref.editors)
    _people(monogr, "editor", ref.translators, role="translator")
    _identifiers(work_level, ref)
    _add(monogr, "idno", ref.isbn, type="ISBN")
    _add(monogr, "idno", ref.issn, type="ISSN")
    _add(monogr, "edition", ref.edition)
    _imprint(ET.SubElement(monogr, "imprint"), ref)
    if ref.collection_title:
        _title(ET.SubElement(root, "series"), ref.collection_title, "s")
    _add(root, "note", ref.note)
    if include_raw:
        _add(root, "note", ref.text, type="raw_reference")
    return root


def to_tei(ref: Reference, include_raw: bool = False) -> str:
    """One ``<biblStruct>`` as text, indented, TEI namespace declared (what ``/api/processCitation`` answers)."""
    element = bibl_struct(ref, include_raw)
    element.set("xmlns", TEI_NS)
    return _serialise(element) + "\n"


def to_tei_list(refs: Iterable[Reference], include_raw: bool = False) -> str:
    """A TEI document with one ``<biblStruct xml:id="bN">`` per reference, in order, inside
    ``text/back/div/listBibl`` (what ``/api/processCitationList`` answers)."""
    tei = ET.Element("TEI", {"xmlns": TEI_NS})
    ET.SubElement(tei, "teiHeader")
    text = ET.SubElement(tei, "text")
    ET.SubElement(text, "front")
    ET.SubElement(text, "body")
    listbibl = ET.SubElement(ET.SubElement(ET.SubElement(text, "back"), "div"), "listBibl")
    for index, ref in enumerate(refs):
        listbibl.append(bibl_struct(ref, include_raw, xml_id=f"b{index}"))
    return XML_DECLARATION + _serialise(tei) + "\n"


def _serialise(element: ET.Element) -> str:
    ET.indent(element, space="    ")
    text = ET.tostring(element, encoding="unicode", short_empty_elements=True)
    # A reader turns a literal carriage return into a line feed; written as a reference it reads back as itself.
    # ElementTree leaves it literal in text (attributes it escapes), and the indentation has none of its own.
    return text.replace("\r", "&#13;")


def _analytic(root: ET.Element, ref: Reference) -> ET.Element:
    analytic = ET.SubElement(root, "analytic")
    _title(analytic, ref.title, "a", main=True)
    _people(analytic, "author", ref.authors)
    return analytic


def _container_level(ref: Reference) -> str:
    return "m" if ref.type in _MONOGRAPH_CONTAINERS else "j"


def _title(parent: ET.Element, text: str | None, level: str, main: bool = False) -> None:
    attributes = {"level": level, "type": "main"} if main else {"level": level}
    _add(parent, "title", text, **attributes)


def _people(parent: ET.Element, role_tag: str, names: list[Name], role: str | None = None) -> None:
    for name in names:
        person = ET.SubElement(parent, role_tag, {"role": role} if role else {})
        if name.literal:  # an organisation as author ("World Health Organization")
            _add(person, "orgName", name.literal)
        else:
            person.append(pers_name(name))


def pers_name(name: Name) -> ET.Element:
    """``<persName>``: the given names as ``forename`` (the first ``type="first"``, the others ``"middle"``,
    an initial's full stop dropped, as GROBID writes them), the particle and family name as ``surname``, a
    suffix ("Jr.") as ``genName``."""
    element = ET.Element("persName")
    for index, part in enumerate(_GIVEN_PART.findall(name.given or "")):
        _add(element, "forename", part[:-1] if _INITIAL.match(part) else part, type="first" if index == 0 else "middle")
    _add(element, "surname", " ".join(p for p in (name.particle, name.family) if p))
    _add(element, "genName", name.suffix)
    return element


def _identifiers(parent: ET.Element, ref: Reference) -> None:
    for kind, value in (("DOI", ref.doi), ("arXiv", ref.arxiv), ("PMID", ref.pmid), ("PMCID", ref.pmcid)):
        _add(parent, "idno", value, type=kind)
    if ref.url:
        ET.SubElement(parent, "ptr", {"target": xml_text(ref.url)})


def _imprint(imprint: ET.Element, ref: Reference) -> None:
    _add(imprint, "biblScope", ref.volume, unit="volume")
    _add(imprint, "biblScope", ref.issue, unit="issue")
    if ref.first_page:
        pages = {"unit": "page", "from": xml_text(ref.first_page)}
        if ref.last_page:
            pages["to"] = xml_text(ref.last_page)
        ET.SubElement(imprint, "biblScope", pages)
    else:
        _add(imprint, "biblScope", ref.pages, unit="page")  # "e1002", "xii": no range to split
    when = iso_date(ref)
    if when:
        ET.SubElement(imprint, "date", {"type": "published", "when": when})
    _add(imprint, "publisher", ref.publisher)
    _add(imprint, "pubPlace", ref.location)


def iso_date(ref: Reference) -> str | None:
    """"2002", "2002-03" or "2002-03-05" (what ``date/@when`` takes); None without a year."""
    if not ref.year:
        return None
    parts = [f"{ref.year:04d}"]
    if ref.month:
        parts.append(f"{ref.month:02d}")
        if ref.day:
            parts.append(f"{ref.day:02d}")
    return "-".join(parts)


def _add(parent: ET.Element, tag: str, text: str | None, **attributes: str) -> None:
    """A child ``<tag>`` holding ``text``; nothing when ``text`` is empty (TEI has no use for empty fields)."""
    if text is None or not text.strip():
        return
    child = ET.SubElement(parent, tag, attributes)
    child.text = xml_text(text.strip())
