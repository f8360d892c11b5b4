"""`refparse train`: a small training run end to end (model file, card, defaults of the shipped recipe)."""

from __future__ import annotations

import hashlib
import json

import pytest

from refparse import Parser
from refparse.cli import main
from refparse.train import DEFAULT_PARAMS


@pytest.mark.corpus
def test_a_small_training_run_writes_a_usable_model_and_its_card(data_dir, tmp_path, capsys):
    out = tmp_path / "small.crfsuite"
    code = main(["train", "--data-dir", str(data_dir), "--limit", "300", "--max-iterations", "10", "-o", str(out)])
    assert code == 0
    card = json.loads((tmp_path / "small.card.json").read_text(encoding="utf-8"))
    # options not given take the shipped recipe's values
    assert card["params"] == {**DEFAULT_PARAMS, "max_iterations": 10}
    assert card["model_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert card["data"]["train_references"] == 300
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
