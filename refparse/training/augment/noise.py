"""PDF-extraction noise with exact labels: each artefact is a text edit, and the spans are re-mapped through it.

Artefacts (each picked with its own probability, deterministically from a seeded ``random.Random``):

* ``hyphen``: a line-break hyphen inside a long word ("Natu- ral");
* ``initials``: a space before the full stop of an initial in a name ("Y ." for "Y.");
* ``glue``: two words run together ("Rev. Lett" -> "Rev.Lett", "Physical Review" -> "PhysicalReview");
* ``identifier``: a space inside a URL or DOI ("aclantholo gy.org");
* ``ligature``: "fi", "fl", "ff", "ffi", "ffl" as one ligature character;
* ``quotes``: curly quotes made straight, or straight ones curly;
* ``punct_space``: the space after a comma, colon or full stop dropped;
* ``bare_gap``: the punctuation between two fields dropped, as in hand-typed lists ("R. Pritchard 2002 Resilience");
* ``markup``: the venue (or a book's title) in italic tags, as references copied out of HTML or JATS carry them
  ("<italic>Planta</italic> 198").

An edit never straddles a span boundary: it lies wholly inside one span or wholly outside every span, so the
re-mapped spans still cover exactly the (edited) text of their field.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ...corpus import Example

Span = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (``start == end`` inserts)."""

    start: int
    end: int
    replacement: str


def region_of(spans: Sequence[Span], start: int, end: int) -> int | None:
    """The index of the span holding ``[start, end)`` wholly, -1 when it touches no span, ``None`` when it
    straddles a boundary (such an edit would make a label inexact)."""
    for i, (s, e, _) in enumerate(spans):
        if s <= start and end <= e:
            return i
        if start < e and s < end:
            return None
        if start == end and s < start < e:
            return i
    return -1


