"""training/benchmark.py: the stage profile of parse, on the wall clock or in CPU time."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "benchmark.py"
TEXTS = [
    "Bandura, A. (1977). Self-efficacy: Toward a unifying theory. Psychological Review, 84(2), 191-215.",
    "D. P. Kingma and J. Ba. Adam: A method for stochastic optimization. In ICLR, 2015.",
    "SILVA, J. A. Educação e sociedade. Revista Brasileira de Educação, v. 20, n. 3, p. 10-20, 2015.",
]


def load_script():
    spec = importlib.util.spec_from_file_location("benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("cpu_time", [False, True])
def test_every_stage_is_timed_and_the_ratio_to_crfsuite_follows_from_the_rates(cpu_time):
    out = load_script().time_stages(TEXTS * 4, None, cpu_time=cpu_time)
    stages = load_script().STAGES
    assert all(out[f"{stage}_s"] >= 0 for stage in stages)
    assert sum(out[f"{stage}_share"] for stage in stages) == pytest.approx(1.0, abs=0.01)
    assert out["parse_over_crfsuite"] == pytest.approx(
        out["parse_refs_per_s"] / out["crfsuite_marginals_refs_per_s"], rel=0.01)


def test_stages_only_prints_the_profile_as_json(capsys):
    assert load_script().main(["--count", "5", "--stages-only", "--cpu-time"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parse_refs_per_s"] > 0 and "features_s" in out
