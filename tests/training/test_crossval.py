"""refparse.training.crossval: folds grouped by document, and a tiny cross-validation run."""

from __future__ import annotations

from collections import Counter

import pytest

from refparse.evaluation import reports
from refparse.training import crossval


def spans_of(text: str, *pieces: tuple[str, str]) -> tuple[tuple[int, int, str], ...]:
    return tuple((text.index(piece), text.index(piece) + len(piece), label) for piece, label in pieces)


# ---------------------------------------------------------------------------------------------------------------
# Cross-validation folds
# ---------------------------------------------------------------------------------------------------------------


def test_document_key_groups_grobid_files_and_leaves_anystyle_records_alone():
    assert crossval.document_key("grobid-corpus/paper12.xml/7") == "grobid-corpus/paper12.xml"
    assert crossval.document_key("anystyle-core/core.xml/7") == "anystyle-core/core.xml/7"
    assert crossval.document_key("plain") == "plain"


def test_kfold_never_splits_a_document_and_balances_sizes():
    ids = [f"grobid-corpus/doc{d}/{n}" for d in range(23) for n in range(d % 7 + 1)]
    ids += [f"anystyle-core/core.xml/{n}" for n in range(40)]
    folds = crossval.kfold_groups(ids, 5, seed=3)
    by_document: dict[str, set[int]] = {}
    for reference_id, fold in zip(ids, folds):
        by_document.setdefault(crossval.document_key(reference_id), set()).add(fold)
    assert all(len(f) == 1 for f in by_document.values())
    sizes = Counter(folds)
    assert set(sizes) == set(range(5)) and max(sizes.values()) - min(sizes.values()) <= 7
    assert folds == crossval.kfold_groups(ids, 5, seed=3)
    assert folds != crossval.kfold_groups(ids, 5, seed=4)


def test_kfold_splits_collection_files_record_by_record():
    ids = [f"grobid-corpus/citations.xml/{n}" for n in range(30)] + [f"grobid-corpus/paper/{n}" for n in range(6)]
    groups = crossval.document_groups(ids, collection_size=10)
    assert len(set(groups[:30])) == 30 and set(groups[30:]) == {"grobid-corpus/paper"}
    folds = crossval.kfold_groups(ids, 3, collection_size=10)
    assert len(set(folds[30:])) == 1 and sorted(Counter(folds).values()) == [12, 12, 12]


def test_kfold_rejects_impossible_requests():
    with pytest.raises(ValueError, match="k >= 2"):
        crossval.kfold_groups(["a", "b"], 1)
    with pytest.raises(ValueError, match="2 documents cannot be split into 3 folds"):
        crossval.kfold_groups(["grobid-corpus/x/1", "grobid-corpus/x/2", "grobid-corpus/y/1"], 3)


def _tiny_corpus(n: int = 24):
    from refparse.corpus import Example

    examples = []
    for i in range(n):
        author, year, title, venue = f"Author{i}, A.", str(1990 + i % 20), f"Title number {i}", "Journal of Tests"
        text = f"{author} ({year}). {title}. {venue}, {i + 1}, {i}-{i + 9}."
        spans = spans_of(text, (author, "author"), (year, "date"), (title, "title"), (venue, "container-title"))
        examples.append(Example(f"grobid-corpus/doc{i // 3}/{i % 3}", "grobid-corpus", text, spans))
    return examples


def test_cross_validate_trains_k_tiny_models_and_pools_their_predictions(tmp_path):
    pytest.importorskip("sklearn_crfsuite")
    lines = []
    report = crossval.cross_validate(_tiny_corpus(), k=2, params={"c1": 0.05, "c2": 0.01, "max_iterations": 20},
                               workdir=tmp_path, samples=20, progress=lines.append)
    assert len(report["folds"]) == 2 and len(lines) == 2
    assert sum(f["test"] for f in report["folds"]) == 24 and report["documents"] == 8
    assert report["pooled"]["references"] == 24
    assert report["pooled"]["headline"]["exact_micro_f1"]["value"] > 0.5  # an easy, regular corpus
    assert "| fold |" in reports.render_cv_markdown(report)
    assert not list(tmp_path.iterdir())  # fold models are deleted


# ---------------------------------------------------------------------------------------------------------------
# GROBID's protocol: random folds of its corpus, the shipped recipe per fold
# ---------------------------------------------------------------------------------------------------------------


def test_random_folds_are_balanced_seeded_and_cover_everything():
    folds = crossval.random_folds(103, 10, seed=0)
    sizes = Counter(folds)
    assert set(sizes) == set(range(10)) and max(sizes.values()) - min(sizes.values()) <= 1
    assert folds == crossval.random_folds(103, 10, seed=0)
    assert folds != crossval.random_folds(103, 10, seed=1)
    assert folds[:10] != list(range(10))  # shuffled, not dealt in file order
    with pytest.raises(ValueError, match="cannot be split into 10 folds"):
        crossval.random_folds(9, 10)


@pytest.mark.corpus
def test_grobid_corpus_is_the_grobid_records_of_train_and_dev(data_dir):
    examples = crossval.grobid_corpus(data_dir)
    assert {e.source for e in examples} == {"grobid-corpus"}
    assert len(examples) == 7720 and len({e.id for e in examples}) == 7720


def test_grobid_fold_trains_on_the_other_folds_and_scores_its_own(tmp_path, monkeypatch):
    pytest.importorskip("sklearn_crfsuite")
    corpus = _tiny_corpus(30)
    seen = {}

    def recipe(train, data_dir):
        seen["train"] = {e.id for e in train}
        return list(train)

    monkeypatch.setattr(crossval, "grobid_corpus", lambda data_dir: corpus)
    monkeypatch.setattr(crossval, "recipe_training_set", recipe)
    result = crossval.grobid_fold(2, tmp_path, tmp_path / "models", k=3, params={"c1": 0.05, "c2": 0.01,
                                                                                    "max_iterations": 20},
                                  progress=lambda line: None)
    held_out = {e.id for e, f in zip(corpus, crossval.random_folds(30, 3)) if f == 2}
    assert result["test"] == len(held_out) == 10 and seen["train"] == {e.id for e in corpus} - held_out
    assert set(result["scores"]) == {"crf", "hybrid"}
    assert all(s["exact_micro_f1"] > 0.5 for s in result["scores"].values())  # an easy, regular corpus
    assert (tmp_path / "models" / "grobid-fold2.crfsuite").is_file()