def apply_edits(text: str, spans: Sequence[Span], edits: Iterable[Edit]) -> tuple[str, list[Span]]:
    """Apply non-overlapping edits and move every span boundary by the length change of the edits before it.
    An insertion at a span's first or last character position stays outside the span."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces, position = [], 0
    for edit in ordered:
        if edit.start < position:
            raise ValueError("overlapping edits")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])

    def moved(boundary: int, is_end: bool) -> int:
        shift = 0
        for edit in ordered:
            delta = len(edit.replacement) - (edit.end - edit.start)
            if edit.end < boundary:
                shift += delta
            elif edit.end == boundary and (not is_end or edit.start < edit.end):
                # An insertion right at a boundary stays outside the span; a replacement ending at the
                # span's end lies inside it (edits never straddle a boundary).
                shift += delta
        return boundary + shift

    new_spans = [(moved(s, False), moved(e, True), label) for s, e, label in spans]
    return "".join(pieces), new_spans


def _pick(rng: random.Random, candidates: list[Edit], spans: Sequence[Span], limit: int = 1) -> list[Edit]:
    """Up to ``limit`` random candidates that keep within one region."""
    safe = [c for c in candidates if region_of(spans, c.start, c.end) is not None]
    return rng.sample(safe, min(limit, len(safe)))


def hyphen_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """"Natural" -> "Natu- ral": a hyphen and a space where a PDF line broke the word."""
    candidates = []
    for match in re.finditer(r"[^\W\d_]{6,}", text):
        cut = match.start() + rng.randint(2, len(match.group()) - 3)
        candidates.append(Edit(cut, cut, "- "))
    return _pick(rng, candidates, spans)


def initials_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """"Y." -> "Y ." inside author and editor fields."""
    candidates = []
    for s, e, label in spans:
        if label in ("author", "editor", "translator"):
            for match in re.finditer(r"\b[A-Z](?=\.)", text[s:e]):
                candidates.append(Edit(s + match.end(), s + match.end(), " "))
    return _pick(rng, candidates, spans, limit=3)


def glue_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """Drop the space between two words of the same field ("PhysicalReview", "Rev.Lett")."""
    candidates = [Edit(m.start(), m.end(), "") for m in re.finditer(r"(?<=[^\W\d_]|\.) (?=[A-Z])", text)]
    return _pick(rng, candidates, spans)


def identifier_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """A space inside a URL or DOI, as when a PDF line broke it."""
    candidates = []
    for s, e, label in spans:
        if label in ("url", "doi") and e - s > 6:
            cut = rng.randint(s + 2, e - 2)
            if not text[cut - 1].isspace() and not text[cut].isspace():
                candidates.append(Edit(cut, cut, " "))
    return _pick(rng, candidates, spans)


_LIGATURES = {"ffi": "ﬃ", "ffl": "ﬄ", "ff": "ﬀ", "fi": "ﬁ", "fl": "ﬂ"}


def ligature_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """"fi" -> "ﬁ" and the like, everywhere in the string (PDFs keep the font's ligatures)."""
    candidates = [Edit(m.start(), m.end(), _LIGATURES[m.group()]) for m in re.finditer(r"ffi|ffl|ff|fi|fl", text)]
    return [c for c in candidates if region_of(spans, c.start, c.end) is not None]


_TO_STRAIGHT = {"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"'}


def quote_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """Curly quotes made straight; or straight double quotes made curly, opening and closing in turn."""
    curly = [Edit(i, i + 1, _TO_STRAIGHT[ch]) for i, ch in enumerate(text) if ch in _TO_STRAIGHT]
    if curly:
        return curly
    straight = [i for i, ch in enumerate(text) if ch == '"']
    return [Edit(i, i + 1, "“" if n % 2 == 0 else "”") for n, i in enumerate(straight)]


def punct_space_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """The space after a comma, colon or full stop dropped ("Smith,J.", "2001.Title")."""
    candidates = [Edit(m.start(), m.end(), "") for m in re.finditer(r"(?<=[,.:;]) (?=\S)", text)]
    return _pick(rng, candidates, spans, limit=2)


_PUNCTUATION_GAP = re.compile(r"[\s.,;:()\[\]]*\s[\s.,;:()\[\]]*")


def bare_gap_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """The punctuation between two fields made one space ("Pritchard (2002). Resilience" -> "Pritchard 2002
    Resilience"), as in references typed by hand."""
    ordered = sorted(spans)
    candidates = [Edit(a[1], b[0], " ") for a, b in zip(ordered, ordered[1:])
                  if b[0] - a[1] > 1 and _PUNCTUATION_GAP.fullmatch(text, a[1], b[0])]
    return _pick(rng, candidates, spans, limit=2)


def markup_edits(text: str, spans: Sequence[Span], rng: random.Random) -> list[Edit]:
    """Italic tags around the venue, or around the title when there is none, inside its span."""
    venue = [sp for sp in spans if sp[2] == "container-title" and sp[1] - sp[0] > 1]
    target = venue or [sp for sp in spans if sp[2] == "title" and sp[1] - sp[0] > 1]
    if not target:
        return []
    start, end, _ = target[0]
    tag = rng.choice(("italic", "i"))
    return [Edit(start, start + 1, f"<{tag}>{text[start]}"), Edit(end - 1, end, f"{text[end - 1]}</{tag}>")]


#: Artefact name -> (edit maker, probability of applying it to a noised string).
ARTEFACTS: dict[str, tuple[Callable[[str, Sequence[Span], random.Random], list[Edit]], float]] = {
    "hyphen": (hyphen_edits, 0.5),
    "initials": (initials_edits, 0.3),
    "glue": (glue_edits, 0.3),
    "identifier": (identifier_edits, 0.5),
    "ligature": (ligature_edits, 0.3),
    "quotes": (quote_edits, 0.3),
    "punct_space": (punct_space_edits, 0.3),
    "bare_gap": (bare_gap_edits, 0.3),
    "markup": (markup_edits, 0.1),
}


def add_noise(example: Example, rng: random.Random, artefacts: Sequence[str] | None = None) -> Example:
    """``example`` with PDF artefacts; each artefact is applied with its probability (or always, for the names
    in ``artefacts``), one after the other, re-mapping the spans each time."""
    text, spans = example.text, sorted(example.spans)
    applied = []
    for name, (make_edits, probability) in ARTEFACTS.items():
        wanted = name in artefacts if artefacts is not None else rng.random() < probability
        if not wanted:
            continue
        edits = _non_overlapping(make_edits(text, spans, rng))
        if edits:
            text, spans = apply_edits(text, spans, edits)
            applied.append(name)
    suffix = "+".join(applied) or "none"
    return Example(f"{example.id}#noise-{suffix}", example.source, text, tuple(spans))


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not kept or edit.start >= kept[-1].end and edit.start != kept[-1].start:
            kept.append(edit)
    return kept


def noise_examples(examples: Sequence[Example], share: float, seed: int = 0) -> list[Example]:
    """Noised copies of a random ``share`` of ``examples`` (seeded); sources get a ``-noise`` suffix. A chosen
    example that no artefact changed is left out: a plain duplicate would only weigh its record twice."""
    rng = random.Random(seed)
    chosen = [e for e in examples if rng.random() < share]
    out = []
    for example in chosen:
        noisy = add_noise(example, rng)
        if noisy.text != example.text:
            out.append(Example(noisy.id, f"{example.source}-noise", noisy.text, noisy.spans))
    return out
