"""The generated share of a training set: records drawn, kept apart from the evaluation sets, rendered, cached.

Records whose title is also the title of a reference in dev or an ``extra/`` set are left out, so no evaluation
figure rests on a reference the model saw rendered. Rendered sets are cached as JSONL under ``build/generated/``
of a checkout (or ``$REFPARSE_CACHE``), keyed by everything that decides them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...corpus import Example, checkout_root, read_jsonl_plain, resolve_data_dir
from ...evaluation.sets import EVALUATION_SETS
from ...lexicon import words_of_field
from ..augment.styles import RenderStats
from .records import SHIPPED, draw_records, read_records

#: Evaluation files whose titles the generated records must not share (relative to the data folder).
EVALUATION_FILES: tuple[str, ...] = tuple(dict.fromkeys(s.file for s in EVALUATION_SETS))
#: Bump when a change to the generator changes what it writes, so old caches are not reused.
GENERATOR_VERSION = "6"


@dataclass
class GeneratedSet:
    """Generated references and how they were made (for the model card)."""

    examples: list[Example]
    recipe: dict[str, Any]
    stats: dict[str, RenderStats] = field(default_factory=dict)


def title_key(title: str) -> str:
    """A title reduced to lower-case letters and digits, for matching across styles and sources."""
    text = unicodedata.normalize("NFKD", title).casefold()
    return re.sub(r"[\W_]+", "", text)


def evaluation_titles(data_dir: Path) -> set[str]:
    """Title keys (of titles of three words or more) of every reference in the evaluation files present."""
    keys = set()
    for name in EVALUATION_FILES:
        path = data_dir / name
        if path.exists():
            for example in read_jsonl_plain(path):
                for start, end, label in example.spans:
                    if label == "title" and len(example.text[start:end].split()) >= 3:
                        keys.add(title_key(example.text[start:end]))
    return keys


def candidate_records(data_dir: Path, sources: Iterable[str] = SHIPPED) -> tuple[list[dict[str, Any]], int]:
    """The records of ``sources`` whose titles no evaluation reference has, and how many were left out."""
    held_out = evaluation_titles(data_dir)
    records, left_out = [], 0
    for record in read_records(sources, data_dir):
        if title_key(str(record.get("title", ""))) in held_out:
            left_out += 1
        else:
            records.append(record)
    return records, left_out


def cache_dir() -> Path:
    explicit = os.environ.get("REFPARSE_CACHE")
    if explicit:
        return Path(explicit)
    return (checkout_root() or Path.home() / ".cache" / "refparse") / "build" / "generated"


def generated_set(
    csl: int, latex: int = 0, seed: int = 0, balance: float = 0.5, data_dir: str | Path | None = None,
    sources: Sequence[str] = SHIPPED, use_cache: bool = True,
) -> GeneratedSet:
    """``csl`` records rendered through CSL styles and ``latex`` through BibTeX styles (distinct records, drawn
    with :func:`~refparse.training.generate.records.draw_records`), deterministic for the arguments."""
    recipe = {"csl_records": csl, "latex_records": latex, "seed": seed, "balance": balance,
              "sources": list(sources), "generator_version": GENERATOR_VERSION}
    if csl + latex <= 0:
        return GeneratedSet([], recipe | {"made": {}, "dropped": {}, "kept_by_family": {}, "by_source": {}})

    def make(records: list[dict[str, Any]]) -> tuple[list[Example], dict[str, RenderStats], list[dict]]:
        drawn = draw_records(records, csl + latex, seed=seed, balance=balance)
        return (*render_drawn(drawn[:csl], drawn[csl:], seed), drawn)

    return _cached(recipe, make, data_dir, sources, use_cache)


#: Share of the records of :func:`initials_set` drawn from those with a short title (:data:`SHORT_TITLE_WORDS`
#: words at most): short titles give the fewest cues where a title begins.
SHORT_TITLE_SHARE = 0.5
SHORT_TITLE_WORDS = 5


def initials_set(n: int, seed: int = 0, balance: float = 0.5, data_dir: str | Path | None = None,
                 sources: Sequence[str] = SHIPPED, use_cache: bool = True) -> GeneratedSet:
    """``n`` records with one to three authors given as initials, rendered through the styles that print those
    initials directly before the title (:func:`~refparse.training.generate.csl.styles_with_initials_before_title`:
    "SILVA, J. A. Educação e sociedade."), a share :data:`SHORT_TITLE_SHARE` of them with short titles."""
    recipe = {"initials_records": n, "seed": seed, "balance": balance, "short_title_share": SHORT_TITLE_SHARE,
              "sources": list(sources), "generator_version": GENERATOR_VERSION}
    if n <= 0:
        return GeneratedSet([], recipe | {"made": {}, "dropped": {}, "kept_by_family": {}, "by_source": {}})

    def make(records: list[dict[str, Any]]) -> tuple[list[Example], dict[str, RenderStats], list[dict]]:
        from .csl import styles_with_initials_before_title
        from .variants import with_initials

        with_authors = [r for r in records if r.get("author")]
        short = [r for r in with_authors if len(str(r.get("title", "")).split()) <= SHORT_TITLE_WORDS]
        n_short = round(n * SHORT_TITLE_SHARE)
        drawn = (draw_records(short, n_short, seed=seed + 11, balance=balance)
                 + draw_records(with_authors, n - n_short, seed=seed + 12, balance=balance))
        rng = random.Random(seed + 13)
        varied = [with_initials(record, rng) for record in drawn]
        return (*_render_through(varied, styles_with_initials_before_title(), seed + 14), drawn)

    return _cached(recipe, make, data_dir, sources, use_cache)


#: The longest name before the colon that :func:`opens_with_acronym` takes for a paper's short name.
ACRONYM_LENGTH = 20


def opens_with_acronym(title: str) -> bool:
    """Whether ``title`` opens with a paper's short name and a colon: one word with two capitals or more ("LoRA:
    Low-rank adaptation", "BERT: Pre-training", "FeTaQA: ...", "GPT-4 : ..."), as machine-learning and NLP
    papers are named."""
    head, colon, _ = title.partition(":")
    head = head.strip()
    return bool(colon) and 2 <= len(head) <= ACRONYM_LENGTH and not any(c.isspace() for c in head) and sum(
        c.isupper() for c in head) >= 2


#: Share of the records of :func:`acronym_title_set` typeset through the venue BibTeX styles (the others go
#: through the CSL styles that print initials directly before the title), and of those typeset, the share with
#: their authors' given names as initials (icml2025 abbreviates them itself).
ACRONYM_LATEX_SHARE = 0.5
ACRONYM_LATEX_INITIALS_SHARE = 0.5
#: Share of the records of :func:`acronym_title_set` whose short name is replaced by a word that real records
#: hold as a person's name (:func:`~refparse.training.generate.variants.with_name_word_short_name`: "Adam:",
#: "ALBERT:", "BART:"), the short names a model otherwise reads as one more author.
ACRONYM_NAME_WORD_SHARE = 0.3
#: The lengths of the name words drawn for those short names.
NAME_WORD_LENGTHS = range(3, 9)


def acronym_title_set(n: int, seed: int = 0, balance: float = 0.5, data_dir: str | Path | None = None,
                      sources: Sequence[str] = SHIPPED, use_cache: bool = True) -> GeneratedSet:
    """``n`` records whose titles open with a short name and a colon (:func:`opens_with_acronym`), all their
    authors kept, rendered so the short name follows the author list directly: "Hu, E. J., ... and Chen, W.
    LoRA: Low-rank adaptation ...". A share :data:`ACRONYM_LATEX_SHARE` is typeset through the venue BibTeX
    styles (ICML, ICLR, ACL, natbib's), the rest goes, with initials, through the CSL styles of
    :func:`~refparse.training.generate.csl.styles_with_initials_before_title`. A share
    :data:`ACRONYM_NAME_WORD_SHARE` of the records get a person's name for their short name ("Adam:")."""
    recipe = {"acronym_title_records": n, "seed": seed, "balance": balance, "latex_share": ACRONYM_LATEX_SHARE,
              "latex_initials_share": ACRONYM_LATEX_INITIALS_SHARE, "name_word_share": ACRONYM_NAME_WORD_SHARE,
              "sources": list(sources), "generator_version": GENERATOR_VERSION}
    if n <= 0:
        return GeneratedSet([], recipe | {"made": {}, "dropped": {}, "kept_by_family": {}, "by_source": {}})

    def make(records: list[dict[str, Any]]) -> tuple[list[Example], dict[str, RenderStats], list[dict]]:
        from .csl import styles_with_initials_before_title
        from .latex import VENUE_STYLES, LatexStats, render_many
        from .variants import with_initials, with_name_word_short_name

        named = [r for r in records if r.get("author") and opens_with_acronym(str(r.get("title", "")))]
        drawn = draw_records(named, n, seed=seed + 31, balance=balance)
        rng = random.Random(seed + 32)
        name_words = [w for w in words_of_field("name") if w.isalpha() and len(w) in NAME_WORD_LENGTHS]
        drawn = [with_name_word_short_name(r, name_words, rng) if rng.random() < ACRONYM_NAME_WORD_SHARE else r
                 for r in drawn]
        cut = round(len(drawn) * ACRONYM_LATEX_SHARE)
        typeset = [with_initials(r, rng, keep_all=True) if rng.random() < ACRONYM_LATEX_INITIALS_SHARE else r
                   for r in drawn[:cut]]
        examples, stats = _render_through([with_initials(r, rng, keep_all=True) for r in drawn[cut:]],
                                          styles_with_initials_before_title(), seed + 33)
        stats["latex"] = LatexStats()
        examples += render_many(typeset, seed=seed + 34, stats=stats["latex"], styles=sorted(VENUE_STYLES))
        return examples, stats, drawn

    return _cached(recipe, make, data_dir, sources, use_cache)


#: The CSL types of the edited-volume half of :func:`german_set`: a contribution to a book or proceedings.
GERMAN_EDITED_TYPES: tuple[str, ...] = ("chapter", "paper-conference")
#: Share of the records of :func:`german_set` drawn from those contributions that have an editor and a
#: container title ("In: Rammert, Werner (Hrsg.): Technik und Sozialtheorie"); the rest are any records with an
#: author.
GERMAN_EDITED_SHARE = 0.5


def german_styles() -> tuple[tuple[str, str], ...]:
    """The usable styles whose default locale is German (de-DE, de-AT, de-CH), with that locale: DIN 1505-2, ISO
    690 and Chicago in German, Springer VS and the house styles of German-speaking journals and universities."""
    from .csl import usable_styles

    return tuple((style, locale) for style, locale in usable_styles() if locale.startswith("de"))


def german_set(n: int, seed: int = 0, balance: float = 0.5, data_dir: str | Path | None = None,
               sources: Sequence[str] = SHIPPED, use_cache: bool = True) -> GeneratedSet:
    """``n`` records rendered through the styles whose default locale is German (:func:`german_styles`), so the
    cue words, the punctuation and the order of German humanities reference lists come with them ("Latour,
    Bruno: Über technische Vermittlung. In: Rammert, Werner (Hrsg.): Technik und Sozialtheorie. Campus, 1998,
    S. 29–81"). A share :data:`GERMAN_EDITED_SHARE` is drawn from the contributions to edited volumes
    (:data:`GERMAN_EDITED_TYPES` with an editor and a container title), the rest from every record with an
    author, none drawn twice. Rendered strictly (:func:`~refparse.training.generate.csl.render_record`): a style
    that glues fields together or prints the cue word of a value the record lacks loses that rendering."""
    recipe = {"german_records": n, "seed": seed, "balance": balance, "edited_share": GERMAN_EDITED_SHARE,
              "edited_types": list(GERMAN_EDITED_TYPES), "sources": list(sources),
              "generator_version": GENERATOR_VERSION}
    if n <= 0:
        return GeneratedSet([], recipe | {"made": {}, "dropped": {}, "kept_by_family": {}, "by_source": {}})

    def make(records: list[dict[str, Any]]) -> tuple[list[Example], dict[str, RenderStats], list[dict]]:
        with_authors = [r for r in records if r.get("author")]
        edited = [r for r in with_authors if r.get("type") in GERMAN_EDITED_TYPES and r.get("editor")
                  and r.get("container-title")]
        n_edited = round(n * GERMAN_EDITED_SHARE)
        drawn = draw_records(edited, n_edited, seed=seed + 41, balance=balance)
        taken = {id(r) for r in drawn}
        drawn += draw_records([r for r in with_authors if id(r) not in taken], n - len(drawn), seed=seed + 42,
                              balance=balance)
        return (*_render_through(drawn, german_styles(), seed + 43, strict=True), drawn)

    return _cached(recipe, make, data_dir, sources, use_cache)


def _render_through(records: Sequence[dict[str, Any]], styles: Sequence[tuple[str, str]], seed: int,
                    strict: bool = False) -> tuple[list[Example], dict[str, RenderStats]]:
    """``records`` rendered through the CSL ``styles`` only, with the render stats (``strict``: see
    :func:`~refparse.training.generate.csl.render_record`)."""
    from .csl import render_records

    stats = {"csl": RenderStats()}
    return render_records(records, styles=styles, seed=seed, stats=stats["csl"], strict=strict), stats


def _cached(recipe: dict[str, Any], make, data_dir: str | Path | None, sources: Sequence[str],
            use_cache: bool) -> GeneratedSet:
    """The set ``recipe`` describes: read from the cache, or made by ``make`` from the candidate records (and
    cached), with what was made, kept and dropped added to the recipe."""
    key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]
    cached = cache_dir() / f"{key}.jsonl"
    if use_cache and cached.exists() and cached.with_suffix(".json").exists():
        meta = json.loads(cached.with_suffix(".json").read_text(encoding="utf-8"))
        return GeneratedSet(read_jsonl_plain(cached), meta)
    records, left_out = candidate_records(resolve_data_dir(data_dir), sources)
    examples, stats, drawn = make(records)
    recipe = recipe | {"records_left_out_as_evaluation_titles": left_out,
                       "made": {kind: sum(s.kept.values()) for kind, s in stats.items()},
                       "kept_by_family": {kind: dict(s.kept.most_common()) for kind, s in stats.items()},
                       "dropped": {kind: dict(s.dropped.most_common()) for kind, s in stats.items()},
                       "by_source": _by_source(drawn)}
    if use_cache:
        write_examples(cached, examples)
        cached.with_suffix(".json").write_text(json.dumps(recipe, indent=1) + "\n", encoding="utf-8")
    return GeneratedSet(examples, recipe, stats)


def render_drawn(for_csl: Sequence[dict], for_latex: Sequence[dict],
                 seed: int) -> tuple[list[Example], dict[str, RenderStats]]:
    from .csl import render_records
    from .variants import vary_record

    rng = random.Random(seed + 3)
    for_csl = [vary_record(r, rng) for r in for_csl]
    for_latex = [vary_record(r, rng) for r in for_latex]
    stats = {"csl": RenderStats()}
    examples = render_records(for_csl, seed=seed, stats=stats["csl"])
    if for_latex:
        from .latex import LatexStats, render_many

        stats["latex"] = LatexStats()
        examples += render_many(for_latex, seed=seed, stats=stats["latex"])
    return examples, stats


def _by_source(records: Sequence[dict[str, Any]]) -> dict[str, int]:
    return dict(sorted(Counter(record.get("source", "") for record in records).items()))


def write_examples(path: Path, examples: Iterable[Example]) -> None:
    """Examples as JSONL in the corpus schema (``orig_label`` repeats the label: the generator is the source)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for e in examples:
            row = {"id": e.id, "source": e.source, "text": e.text, "spans": [[s, t, lab, lab] for s, t, lab in e.spans]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")

