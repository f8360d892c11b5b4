"""The labelled sets a model is judged on, named once: dev and every ``extra/`` set of the data folder.

The scripts that choose and report a recipe (score_sets, calibrate, ablate_corrections) and the generator (which
keeps these sets' titles out of its strings) read this list. AnyStyle "good" is scored on its held-out half, the
other half being training data (:data:`refparse.corpus.CORPUS_PARTS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import corpus_part


@dataclass(frozen=True)
class EvaluationSet:
    """One set: a short key for tables and options, the name reports print, and its path in the data folder
    (``FILE#part`` for one half of a file)."""

    key: str
    name: str
    path: str

    @property
    def file(self) -> str:
        """The whole file the set is read from, without the half."""
        return corpus_part(self.path)[0].as_posix()


EVALUATION_SETS: tuple[EvaluationSet, ...] = (
    EvaluationSet("dev", "dev", "parse/dev.jsonl"),
    EvaluationSet("good", "AnyStyle good, held-out half", "parse/extra/anystyle-good.jsonl#held-out"),
    EvaluationSet("bad", "AnyStyle bad", "parse/extra/anystyle-bad.jsonl"),
    EvaluationSet("ugly", "AnyStyle ugly", "parse/extra/anystyle-ugly.jsonl"),
    EvaluationSet("excite", "EXCITE", "parse/extra/excite.jsonl"),
    EvaluationSet("parscit", "ParsCit", "parse/extra/parscit.jsonl"),
)


def evaluation_sets(*skip: str) -> tuple[EvaluationSet, ...]:
    """:data:`EVALUATION_SETS` without the sets whose keys are given."""
    unknown = set(skip) - {s.key for s in EVALUATION_SETS}
    if unknown:
        raise ValueError(f"unknown evaluation set(s) {sorted(unknown)}; known: {[s.key for s in EVALUATION_SETS]}")
    return tuple(s for s in EVALUATION_SETS if s.key not in skip)
