import json
import subprocess
import sys
from pathlib import Path

import pytest

import refparse
from refparse.errors import ModelError
from refparse.model import MODEL_NAME, card_path, default_model_path, load_model

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_model_is_found_and_loads():
    path = default_model_path()
    assert path.name == MODEL_NAME and path.is_file()
    model = load_model()
    assert model.data.startswith(b"lCRF")
    labels = set(model.tagger().labels())
    assert {"author", "title", "container-title", "date", "O"} <= labels


def test_model_card_names_sources_and_attributions():
    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    from refparse.features import FEATURES_VERSION

    assert card["features_version"] == FEATURES_VERSION
    sources = {s["id"]: s for s in card["sources"]}
    assert set(sources) <= {"anystyle-core", "anystyle-good", "grobid-corpus"}  # permissively licensed sources only
    assert "CC BY 4.0" in sources["grobid-corpus"]["attribution"]
    assert all("Sylvester Keil" in sources[s]["attribution"] for s in sources if s.startswith("anystyle"))
    assert card["dev_scores"]["micro_f1_all"] > 0.9


def test_installed_package_parses_without_the_source_tree(tmp_path):
    """Run from an empty folder, so only the installed package (editable or wheel) can supply the model."""
    code = (
        "import refparse, json; r = refparse.parse('Doe, J. (2001). A title. Journal of Tests, 3, 1-9.');"
        "print(json.dumps([r.year, r.authors[0].family]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [2001, "Doe"]


def test_missing_model_error_names_the_file_and_what_to_do(tmp_path):
    with pytest.raises(ModelError, match=r"not found: .*nope\.crfsuite.*refparse train"):
        load_model(tmp_path / "nope.crfsuite")


@pytest.mark.slow
def test_wheel_carries_the_model(tmp_path):
    """Build the wheel and check that the model and its card are inside the package."""
    import zipfile

    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling installed")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("refparse*.whl"))  # the distribution is refparse-crf (README: Install)
    names = zipfile.ZipFile(wheel).namelist()
    assert f"refparse/models/{MODEL_NAME}" in names
    assert "refparse/models/refparse-parser.card.json" in names


def test_version_is_exposed():
    assert refparse.__version__


def test_model_card_names_the_generated_data_and_its_sources():
    from refparse.training.generate.records import SHIPPED, SOURCES

    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    generation = card["generation"]
    assert generation["made"]["csl"] > 10000 and generation["made"]["latex"] > 5000
    named = {s["id"]: s for s in generation["metadata_attributions"]}
    assert set(named) <= set(SHIPPED)  # permissive metadata sources only
    assert all(named[s]["attribution"] == SOURCES[s].attribution for s in named)
    assert "citeproc-py" in generation["csl_attribution"]
    assert card["selection"]  # the runs behind the recipe, the ones not adopted included


def test_the_cards_selection_is_the_reports_and_the_page_shows_every_run():
    # The card carries its own copy (a model file travels without the reports); a run added to one only drifts.
    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    runs = json.loads((ROOT / "reports" / "selection.json").read_text(encoding="utf-8"))
    assert card["selection"] == runs
    page = (ROOT / "reports" / "selection.md").read_text(encoding="utf-8")
    assert [run for run, scores in runs.items() if f"| {run} | {scores} |" not in page] == []
