import gzip

from refparse import lexicon
from refparse.training.field_words import build_field_words, record_words, write_field_words


def _record(title, venue, family, given="Ann", publisher=None, place=None):
    record = {"title": title, "container-title": venue, "author": [{"family": family, "given": given}]}
    if publisher:
        record["publisher"] = publisher
    if place:
        record["publisher-place"] = place
    return record


RECORDS = [
    _record("Deep learning for parsing", "Journal of Parsing", "Smith"),
    _record("Parsing with deep nets", "Journal of Nets", "Smith"),
    _record("Learning to parse", "Journal of Learning", "Smith", publisher="Oxford Press", place="Oxford"),
    _record("A parsing survey", "Journal of Surveys", "Jones", publisher="Wiley Press", place="Oxford"),
    _record("Learning parsing again", "Proceedings of ACL", "Jones", publisher="ACL Press", place="Oxford"),
    _record("Oxford parsing", "Journal of Oxford", "Jones"),
]


def test_record_words_keys_alphabetic_words_of_two_letters_or_more():
    words = list(record_words({"title": "A Étude, 2nd ed.", "author": [{"family": "Müller", "given": "J."}]}))
    assert words == [("title", "etude"), ("title", "nd"), ("title", "ed"), ("name", "muller")]


def test_each_word_gets_the_field_it_dominates_when_frequent_enough():
    table, stats = build_field_words(RECORDS, min_count=3)
    assert stats["records"] == len(RECORDS)
    assert table["journal"] == "venue"
    assert table["parsing"] == "title"
    assert table["smith"] == "name" and table["jones"] == "name"
    assert table["press"] == "publisher"
    # Three of the three place words, one of many title and venue words: a place, by its rate in each field.
    assert table["oxford"] == "place"
    assert "deep" not in table  # twice only


def test_a_word_common_in_two_fields_gets_none():
    records = [_record("Young people", "Young Journal", "Young") for _ in range(3)]
    table, _ = build_field_words(records, min_count=3)
    assert "young" not in table  # a third of each field's words in all three
    assert table["people"] == "title"


def test_the_written_table_is_deterministic_and_reads_back(tmp_path):
    table, _ = build_field_words(RECORDS, min_count=3)
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    write_field_words(a, table, sources=["test"])
    write_field_words(b, table, sources=["test"])
    assert a.read_bytes() == b.read_bytes()
    lines = gzip.decompress(a.read_bytes()).decode().splitlines()
    assert lines[0].startswith("#") and dict(line.split("\t") for line in lines[1:]) == table


def test_the_shipped_table_tells_common_words():
    assert lexicon.field_class("Journal") == "venue"
    assert lexicon.field_class("Press") == "publisher"
    assert lexicon.field_class("SILVA") == "name"
    assert lexicon.field_class("York") == "place"
    assert lexicon.field_class("analysis") == "title"
    assert lexicon.field_class("J") is None and lexicon.field_class("1999") is None
