"""refparse.evaluation.reports: the Markdown report, the README table and the chart."""

from __future__ import annotations

from refparse.evaluation import reports

from ._cases import tiny_report


def test_report_renderers(tmp_path):
    report = tiny_report()
    markdown = reports.render_markdown(report)
    assert "# Evaluation on tiny.jsonl (2 references)" in markdown and "*rules skipped*: not here" in markdown
    assert "No reference has an error." in markdown
    table = reports.accuracy_table(report, command="python training/evaluate.py")
    assert "| author | 2 | 1.000 |" in table and "`python training/evaluate.py`" in table
    png = reports.plot_f1(report, tmp_path / "f1.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
