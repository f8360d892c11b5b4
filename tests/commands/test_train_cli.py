"""`refparse train`: a small training run end to end (model file, card, defaults of the shipped recipe)."""

from __future__ import annotations

import hashlib
import json

import pytest

from refparse import Parser
from refparse.cli import main
from refparse.train import DEFAULT_AUGMENTATION, DEFAULT_PARAMS


@pytest.mark.corpus
def test_a_small_training_run_writes_a_usable_model_and_its_card(data_dir, tmp_path, capsys):
    out = tmp_path / "small.crfsuite"
    code = main(["train", "--data-dir", str(data_dir), "--limit", "300", "--max-iterations", "10", "-o", str(out)])
    assert code == 0
    card = json.loads((tmp_path / "small.card.json").read_text(encoding="utf-8"))
    # options not given take the shipped recipe's values, its data mix included
    assert card["params"] == {**DEFAULT_PARAMS, "max_iterations": 10}
    assert card["model_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    mix = card["augmentation"]
    assert {k: mix[k] for k in DEFAULT_AUGMENTATION} == DEFAULT_AUGMENTATION
    assert sum(mix["added_by_kind"].values()) == mix["added"] > 0 and "CC BY-SA" in mix["attribution"]
    assert card["data"]["train_references"] == 300 + mix["added"]
    assert card["data"]["train_by_source"] == {"anystyle-core": 300}  # the corpus; renderings derive from it
    assert [s["id"] for s in card["sources"]] == ["anystyle-core"]
    assert "selection" not in card  # the shipped recipe's selection runs say nothing about this model
    assert 0 < card["dev_scores"]["micro_f1_all"] <= 1
    ref = Parser(out, method="crf").parse("Smith, J. (2001). A title of things. Journal of Stuff, 3(2), 1-9.")
    assert ref.year == 2001 and ref.source == "crf"
    assert "dev scores" in capsys.readouterr().out


def test_train_help_names_the_shipped_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for name in ("c1", "c2"):
        assert f"the shipped recipe's, {DEFAULT_PARAMS[name]}" in help_text
    assert f"the shipped recipe's, {DEFAULT_PARAMS['max_iterations']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['style_ratio']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['noise_ratio']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['type_balance']}" in help_text


@pytest.mark.corpus
def test_training_without_augmentation_uses_the_corpus_alone(data_dir, tmp_path):
    out = tmp_path / "plain.crfsuite"
    assert main(["train", "--data-dir", str(data_dir), "--limit", "200", "--max-iterations", "5",
                 "--augment-style-ratio", "0", "--augment-noise-ratio", "0", "-o", str(out)]) == 0
    card = json.loads((tmp_path / "plain.card.json").read_text(encoding="utf-8"))
    assert card["data"]["train_references"] == 200 and "augmentation" not in card
