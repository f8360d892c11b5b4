"""Real bibliographic records (CSL-JSON) to render training strings from: ``metadata/`` of the data folder.

Each source file carries its licence. Only the permissive ones (:data:`SHIPPED`) may shape the shipped model;
the rest serve experiments. Records are drawn with a seed and balanced over (source, type) groups, because
70% of the records are computer-science proceedings papers while the references users parse are not.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...corpus import resolve_data_dir


@dataclass(frozen=True)
class Source:
    """One metadata file and the terms it comes under."""

    id: str
    licence: str
    attribution: str
    shipped: bool  # may the shipped model (and anything in the wheel) train on strings rendered from it?

    def path(self, data_dir: Path) -> Path:
        return data_dir / "metadata" / f"{self.id}.csl.jsonl.gz"


SOURCES: dict[str, Source] = {s.id: s for s in (
    Source("acl-anthology", "CC-BY-4.0", "ACL Anthology, https://aclanthology.org, CC BY 4.0", True),
    Source("beebe-fisheries", "public domain", "Nelson H. F. Beebe's bibliography archive (University of Utah), "
           "via kellijohnson-NOAA/journals; public domain", True),
    Source("tex-archive", "public domain", "TeX User Group bibliographies by Nelson H. F. Beebe (Debian "
           "texlive-bibtex-extra); public domain", True),
    Source("bbt-fixtures", "MIT", "Zotero Better BibTeX test fixtures, Copyright (c) Emiliano Heyns, MIT licence",
           True),
    Source("manubot-csl", "CC-BY-4.0", "References of 16 Manubot manuscripts (greenelab/deep-review and others), "
           "CC BY 4.0", True),
    Source("elife-jats-refs", "CC-BY-4.0", "eLife Sciences Publications, CC BY 4.0 (references of eLife articles "
           "in elife-tools, bot-lax-adaptor, elife-spectrum, Pub2TEI fixtures)", True),
    Source("crossref-fixtures", "CC0-1.0", "Crossref metadata (CC0), from rcrossref and habanero test fixtures",
           True),
    Source("lobid-hbz", "CC0-1.0", "hbz union catalogue (lobid-resources), CC0 1.0", True),
    Source("fatcat-samples", "NLM terms / CC0-1.0", "NLM PubMed; DataCite (CC0), via internetarchive/fatcat", True),
    Source("biblatex-examples", "LPPL-1.3c", "biblatex-examples.bib and friends (Debian texlive-bibtex-extra), "
           "LPPL 1.3c", True),
    Source("acl-anthology-pre2016", "CC-BY-NC-SA-3.0", "ACL Anthology before 2016, CC BY-NC-SA 3.0", False),
    Source("zotero-tests", "AGPL-3.0", "Zotero translators' test cases, AGPL-3.0", False),
    Source("paperlists", "none stated", "Paper Copilot paperlists (no licence stated)", False),
)}

#: The sources whose renderings the shipped model may train on.
SHIPPED: tuple[str, ...] = tuple(s.id for s in SOURCES.values() if s.shipped)


def read_records(sources: Iterable[str] = SHIPPED, data_dir: str | Path | None = None) -> Iterator[dict[str, Any]]:
    """Every record of the named sources, in file order."""
    folder = resolve_data_dir(data_dir)
    for name in sources:
        if name not in SOURCES:
            raise ValueError(f"unknown metadata source {name!r}; known: {', '.join(SOURCES)}")
        path = SOURCES[name].path(folder)
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: the metadata records live in <data dir>/metadata/ "
                                    "(set REFPARSE_DATA_DIR or pass data_dir)")
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


def group_of(record: dict[str, Any]) -> tuple[str, str]:
    return record.get("source", ""), record.get("type", "")


def draw_records(records: Sequence[dict[str, Any]], n: int, seed: int = 0, balance: float = 0.5) -> list[dict]:
    """``n`` records drawn without replacement (while any are left), each with weight ``count(group) **
    -balance`` where a group is a (source, type) pair: 0 draws uniformly, 1 draws every group equally often.
    Deterministic for a seed and input order."""
    if n <= 0 or not records:
        return []
    counts = Counter(group_of(r) for r in records)
    by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_group[group_of(record)].append(i)
    rng = random.Random(seed)
    for members in by_group.values():
        rng.shuffle(members)
    groups = sorted(by_group)
    # A group's share is count ** (1 - balance); groups too small for their share give it all they have.
    shares = {g: counts[g] ** (1 - balance) for g in groups}
    total = sum(shares.values())
    wanted = {g: round(n * shares[g] / total) for g in groups}
    chosen = [i for g in groups for i in by_group[g][: wanted[g]]]
    leftovers = [i for g in groups for i in by_group[g][wanted[g]:]]
    rng.shuffle(leftovers)
    chosen.extend(leftovers[: max(0, n - len(chosen))])
    rng.shuffle(chosen)
    return [records[i] for i in chosen[:n]]
