"""The spot-check of two systems (parserator's ``spotcheck``): the references whose fields differ between them,
each with both labellings and the gold one, so a user sees what a retraining (their own data, say) changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..formats._xml import LabelledRecord
from ..formats.markup import inline_markup
from .harness import GoldReference, Prediction, System, locate_fields
from .metrics import compare

SpanTuple = tuple[int, int, str]


@dataclass(frozen=True)
class Difference:
    """One reference the two systems label differently: the labels whose fields differ, each labelling as
    markup, and how many field errors each makes against gold."""

    id: str
    text: str
    labels: tuple[str, ...]
    gold: str
    first: str
    second: str
    first_errors: int
    second_errors: int


@dataclass(frozen=True)
class SpotCheck:
    """The differences between ``first`` and ``second`` on ``references`` gold references."""

    first: str
    second: str
    references: int
    differences: tuple[Difference, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"systems": [self.first, self.second], "references": self.references,
                "differing": len(self.differences), "differences": [asdict(d) for d in self.differences]}


def memoised(system: System) -> System:
    """``system`` answering each reference once, so that the spot-check reuses the scoring run's predictions."""
    answers: dict[int, Prediction] = {}

    def predict(ref: GoldReference) -> Prediction:
        key = id(ref)
        if key not in answers:
            answers[key] = system.predict(ref)
        return answers[key]

    return System(system.name, predict, system.description)


def spot_check(gold: Sequence[GoldReference], first: System, second: System) -> SpotCheck:
    """Every gold reference whose predicted fields differ between ``first`` and ``second``, in gold order."""
    differences = []
    for ref in gold:
        a, b = first.predict(ref), second.predict(ref)
        labels = tuple(sorted(label for label in set(a.fields) | set(b.fields)
                              if a.fields.get(label, []) != b.fields.get(label, [])))
        if labels:
            first_markup, second_markup = _markup(ref.text, _spans(ref.text, a)), _markup(ref.text, _spans(ref.text, b))
            differences.append(Difference(ref.id, ref.text, labels, _markup(ref.text, ref.spans), first_markup,
                                          second_markup, _errors(ref, a), _errors(ref, b)))
    return SpotCheck(first.name, second.name, len(gold), tuple(differences))


def _spans(text: str, prediction: Prediction) -> tuple[SpanTuple, ...]:
    return prediction.spans if prediction.spans is not None else locate_fields(text, prediction.fields)


def _markup(text: str, spans: Sequence[SpanTuple]) -> str:
    return inline_markup(LabelledRecord(text, tuple(sorted(spans))))


def _errors(ref: GoldReference, prediction: Prediction) -> int:
    return sum(c.fp + c.fn for c in compare(ref.fields, prediction.fields).values())


def render_spot_check(check: SpotCheck, limit: int, write: Callable[[str], None] = print) -> None:
    """The differences as text: a heading, then per reference its id, the differing labels and the three
    labellings, one per line."""
    shown = check.differences[:limit]
    write(f"Spot-check: {len(check.differences)} of {check.references} references have fields that differ between "
          f"{check.first} and {check.second}" + (f"; the first {len(shown)}:" if shown else "."))
    width = max(len(check.first), len(check.second), 4) + 2
    for d in shown:
        write("")
        write(f"{d.id}  (differ: {', '.join(d.labels)}; field errors against gold: {check.first} {d.first_errors}, "
              f"{check.second} {d.second_errors})")
        for name, markup in ((check.first, d.first), (check.second, d.second), ("gold", d.gold)):
            write(f"  {name + ':':<{width}}{markup}")
