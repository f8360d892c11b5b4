"""Your own data: `parse -f xml` writes what `train --add` reads back, the packaged corpus lets `train` run with no
corpus folder, the card lists the added files, and `evaluate` with two models lists what differs between them."""

from __future__ import annotations

import hashlib
import json

import pytest

from refparse import Parser
from refparse.cli import main
from refparse.corpus import PACKAGED_ATTRIBUTION, PACKAGED_CORPUS, read_labelled_examples, read_packaged_corpus
from refparse.formats.labelled import read_labelled

REFS = ["Smith, J. (2001). A title of things. Journal of Stuff, 3(2), 1-9.",
        "Doe, A. and Roe, B. 1999. Another book. London: Sage."]


def test_the_packaged_corpus_is_there_with_its_attributions():
    corpus = read_packaged_corpus()
    assert len(corpus) == 9974
    assert {e.source for e in corpus} == {"anystyle-core", "anystyle-good", "grobid-corpus"}
    assert PACKAGED_CORPUS.stat().st_size < 1_200_000  # about 1.05 MB gzipped
    notice = PACKAGED_ATTRIBUTION.read_text(encoding="utf-8")
    assert "Sylvester Keil" in notice and "CC BY 4.0" in notice and "ParsCit" not in notice


def test_parse_writes_markup_that_reads_back(tmp_path):
    out = tmp_path / "mine.xml"
    assert main(["parse", *REFS, "-f", "xml", "-o", str(out)]) == 0
    records = read_labelled(out)
    assert [r.text for r in records] == REFS
    parsed = Parser().parse(REFS[0])
    assert records[0].spans == tuple((s.start, s.end, s.label) for s in parsed.spans)


@pytest.mark.parametrize("fmt", ["anystyle", "grobid-training"])
def test_parse_writes_the_peers_formats(fmt, tmp_path):
    out = tmp_path / f"mine.{fmt}.xml"
    assert main(["parse", *REFS, "-f", fmt, "-o", str(out)]) == 0
    assert [r.text for r in read_labelled(out)] == REFS


def test_convert_goes_there_and_back(tmp_path, capsys):
    mine = tmp_path / "mine.xml"
    main(["parse", *REFS, "-f", "xml", "-o", str(mine)])
    main(["convert", str(mine), "--to", "grobid-training", "-o", str(tmp_path / "mine.tei.xml")])
    main(["convert", str(tmp_path / "mine.tei.xml"), "--to", "anystyle", "-o", str(tmp_path / "mine.any.xml")])
    assert main(["convert", str(tmp_path / "mine.any.xml"), "--to", "xml", "-o", str(tmp_path / "back.xml")]) == 0
    assert [(r.text, r.spans) for r in read_labelled(tmp_path / "back.xml")] == \
        [(r.text, r.spans) for r in read_labelled(mine)]


def test_a_broken_added_file_stops_training_with_its_line(tmp_path, capsys):
    mine = tmp_path / "mine.xml"
    main(["parse", *REFS, "-f", "xml", "-o", str(mine)])
    mine.write_text(mine.read_text(encoding="utf-8").replace("<date>", "<year>", 1).replace("</date>", "</year>", 1),
                    encoding="utf-8")
    assert main(["train", "--add", str(mine), "--limit", "5", "-o", str(tmp_path / "m.crfsuite")]) == 1
    err = capsys.readouterr().err
    assert f"{mine}, line " in err and "unknown label <year>" in err


def test_train_add_on_the_packaged_corpus_records_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFPARSE_DATA_DIR", str(tmp_path / "nothing-here"))  # as on a fresh install
    mine = tmp_path / "mine.xml"
    main(["parse", *REFS, "-f", "xml", "-o", str(mine)])
    out = tmp_path / "mine.crfsuite"
    assert main(["train", "--add", str(mine), "--add-weight", "4", "--limit", "150", "--max-iterations", "5",
                 "--augment-style-ratio", "0", "--augment-noise-ratio", "0", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "training on the corpus packaged with refparse" in said and "dev scoring skipped" in said
    card = json.loads((tmp_path / "mine.card.json").read_text(encoding="utf-8"))
    assert card["added"] == [{"file": "mine.xml", "format": "xml", "references": 2,
                              "sha256": hashlib.sha256(mine.read_bytes()).hexdigest(), "weight": 4}]
    assert card["data"]["train_references"] == 150 + 2 * 4
    assert card["data"]["train_by_source"]["added:mine.xml"] == 2
    assert "added:mine.xml" in [s["id"] for s in card["sources"]] and "packaged" in card["corpus"]
    assert "dev_scores" not in card and card["dev_scores_skipped"]
    assert Parser(str(out)).parse(REFS[0]).text == REFS[0]  # the model loads and parses
    assert len(read_labelled_examples(mine)) == 2


def test_evaluate_spot_checks_two_systems(tmp_path, capsys):
    gold = tmp_path / "gold.xml"
    main(["parse", *REFS, "-f", "xml", "-o", str(gold)])
    crf = Parser(method="crf")
    # a second "system" that agrees with the CRF on the second reference and merges two fields of the first
    wrong = {"author": ["Smith, J."], "date": ["2001"], "title": ["A title of things. Journal of Stuff"]}
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"id": "gold.xml/1", "fields": wrong}) + "\n"
                     + json.dumps({"id": "gold.xml/2", "fields": crf.parse(REFS[1]).fields}) + "\n", encoding="utf-8")
    capsys.readouterr()
    report = tmp_path / "report.json"
    assert main(["evaluate", str(gold), "-s", "crf", "-s", f"preds:{preds}", "--bootstrap", "0",
                 "--json", str(report)]) == 0
    out = capsys.readouterr().out
    check = json.loads(report.read_text(encoding="utf-8"))["spotcheck"]
    assert check["systems"] == ["crf", "preds:preds.jsonl"] and check["references"] == 2
    (difference,) = check["differences"]
    assert difference["id"] == "gold.xml/1" and "container-title" in difference["labels"]
    assert "<title>A title of things. Journal of Stuff</title>" in difference["second"]
    assert "<container-title>Journal of Stuff</container-title>" in difference["first"]
    assert "Spot-check: 1 of 2 references have fields that differ between crf and preds:preds.jsonl" in out
    assert difference["second"] in out
    assert main(["evaluate", str(gold), "-s", "crf", "--bootstrap", "0"]) == 0
    assert "Spot-check" not in capsys.readouterr().out  # one system: nothing to compare
