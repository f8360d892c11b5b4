"""Abbreviated journal names: the forms physics and biomedical references print."""

import random

from refparse.training.generate.variants import abbreviate_journal, abbreviate_word, vary_record


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
