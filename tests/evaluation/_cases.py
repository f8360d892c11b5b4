"""Hand-made gold references shared by the evaluation tests."""

from __future__ import annotations

from refparse.evaluation import harness
from refparse.evaluation.harness import GoldReference, Prediction

TEXT = "Smith, J. (2001). Title words. Nature, pp. 1-9."


def spans_of(text: str, *pieces: tuple[str, str]) -> tuple[tuple[int, int, str], ...]:
    out = []
    for piece, label in pieces:
        start = text.index(piece)
        out.append((start, start + len(piece), label))
    return tuple(out)


GOLD_SPANS = spans_of(TEXT, ("Smith, J.", "author"), ("2001", "date"), ("Title words", "title"),
                      ("Nature", "container-title"), ("1-9", "pages"))



def tiny_report() -> dict:
    """The report of a system that answers with the gold itself, on two references of two sources."""
    system = harness.System("perfect", lambda ref: Prediction(ref.fields, ref.spans), "gold itself")
    gold = [GoldReference("a", "s1", TEXT, GOLD_SPANS),
            GoldReference("b", "s2", "Doe, A. 1999. Other.", ((0, 7, "author"), (8, 12, "date"), (14, 19, "title")))]
    return harness.evaluate_systems(gold, [system], samples=50, seed=1, gold_name="tiny.jsonl",
                                    skipped={"rules": "not here"})
