"""training/ablate_corrections.py: the corrections' table, all / none / each one left out."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from refparse.corrections import PIPELINE
from refparse.evaluation import harness as ev
from refparse.types import Span

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "ablate_corrections.py"


def load_script():
    spec = importlib.util.spec_from_file_location("ablate_corrections", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_correction_is_credited_with_what_it_changes():
    text = "Perez, L. (1992). Cuban Miami. In G. Grenier (Eds.), Miami now! Gainesville."
    gold = ev.GoldReference("t/1", "t", text, ((0, 9, "author"), (11, 15, "date"), (18, 29, "title"),
                                               (34, 44, "editor"), (53, 63, "container-title")))
    # the model took the book for a second title: "book-title" mends it
    spans = [Span("author", "Perez, L.", 0, 9), Span("date", "1992", 11, 15), Span("title", "Cuban Miami", 18, 29),
             Span("editor", "G. Grenier", 34, 44), Span("title", "Miami now!", 53, 63)]
    rows = load_script().table({"toy": [(gold, spans)]}).splitlines()
    assert rows[2] == "| all | 1.0000 / 1.0000 |"
    assert rows[3].startswith("| none (the model alone) | 0.8000 / 0.7500")
    by_name = {row.split(" | ")[0].lstrip("| "): row for row in rows[4:]}
    assert set(by_name) == {c.name for c in PIPELINE}
    assert by_name["book-title"].endswith("| +20.00 / +25.00 |")
    assert by_name["author-overrun"].endswith("| +0.00 / +0.00 |")
