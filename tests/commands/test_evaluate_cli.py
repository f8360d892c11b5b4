"""`refparse evaluate` and `refparse explain` end to end, on a tiny gold file written here."""

from __future__ import annotations

import json

import pytest

from refparse.cli import main

REFERENCES = [
    ("Smith, J. (2001). A study of things. Journal of Stuff, 3(2), 1-9.",
     [("Smith, J.", "author"), ("2001", "date"), ("A study of things", "title"), ("Journal of Stuff", "container-title"),
      ("3", "volume"), ("2", "issue"), ("1-9", "pages")]),
    ("Doe, A., & Roe, B. (1999). Another title. Nature, 12, 100-110.",
     [("Doe, A., & Roe, B.", "author"), ("1999", "date"), ("Another title", "title"), ("Nature", "container-title"),
      ("12", "volume"), ("100-110", "pages")]),
    ("Müller, K. 2010. Über Dinge. Berlin: Verlag.",
     [("Müller, K.", "author"), ("2010", "date"), ("Über Dinge", "title"), ("Berlin", "location"),
      ("Verlag", "publisher")]),
]


def _record(i: int, text: str, pieces) -> dict:
    spans, pos = [], 0
    for piece, label in pieces:
        start = text.index(piece, pos)
        spans.append([start, start + len(piece), label, label])
        pos = start + len(piece)
    return {"id": f"tiny/{i}", "source": "tiny", "text": text, "spans": spans}


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(_record(i, t, p), ensure_ascii=False) + "\n"
                            for i, (t, p) in enumerate(REFERENCES)), encoding="utf-8")
    return path


def _perfect_predictions(tmp_path, drop_last: bool = False):
    path = tmp_path / "perfect.jsonl"
    rows = []
    for i, (_, pieces) in enumerate(REFERENCES[:-1] if drop_last else REFERENCES):
        fields: dict[str, list[str]] = {}
        for piece, label in pieces:
            fields.setdefault(label, []).append(piece)
        rows.append({"id": f"tiny/{i}", "fields": fields})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluate_scores_systems_side_by_side(gold, tmp_path, capsys):
    preds = _perfect_predictions(tmp_path)
    out_json, out_md, chart = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.png"
    code = main(["evaluate", str(gold), "-s", "crf", "-s", f"preds:{preds}", "--bootstrap", "50",
                 "--json", str(out_json), "--markdown", str(out_md), "--chart", str(chart)])
    assert code == 0
    stdout = capsys.readouterr().out
    assert "| metric | crf | preds:perfect.jsonl |" in stdout
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert report["references"] == 3 and list(report["systems"]) == ["crf", "preds:perfect.jsonl"]
    perfect = report["systems"]["preds:perfect.jsonl"]
    assert perfect["headline"]["exact_micro_f1"]["value"] == 1.0
    assert perfect["headline"]["token_accuracy"]["value"] == 1.0
    assert perfect["headline"]["all_fields_correct"]["value"] == 1.0
    assert perfect["persons"]["gold_persons"] == 4 and perfect["persons"]["f1"] == 1.0
    assert report["systems"]["crf"]["headline"]["exact_micro_f1"]["value"] > 0.5
    assert "## crf: worst references" in out_md.read_text(encoding="utf-8")
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_evaluate_json_to_stdout(gold, tmp_path, capsys):
    preds = _perfect_predictions(tmp_path)
    assert main(["evaluate", str(gold), "-s", f"preds:{preds}", "--format", "json", "--bootstrap", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["systems"]["preds:perfect.jsonl"]["exact"]["per_label"]["issue"]["support"] == 1
    assert "ci95" not in report["systems"]["preds:perfect.jsonl"]["headline"]["exact_micro_f1"]


@pytest.mark.parametrize("extra, message", [
    (["-s", "preds:{missing}"], "1 gold id(s) have no prediction (e.g. 'tiny/2')"),
    (["-s", "grobid"], "unknown system 'grobid'"),
    (["--limit", "0"], "--limit must be a positive number"),
])
def test_evaluate_bad_input_is_a_clear_error(gold, tmp_path, capsys, extra, message):
    missing = _perfect_predictions(tmp_path, drop_last=True)
    args = [a.format(missing=missing) for a in extra]
    assert main(["evaluate", str(gold), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_evaluate_missing_gold_file(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nope.jsonl")]) == 1
    assert "gold file not found" in capsys.readouterr().err



@pytest.mark.parametrize("line", ['["not", "an", "object"]', '{"id": "x", "spans": []}', "{not json"],
                         ids=["a-list", "no-text", "not-json"])
@pytest.mark.parametrize("cv", [False, True], ids=["score", "cv"])
def test_evaluate_a_malformed_gold_line_is_named(tmp_path, capsys, line, cv):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "a", "text": "Smith, J. 2001.", "spans": [[0, 9, "author"]]}\n' + line + "\n")
    assert main(["evaluate", str(gold), *(["--cv", "2"] if cv else [])]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl, line 2" in err and "Traceback" not in err

def test_evaluate_skips_methods_the_parser_lacks(gold, capsys, monkeypatch):
    from refparse.evaluation import harness

    monkeypatch.setattr(harness, "parser_methods", lambda: ())
    assert main(["evaluate", str(gold), "-s", "crf", "-s", "rules", "--bootstrap", "0"]) == 0
    assert "skipping rules: " in capsys.readouterr().err


def test_explain_prints_each_token(capsys):
    assert main(["explain", "Smith, J. (2001). A title. Nature, 3, 1-9.", "--top", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "top features" in lines[0]
    assert any(line.startswith("2001") and " date " in line for line in lines)
    assert main(["explain", "Smith, J. (2001).", "--format", "json"]) == 0
    tokens = json.loads(capsys.readouterr().out)
    assert [t["text"] for t in tokens] == ["Smith", ",", "J", ".", "(", "2001", ")", "."]
    assert main(["explain", "  "]) == 1
    assert "non-empty" in capsys.readouterr().err
