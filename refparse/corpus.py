"""The labelled corpora: reading the shared JSONL files (plainly or as a ``datasets.Dataset``), harmonising
their span conventions, token labels. Both wings (evaluation and training) read the corpora through here.

The corpora follow two conventions. AnyStyle puts the punctuation and cue words around a value inside its span
(``[pages: pp. 1761–1800).]``); GROBID tags the bare value (``pp. [pages: 234–248]``). A tagger trained on both
as they are learns contradictory boundaries, so every source is brought to one convention first, the bare value:

* **Volume compounds.** AnyStyle has no issue label: a volume span such as ``12(3)``, ``58, no. 11``, ``83.3``
  or ``2000;355(9222)`` becomes date, volume and issue spans as GROBID tags them.
* **Preprint notes.** AnyStyle and GROBID tag "arXiv preprint arXiv:1412.7054" or "Preprint, arXiv:1212.5141"
  as one note; following ``docs/conventions.md``, the words naming the kind of work become a genre span and the
  arXiv identifier an identifier span, as the generated references label them.
* **Harmonisation rule.** Drop from both edges of each span the tokens that are punctuation (unless they are a
  bracket or quote balanced inside the span) or cue words of that label: "In" before a venue or editors; "pp.",
  "S.", "p." before pages; "Vol.", "Bd.", "Jg." before a volume; "No.", "Nr.", "H." before an issue; "(Eds.)",
  "Hrsg.", "ed. by" around editors; "doi:", "ISBN", "URL", "Retrieved from" before identifiers. What is dropped
  becomes unlabelled (``O``), like the text between spans.

The same rule is applied to every source, and the evaluation normalises both sides at field edges, so the score
does not depend on the convention.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import install_hint
from .labels import LABELS, OUTSIDE
from .lexicon import CLASSES, key
from .patterns import ARXIV_OR_PUBMED, BRACKET_PAIRS, QUOTE_PAIRS
from .tokenize import tokenize
from .types import Token

#: Default location of the shared corpora: ``../shared/data`` relative to the project root.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DATA_ENV_VAR = "REFPARSE_DATA_DIR"


def resolve_data_dir(explicit: str | Path | None = None) -> Path:
    """The corpus folder: ``explicit``, else ``$REFPARSE_DATA_DIR``, else ``../shared/data`` beside the project
    (checked from the source tree, then from the working directory)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DATA_ENV_VAR)
    if env:
        return Path(env)
    beside_cwd = Path.cwd().parent / "shared" / "data"
    for candidate in (DEFAULT_DATA_DIR, beside_cwd):
        if candidate.is_dir():
            return candidate
    # Not found: name the place a user would look, the source tree's or (for an installed package, whose
    # source tree is site-packages) the one beside the working directory.
    return DEFAULT_DATA_DIR if checkout_root() else beside_cwd


def checkout_root() -> Path | None:
    """The repository root when refparse runs from a source checkout (pyproject.toml beside the package), else
    None (an installed package, whose parent folder is site-packages)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None

# Brackets and the quotes that wrap a whole value ("“Title”", "(1999)"); "»Titel«" and "”Titel”" are left out, as
# their closers open other quotes ("«", "“") and one closer must name one opener here.
_BRACKET_PAIRS = {**BRACKET_PAIRS, **{o: c for o, c in QUOTE_PAIRS.items() if o in "“‘„«\"'"}}
_CLOSING = {v: k for k, v in _BRACKET_PAIRS.items()}

_ANY_EDGE = frozenset({"in", "in:"})
_LEADING_CUES: dict[str, frozenset[str]] = {
    "pages": CLASSES["pages"],
    "volume": CLASSES["volume"],
    "issue": CLASSES["issue"],
    "editor": frozenset("ed eds edited by hrsg hg von v herausgegeben editor editors dir".split()),
    "translator": frozenset("trans transl translated by übers übersetzt von v trad".split()),
    "doi": frozenset("doi".split()),
    "isbn": frozenset("isbn".split()),
    "url": frozenset("url available at from retrieved online accessed".split()),
    "identifier": frozenset(),
}
_TRAILING_CUES: dict[str, frozenset[str]] = {
    "editor": CLASSES["editor"],
    "translator": frozenset("trans transl translator übers".split()),
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled reference: its text, its spans and the token labels derived from them."""

    id: str
    source: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


#: The halves a corpus file can be split into, named after a ``#`` in its path: ``anystyle-good.jsonl#train`` is
#: the records whose id hashes to an even number, ``#held-out`` the others. AnyStyle "good" (BSD-2, 4,320 varied
#: references) is split so: its train half trains the shipped model, its held-out half scores it.
CORPUS_PARTS: tuple[str, ...] = ("train", "held-out")
PART_MARK = "#"


