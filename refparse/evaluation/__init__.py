"""The evaluation wing: scoring parsers against labelled references (``refparse evaluate``).

* :mod:`.metrics`: what counts as a match, and the one precision/recall/F1 type (:class:`~.metrics.Counts`).
* :mod:`.harness`: gold and prediction reading, the systems under test, per-reference scoring, totals,
  bootstrap intervals, per-source tables, confusions, worst references.
* :mod:`.reports`: Markdown, the README's accuracy table, charts.

It reads the corpora through :mod:`refparse.corpus` and runs the runtime; the runtime never imports it.
"""
