"""`refparse train`: a small training run end to end (model file, card, defaults of the shipped recipe)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from refparse import Parser
from refparse.cli import build_parser, main
from refparse.corpus import read_jsonl_plain
from refparse.training.train import DEFAULT_AUGMENTATION, DEFAULT_GENERATION, DEFAULT_PARAMS, TRAIN_FILES, TrainConfig


@pytest.mark.slow
@pytest.mark.corpus
def test_a_small_training_run_writes_a_usable_model_and_its_card(data_dir, tmp_path, capsys):
    out = tmp_path / "small.crfsuite"
    # TeX is slow to start: the BibTeX share is left to tests/training/generate
    code = main(["train", "--data-dir", str(data_dir), "--limit", "300", "--max-iterations", "10", "--generate-latex",
                 "0", "-o", str(out)])
    assert code == 0
    card = json.loads((tmp_path / "small.card.json").read_text(encoding="utf-8"))
    # options not given take the shipped recipe's values, its data mix included
    assert card["params"] == {**DEFAULT_PARAMS, "max_iterations": 10}
    assert card["model_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    mix = card["augmentation"]
    assert {k: mix[k] for k in DEFAULT_AUGMENTATION} == DEFAULT_AUGMENTATION
    assert sum(mix["added_by_kind"].values()) == mix["added"] > 0 and "CC BY-SA" in mix["attribution"]
    generation = card["generation"]
    corpus = sum(len(read_jsonl_plain(data_dir / name)) for name in TRAIN_FILES)  # 9,974
    assert generation["csl_records"] == round(DEFAULT_GENERATION["csl"] * 300 / corpus)  # in proportion to --limit
    assert generation["made"]["csl"] > 0.8 * generation["csl_records"] and generation["hand_repeat"] == 3
    assert card["data"]["train_references"] == 300 + mix["added"] + generation["added"]
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
    assert f"the shipped recipe's, {DEFAULT_PARAMS['all_possible_states']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['style_ratio']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['noise_ratio']}" in help_text
    assert f"the shipped recipe's, {DEFAULT_AUGMENTATION['type_balance']}" in help_text


@pytest.mark.slow
@pytest.mark.corpus
def test_training_without_augmentation_uses_the_corpus_alone(data_dir, tmp_path):
    out = tmp_path / "plain.crfsuite"
    assert main(["train", "--data-dir", str(data_dir), "--limit", "200", "--max-iterations", "5",
                 "--augment-style-ratio", "0", "--augment-noise-ratio", "0", "--generate-csl", "0", "--generate-latex",
                 "0", "--hand-repeat", "1", "-o", str(out)]) == 0
    card = json.loads((tmp_path / "plain.card.json").read_text(encoding="utf-8"))
    assert card["data"]["train_references"] == 200 and "augmentation" not in card and "generation" not in card


def _train_args(*argv: str):
    return build_parser().parse_args(["train", *argv])


def test_options_not_given_keep_the_shipped_recipe_in_the_config():
    from refparse.commands.train import config_from_args

    config = config_from_args(_train_args())
    assert config == TrainConfig() and config.train_files == TRAIN_FILES and not config.search
    assert config.params == DEFAULT_PARAMS and config.augmentation == DEFAULT_AUGMENTATION
    asked = config_from_args(_train_args("--c2", "0.1", "--augment-noise-ratio", "0", "--train-file", "a.jsonl",
                                         "--train-file", "b.jsonl", "--limit", "5", "-o", "m.crfsuite"))
    assert asked.params == {**DEFAULT_PARAMS, "c2": 0.1}
    assert asked.augmentation == {**DEFAULT_AUGMENTATION, "noise_ratio": 0.0}
    assert (asked.train_files, asked.limit, asked.output) == (("a.jsonl", "b.jsonl"), 5, "m.crfsuite")
    assert config_from_args(_train_args("--all-possible-states")).params["all_possible_states"] is True
    assert config_from_args(_train_args("--no-all-possible-states")).params["all_possible_states"] is False
    assert config_from_args(_train_args("--generate-acronym-titles", "30")).generation["acronym_titles"] == 30
    assert config_from_args(_train_args("--generate-german", "40")).generation["german"] == 40
    assert config_from_args(_train_args()).generation["german"] == DEFAULT_GENERATION["german"] == 0


def test_the_selection_goes_into_the_card_of_the_shipped_recipe_only(tmp_path):
    from refparse.corpus import Example
    from refparse.training.train import default_selection_file, write_card

    selection = Path(__file__).resolve().parents[2] / "reports" / "selection.json"
    # From a source checkout the config's default is that file; an installed package has no reports/ (None).
    assert default_selection_file() in (selection, None)
    assert TrainConfig().selection == default_selection_file()
    shipped = json.loads((Path(__file__).resolve().parents[2] / "models" / "refparse-parser.card.json")
                         .read_text(encoding="utf-8"))
    assert json.loads(selection.read_text(encoding="utf-8")) == shipped["selection"]
    model = tmp_path / "m.crfsuite"
    model.write_bytes(b"lCRF")
    train = [Example("a/1", "anystyle-core", "x", ())]
    recipe = {"augmentation": {**DEFAULT_AUGMENTATION, "added": 0}}
    card = write_card(model, train, None, dict(DEFAULT_PARAMS), 1.0, None, recipe, selection)
    assert card["selection"] == shipped["selection"] and card["card_version"] == 1
    assert list(card)[0] == "card_version"
    other = write_card(model, train, None, {**DEFAULT_PARAMS, "c1": 0.1}, 1.0, None, recipe, selection)
    assert "selection" not in other
    assert "selection" not in write_card(model, train, None, dict(DEFAULT_PARAMS), 1.0, None, recipe, None)
