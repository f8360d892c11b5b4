"""refparse.evaluation.sets: the labelled sets a model is judged on, named once."""

from __future__ import annotations

import pytest

from refparse.corpus import read_jsonl_plain
from refparse.evaluation.sets import EVALUATION_SETS, evaluation_sets
from refparse.training.generate.build import EVALUATION_FILES


def test_keys_and_names_are_unique():
    assert len({s.key for s in EVALUATION_SETS}) == len({s.name for s in EVALUATION_SETS}) == len(EVALUATION_SETS)


def test_good_is_scored_on_its_held_out_half_and_its_whole_file_guards_the_generator():
    good = next(s for s in EVALUATION_SETS if s.key == "good")
    assert good.path.endswith("#held-out")
    assert good.file == "parse/extra/anystyle-good.jsonl"
    assert set(EVALUATION_FILES) == {s.file for s in EVALUATION_SETS}
    assert len(EVALUATION_FILES) == len(EVALUATION_SETS)


def test_sets_can_be_left_out_by_key_and_an_unknown_key_is_named():
    assert [s.key for s in evaluation_sets("ugly", "dev")] == ["good", "bad", "excite", "parscit"]
    with pytest.raises(ValueError, match="unknown evaluation set.*'uggly'"):
        evaluation_sets("uggly")


def test_every_set_is_in_the_data_folder(data_dir):
    for s in EVALUATION_SETS:
        assert read_jsonl_plain(data_dir / s.path), s.path