def corpus_part(path: str | Path) -> tuple[Path, str | None]:
    """The file and the half (:data:`CORPUS_PARTS`) a corpus path names: ``("x.jsonl", "train")`` for
    ``x.jsonl#train``, ``(path, None)`` for a whole file; a ValueError names an unknown half."""
    name = str(path)
    if PART_MARK not in Path(name).name:
        return Path(name), None
    file, part = name.rsplit(PART_MARK, 1)
    if part not in CORPUS_PARTS:
        raise ValueError(f"{name}: unknown part {part!r} of a corpus file (known: {', '.join(CORPUS_PARTS)})")
    return Path(file), part


def in_part(example_id: str, part: str | None) -> bool:
    """Whether the record ``example_id`` is in ``part`` (None: the whole file); a hash of the id decides, so a
    record keeps its half whatever the file's order."""
    if part is None:
        return True
    even = hashlib.sha1(example_id.encode("utf-8")).digest()[-1] % 2 == 0
    return even == (part == "train")


def read_jsonl(path: str | Path) -> list[Example]:
    """Read a corpus file of the shared schema, or one half of it (:func:`corpus_part`), through the
    ``datasets`` library."""
    file, part = corpus_part(path)
    examples = (example_from_record(record_from_row(row)) for row in load_dataset_jsonl(file))
    return [e for e in examples if in_part(e.id, part)]


def load_dataset_jsonl(path: str | Path):
    """Load one JSONL corpus file of the shared schema as a ``datasets.Dataset``.

    Columns: ``id``, ``source``, ``text`` and the spans as three parallel lists ``span_start``, ``span_end``,
    ``span_label`` (Arrow cannot type the schema's mixed ``[start, end, label, orig]`` lists). ``datasets`` is
    imported here, on first use, so that importing this module stays cheap.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: {path} (set --data-dir or REFPARSE_DATA_DIR)")
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"reading corpora needs the 'datasets' package: {install_hint('train')}") from exc
    datasets.disable_progress_bars()
    raw = datasets.load_dataset("text", data_files=str(path), split="train")
    raw = raw.filter(lambda row: bool(row["text"].strip()))
    return raw.map(_columns_from_line, remove_columns=["text"])


def _columns_from_line(row: dict[str, Any]) -> dict[str, Any]:
    record = json.loads(row["text"])
    spans = record.get("spans") or []
    return {
        "id": str(record.get("id", "")),
        "source": str(record.get("source", "")),
        "text": record["text"],
        "span_start": [int(s[0]) for s in spans],
        "span_end": [int(s[1]) for s in spans],
        "span_label": [str(s[2]) for s in spans],
    }


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Dataset row back in the shared schema's form."""
    spans = [list(s) for s in zip(row["span_start"], row["span_end"], row["span_label"])]
    return {"id": row["id"], "source": row["source"], "text": row["text"], "spans": spans}


