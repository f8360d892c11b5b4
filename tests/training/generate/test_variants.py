"""Abbreviated journal names: the forms physics and biomedical references print."""

import random

from refparse.training.generate.variants import (
    abbreviate_journal,
    abbreviate_word,
    initials_of,
    vary_record,
    with_initials,
    with_name_word_short_name,
)


def test_journal_names_are_abbreviated_as_references_print_them():
    assert abbreviate_journal("Geological Magazine") == "Geol. Mag."
    assert abbreviate_journal("Physical Review Letters") == "Phys. Rev. Lett."
    assert abbreviate_journal("Journal of Fish Biology") == "J. Fish Biol."
    assert abbreviate_journal("Proceedings of the National Academy of Sciences", stops=False) == "Proc Natl Acad Sci"


def test_short_words_acronyms_and_mixed_case_names_stay_whole():
    assert abbreviate_word("Cell") == "Cell" and abbreviate_word("TUGboat") == "TUGboat"
    assert abbreviate_word("PLoS") == "PLoS" and abbreviate_journal("The Journal of Physical Chemistry B") == \
        "J. Phys. Chem. B"


def test_only_a_share_of_journal_articles_varies():
    article = {"type": "article-journal", "container-title": "Geological Magazine"}
    rng = random.Random(0)
    varied = [vary_record(article, rng)["container-title"] for _ in range(400)]
    share = sum(v != "Geological Magazine" for v in varied) / len(varied)
    assert 0.25 < share < 0.45 and {"Geol. Mag.", "Geol Mag"} <= set(varied)
    book = {"type": "book", "container-title": "Geological Magazine"}
    assert all(vary_record(book, rng) is book for _ in range(50))


def test_given_names_become_initials():
    assert initials_of("João Alberto") == "J. A."
    assert initials_of("Jean-Paul") == "J.-P."
    assert initials_of("J. A.") == "J. A."
    assert initials_of("Maria de Lourdes") == "M. L."  # the particle is no initial
    assert initials_of("") == ""


def test_records_with_initials_keep_one_to_three_authors():
    record = {"title": "T", "author": [{"family": f"F{i}", "given": f"Given{i} Second"} for i in range(5)]}
    rng = random.Random(1)
    kept = [with_initials(record, rng)["author"] for _ in range(200)]
    assert {len(a) for a in kept} == {1, 2, 3}
    assert all(a[0] == {"family": "F0", "given": "G. S."} for a in kept)
    assert record["author"][0]["given"] == "Given0 Second"  # the record itself is left as it was


def test_records_with_initials_can_keep_every_author():
    record = {"title": "T", "author": [{"family": f"F{i}", "given": f"Given{i}"} for i in range(6)]}
    kept = with_initials(record, random.Random(1), keep_all=True)["author"]
    assert [a["given"] for a in kept] == ["G."] * 6


def test_a_short_name_gives_way_to_a_name_word_and_the_rest_of_the_title_stays():
    record = {"title": "LoRA: Low-rank adaptation of large language models", "author": [{"family": "Hu"}]}
    rng = random.Random(0)
    varied = [with_name_word_short_name(record, ["adam", "albert"], rng)["title"] for _ in range(40)]
    assert {title.split(":")[0] for title in varied} == {"Adam", "ADAM", "Albert", "ALBERT"}
    assert all(title.endswith(": Low-rank adaptation of large language models") for title in varied)
    assert record["title"].startswith("LoRA")  # the record itself is left as it was
