"""The one label list used by the tagger, the training data, the evaluation and the output formats."""

from __future__ import annotations

#: Field labels, in the order of ``../shared/data/README.md``.
LABELS: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "title",
    "container-title",
    "collection-title",
    "date",
    "volume",
    "issue",
    "pages",
    "publisher",
    "location",
    "edition",
    "genre",
    "note",
    "doi",
    "url",
    "isbn",
    "identifier",
    "citation-number",
    "other",
)

#: Label of tokens that belong to no field (separating punctuation, cue words such as "In" or "pp.").
OUTSIDE = "O"

#: Every label a token can carry.
TOKEN_LABELS: tuple[str, ...] = LABELS + (OUTSIDE,)

#: The four fields most tools report first.
CORE_LABELS: tuple[str, ...] = ("author", "title", "container-title", "date")

#: Fields that name persons and go through the name normaliser.
PERSON_LABELS: tuple[str, ...] = ("author", "editor", "translator")