def read_jsonl_plain(path: str | Path) -> list[Example]:
    """Read a corpus file, or one half of it (:func:`corpus_part`), with the standard library only (used by
    tests and tools that avoid `datasets`)."""
    file, part = corpus_part(path)
    examples = []
    with open(file, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                example = example_from_record(json.loads(line))
            except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
                raise ValueError(f"{file}, line {number}: not a reference of the shared schema ({exc})") from None
            if in_part(example.id, part):
                examples.append(example)
    return examples


def example_from_record(record: dict) -> Example:
    """An :class:`Example` from one JSON record of the shared schema; ValueError names what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object with 'text' and 'spans', got {type(record).__name__}")
    if not isinstance(record.get("text"), str):
        raise ValueError(f"record {record.get('id')!r} has no 'text' string")
    spans = tuple((int(s), int(e), str(label)) for s, e, label, *_ in record.get("spans") or [])
    unknown = {label for _, _, label in spans} - set(LABELS)
    if unknown:
        raise ValueError(f"record {record.get('id')!r} has labels outside the label set: {sorted(unknown)}")
    return Example(str(record.get("id", "")), str(record.get("source", "")), record["text"], spans)


def harmonise(example: Example) -> Example:
    """Apply the harmonisation rule (module docstring) to every span of ``example``."""
    tokens = tokenize(example.text)
    spans = []
    for start, end, label in _split_preprint_notes(example.text, example.spans):
        inside = [t for t in tokens if t.start >= start and t.end <= end]
        trimmed = trim_span_tokens(inside, label) or inside  # a span of dashes ("———.") stays whole
        if label == "volume":
            spans.extend(split_volume_issue(trimmed))
        elif trimmed:
            spans.append((trimmed[0].start, trimmed[-1].end, label))
    return Example(example.id, example.source, example.text, tuple(spans))


_PREPRINT_NOTE = re.compile(rf"^\W*(?:((?:arXiv\s+)?(?:pre|e-?)?print)\W+)?({ARXIV_OR_PUBMED.pattern})\W*$",
                            re.I)


def _split_preprint_notes(text: str, spans) -> list[tuple[int, int, str]]:
    """A note that is only a preprint's kind and arXiv identifier, cut into genre and identifier spans."""
    out = []
    for start, end, label in spans:
        match = _PREPRINT_NOTE.match(text[start:end]) if label == "note" else None
        if match and "arxiv" in match.group(2).lower():
            if match.group(1):
                out.append((start + match.start(1), start + match.end(1), "genre"))
            out.append((start + match.start(2), start + match.end(2), "identifier"))
        else:
            out.append((start, end, label))
    return out


_ISSUE_CUES = frozenset("no nos nr n num issue iss heft h fasc °".split())


def split_volume_issue(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """AnyStyle has no issue label and tags "12(3)", "58, no. 11", "83.3" or even "2000;355(9222)" as one
    volume; GROBID tags the year, the volume and the issue apart. Such compounds are split the GROBID way;
    anything else stays one volume span.
    """
    if not tokens:
        return []
    spans: list[tuple[int, int, str]] = []
    words = [t.text for t in tokens]
    if len(words) > 2 and _is_year(words[0]) and words[1] == ";":  # Vancouver "2000;355(9222)"
        spans.append((tokens[0].start, tokens[0].end, "date"))
        tokens, words = tokens[2:], words[2:]
    numbers = [i for i, w in enumerate(words) if w.isdigit()]
    if len(numbers) == 1 and numbers[0] == len(words) - 1 and _is_issue_cue(words[:-1]):  # "n° 39", "No. 5"
        return spans + [(tokens[-1].start, tokens[-1].end, "issue")]
    between = words[numbers[0] + 1 : numbers[1]] if len(numbers) == 2 else []
    rest_ok = len(numbers) == 2 and numbers[0] == 0 and all(w in ")]" for w in words[numbers[1] + 1 :])
    if rest_ok and (between in (["("], ["["], ["."], ["/"], [":"]) or _is_issue_cue(between)):
        spans.append((tokens[0].start, tokens[0].end, "volume"))
        spans.append((tokens[numbers[1]].start, tokens[numbers[1]].end, "issue"))
    else:
        spans.append((tokens[0].start, tokens[-1].end, "volume"))
    return spans


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("15", "16", "17", "18", "19", "20")


def _is_issue_cue(between: list[str]) -> bool:
    """", no.", ", nr", " n°", ", issue" between a volume and an issue number."""
    cues = [w for w in between if any(ch.isalnum() for ch in w)]
    return len(cues) == 1 and key(cues[0]) in _ISSUE_CUES and all(w in ",.;:°" or w == cues[0] for w in between)


def trim_span_tokens(tokens: list[Token], label: str) -> list[Token]:
    """Drop edge punctuation and cue words of ``label`` from a span's tokens (see the module docstring)."""
    lo, hi = 0, len(tokens)
    leading = _LEADING_CUES.get(label, frozenset()) | _ANY_EDGE
    trailing = _TRAILING_CUES.get(label, frozenset())
    changed = True
    while changed and lo < hi:
        changed = False
        first = tokens[lo].text
        if _is_loose_punct(tokens, lo, hi, first) or (key(first) in leading and lo + 1 < hi
                                                       and not (label == "volume" and _glued_letter(tokens, lo))):
            lo += 1
            changed = True
            continue
        last = tokens[hi - 1].text
        if hi - lo > 2 and _BRACKET_PAIRS.get(first) == last and _encloses(tokens[lo:hi]):
            lo, hi = lo + 1, hi - 1  # "(1999)", "“Title”": the brackets wrap the value, not part of it
            changed = True
            continue
        group = _trailing_cue_group(tokens, lo, hi, trailing)
        if group is not None:
            hi = group  # "O. Ashenfelter (Ed.)", "Müller (Hrsg.)"
            changed = True
            continue
        if _ends_abbreviation(tokens, hi):
            break
        if _is_loose_punct(tokens, lo, hi, last, closing=True) or (key(last) in trailing and hi - 1 > lo):
            hi -= 1
            changed = True
    return tokens[lo:hi]


def _glued_letter(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is a single letter glued to what follows it: "T52" names a volume ("Phys. Scr.
    T52"), where "t. 1" and "v. 3" are a cue and its number."""
    return len(tokens[i].text) == 1 and tokens[i].end == tokens[i + 1].start and tokens[i + 1].text != "."


def _trailing_cue_group(tokens: list[Token], lo: int, hi: int, cues: frozenset[str]) -> int | None:
    """Where a trailing bracketed group of cue words ("(Eds.)") starts, if the span ends with one."""
    closer = tokens[hi - 1].text
    if not cues or closer not in _CLOSING:
        return None
    opener = _CLOSING[closer]
    for k in range(hi - 2, lo, -1):
        if tokens[k].text == opener:
            inner = [t.text for t in tokens[k + 1 : hi - 1]]
            words = [w for w in inner if any(ch.isalnum() for ch in w)]
            if words and all(key(w) in cues for w in words):
                return k
            return None
    return None


def _encloses(tokens: list[Token]) -> bool:
    """True when the first and last tokens are a bracket pair that no inner bracket of the same kind breaks."""
    opener, closer = tokens[0].text, tokens[-1].text
    inner = [t.text for t in tokens[1:-1]]
    return opener not in inner and closer not in inner


def _ends_abbreviation(tokens: list[Token], hi: int) -> bool:
    """A full stop glued to a short word ("D.", "Biol.", "al.") belongs to it, as in GROBID's spans."""
    if hi < 2 or tokens[hi - 1].text != ".":
        return False
    prev = tokens[hi - 2]
    return prev.end == tokens[hi - 1].start and prev.text.isalpha() and len(prev.text) <= 4


def _is_loose_punct(tokens: list[Token], lo: int, hi: int, text: str, closing: bool = False) -> bool:
    """Punctuation at a span edge, except a bracket or quote whose partner is inside the span."""
    if any(ch.isalnum() for ch in text):
        return False
    inner = [t.text for t in tokens[lo:hi]]
    if closing and text in _CLOSING:
        opener = _CLOSING[text]
        return inner.count(opener) < inner.count(text) or (opener == text and inner.count(text) < 2)
    if not closing and text in _BRACKET_PAIRS:
        closer = _BRACKET_PAIRS[text]
        return inner.count(closer) < inner.count(text) or (closer == text and inner.count(text) < 2)
    return True


def token_labels(example: Example) -> tuple[list[Token], list[str]]:
    """Tokens of the example's text and the label of each (``O`` outside every span).

    A token takes the label of the span its first character falls in, so the rare span boundary inside a
    token (glued PDF text such as ``detectorClass``) costs one token, never the record.
    """
    tokens = tokenize(example.text)
    labels = [OUTSIDE] * len(tokens)
    spans = sorted(example.spans)
    j = 0
    for i, tok in enumerate(tokens):
        while j < len(spans) and spans[j][1] <= tok.start:
            j += 1
        if j < len(spans) and spans[j][0] <= tok.start < spans[j][1]:
            labels[i] = spans[j][2]
    return tokens, labels


def iter_fields(example: Example) -> Iterator[tuple[str, str]]:
    """``(label, text)`` for each span of the example, in order."""
    for start, end, label in example.spans:
        yield label, example.text[start:end]



#: The hand-labelled training corpus carried inside the package (parse/train.jsonl of the shared data, the
#: permissively licensed AnyStyle core and GROBID citation sets; their notices in data/ATTRIBUTION.md), so that
#: ``refparse train`` runs on an installed package with no corpus folder.
PACKAGED_CORPUS = Path(__file__).resolve().parent / "data" / "train.jsonl.gz"
PACKAGED_ATTRIBUTION = PACKAGED_CORPUS.with_name("ATTRIBUTION.md")


def read_packaged_corpus() -> list[Example]:
    """The packaged training corpus as Examples (standard library only: gzip and json)."""
    import gzip

    if not PACKAGED_CORPUS.is_file():
        raise FileNotFoundError(f"the packaged training corpus {PACKAGED_CORPUS} is missing; reinstall refparse, "
                                "or give the corpus folder with --data-dir")
    with gzip.open(PACKAGED_CORPUS, "rt", encoding="utf-8") as f:
        return [example_from_record(json.loads(line)) for line in f if line.strip()]


def read_labelled_examples(path: str | Path, fmt: str | None = None, source: str | None = None) -> list[Example]:
    """The references of a labelled file in any format of :data:`refparse.formats.labelled.LABELLED_FORMATS`
    (detected when ``fmt`` is None) as Examples; ``source`` replaces the records' own. Mistakes in the file
    raise :class:`refparse.formats.labelled.LabelledFileError` (a ValueError) naming the file and the line."""
    from .formats.labelled import read_labelled

    return [Example(r.id, r.source if source is None else source, r.text, r.spans) for r in read_labelled(path, fmt)]
