"""Accuracy floors of the shipped model on fixed data (the full dev set), scored by refparse.evaluate."""

import pytest

from refparse.data import read_jsonl
from refparse.model import default_model_path
from refparse.train import evaluate_model


@pytest.fixture(scope="module")
def dev_scores(data_dir):
    return evaluate_model(default_model_path(), read_jsonl(data_dir / "parse" / "dev.jsonl")).summary()


def test_dev_core_fields_floor(dev_scores):
    assert dev_scores["references"] == 868
    assert dev_scores["micro_f1_core"] >= 0.925


def test_dev_all_fields_floor(dev_scores):
    assert dev_scores["micro_f1_all"] >= 0.915


@pytest.mark.parametrize("label, floor", [("author", 0.93), ("title", 0.85), ("container-title", 0.86),
                                          ("date", 0.97), ("volume", 0.9), ("pages", 0.93)])
def test_dev_per_field_floors(dev_scores, label, floor):
    assert dev_scores["per_label"][label]["f1"] >= floor
