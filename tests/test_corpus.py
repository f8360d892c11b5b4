import pytest

from refparse.corpus import Example, example_from_record, harmonise, token_labels
from refparse.labels import OUTSIDE


def _fields(example):
    return [(label, example.text[s:e]) for s, e, label in example.spans]


def test_anystyle_punctuation_and_cue_words_are_trimmed():
    text = "Solon, G. (1999). Title. In O. Ashenfelter (Ed.), Handbook (Vol. 3, pp. 1761–1800). London: Elsevier."
    spans = []
    for piece, label in [("Solon, G.", "author"), ("(1999).", "date"), ("Title.", "title"),
                         ("In O. Ashenfelter (Ed.),", "editor"), ("Handbook", "container-title"),
                         ("(Vol. 3,", "volume"), ("pp. 1761–1800).", "pages"), ("London:", "location"),
                         ("Elsevier.", "publisher")]:
        start = text.index(piece)
        spans.append((start, start + len(piece), label))
    harmonised = harmonise(Example("x", "anystyle-core", text, tuple(spans)))
    assert _fields(harmonised) == [
        ("author", "Solon, G."),  # the full stop of an initial stays, as in GROBID's spans
        ("date", "1999"),
        ("title", "Title"),
        ("editor", "O. Ashenfelter"),
        ("container-title", "Handbook"),
        ("volume", "3"),
        ("pages", "1761–1800"),
        ("location", "London"),
        ("publisher", "Elsevier"),
    ]


def test_balanced_brackets_and_quotes_stay_inside():
    text = "Foo (bar) baz (2001)"
    ex = harmonise(Example("x", "s", text, ((0, 13, "title"),)))
    assert _fields(ex) == [("title", "Foo (bar) baz")]


def test_span_of_dashes_is_kept_whole():
    text = "———. 1791. Pieces."
    ex = harmonise(Example("x", "s", text, ((0, 4, "author"), (5, 10, "date"))))
    assert _fields(ex) == [("author", "———."), ("date", "1791")]


def test_token_labels_follow_spans():
    ex = example_from_record({"id": "a", "source": "s", "text": "Doe, J. 2001. T.",
                              "spans": [[0, 7, "author", "author"], [8, 12, "date", "date"]]})
    tokens, labels = token_labels(ex)
    assert [t.text for t in tokens] == ["Doe", ",", "J", ".", "2001", ".", "T", "."]
    assert labels == ["author"] * 4 + ["date", OUTSIDE, OUTSIDE, OUTSIDE]


def test_unknown_label_is_refused_with_the_record_named():

    with pytest.raises(ValueError, match="rec-7"):
        example_from_record({"id": "rec-7", "text": "x", "spans": [[0, 1, "authr", "authr"]]})


def test_datasets_and_plain_readers_agree(tmp_path):
    import json

    from refparse.corpus import read_jsonl, read_jsonl_plain

    path = tmp_path / "mini.jsonl"
    records = [
        {"id": "a/1", "source": "s", "text": "Doe, J. 2001.", "spans": [[0, 7, "author", "author"], [8, 12, "date", "date"]]},
        {"id": "a/2", "source": "s", "text": "No spans here", "spans": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert read_jsonl(path) == read_jsonl_plain(path)
    assert read_jsonl(path)[0].spans == ((0, 7, "author"), (8, 12, "date"))


def test_a_file_splits_into_two_disjoint_halves_that_every_reader_honours(tmp_path):
    import json

    from refparse.corpus import corpus_part, read_jsonl, read_jsonl_plain
    from refparse.evaluation.harness import read_gold

    path = tmp_path / "mini.jsonl"
    records = [{"id": f"r/{i}", "source": "s", "text": f"Doe, J. {1900 + i}.", "spans": [[0, 7, "author", "author"]]}
               for i in range(200)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    train, held_out = (read_jsonl_plain(f"{path}#{part}") for part in ("train", "held-out"))
    assert {e.id for e in train}.isdisjoint(e.id for e in held_out)
    assert sorted(e.id for e in train + held_out) == sorted(r["id"] for r in records)
    assert 70 < len(train) < 130  # a hash decides, about half each
    assert read_jsonl(f"{path}#train") == train
    assert [g.id for g in read_gold(f"{path}#held-out")] == [e.id for e in held_out]
    assert corpus_part(path) == (path, None)
    with pytest.raises(ValueError, match="unknown part 'test'.*train, held-out"):
        corpus_part(f"{path}#test")


def test_anystyle_volume_with_issue_is_split_like_grobid():
    text = "Hydrogeology Journal 21(3): 643–654."
    start = text.index("21(3):")
    ex = harmonise(Example("x", "anystyle-good", text, ((start, start + 6, "volume"),)))
    assert _fields(ex) == [("volume", "21"), ("issue", "3")]
    ex = harmonise(Example("x", "anystyle-good", "Vol. 3, Part A,", ((0, 15, "volume"),)))
    assert _fields(ex) == [("volume", "3, Part A")]


def test_anystyle_volume_compounds_are_split():
    def split(text):
        ex = harmonise(Example("x", "anystyle-good", text, ((0, len(text), "volume"),)))
        return _fields(ex)

    assert split("58, no. 11") == [("volume", "58"), ("issue", "11")]
    assert split("83.3") == [("volume", "83"), ("issue", "3")]
    assert split("2000;355(9222):") == [("date", "2000"), ("volume", "355"), ("issue", "9222")]
    assert split("13/4") == [("volume", "13"), ("issue", "4")]
    assert split("12") == [("volume", "12")]
    assert split("n° 39") == [("issue", "39")]
    assert split("12, 13, 14") == [("volume", "12, 13, 14")]


def test_preprint_notes_become_genre_and_identifier():
    cases = {
        "arXiv preprint arXiv:1412.7054.": [("genre", "arXiv preprint"), ("identifier", "arXiv:1412.7054")],
        "Preprint, arXiv:1212.5141": [("genre", "Preprint"), ("identifier", "arXiv:1212.5141")],
        "[arXiv:0905.2970 [hep-th]]": [("identifier", "arXiv:0905.2970 [hep-th]")],
    }
    for note, expected in cases.items():
        text = f"Doe, J. 2015. A title. {note}"
        start = text.index(note)
        ex = harmonise(Example("x", "s", text, ((0, 7, "author"), (start, len(text), "note"))))
        assert _fields(ex)[1:] == expected, note


def test_notes_that_say_more_than_a_preprint_stay_notes():
    for note in ("arXiv 1407.1446, 4", "Submitted; arXiv:1212.5141", "PMID: 12345678"):
        text = f"Doe, J. {note}"
        ex = harmonise(Example("x", "s", text, ((0, 7, "author"), (8, len(text), "note"))))
        assert [label for label, _ in _fields(ex)] == ["author", "note"], note
