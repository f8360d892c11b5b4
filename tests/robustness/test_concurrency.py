"""Parsing from several threads at once gives exactly the results of sequential parsing."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

import refparse
from refparse.parser import Parser

from .test_strings import BAD_STRINGS

FAMILIES = ["Smith", "Müller", "García", "Nguyen", "O'Brien", "van der Berg", "Иванов", "山田", "Kowalski", "Dubois"]
VENUES = ["Journal of Tests", "Proc. of the Conf. on Things", "Nature", "Zeitschrift für Physik", "ACL"]


def references(n: int = 200, seed: int = 11) -> list[str]:
    """Varied references in a few styles, some of them broken, all different."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(FAMILIES, 2)
        year, volume, first = 1950 + i % 75, rng.randint(1, 99), rng.randint(1, 900)
        venue = rng.choice(VENUES)
        style = i % 4
        if style == 0:
            text = f"{a}, J., {b}, K. ({year}). Title number {i}. {venue}, {volume}({i % 12 + 1}), {first}-{first + 9}."
        elif style == 1:
            text = f"[{i}] J. {a} and K. {b}, \"Paper {i},\" {venue}, vol. {volume}, pp. {first}–{first + 5}, {year}."
        elif style == 2:
            text = f"{a} J, {b} K. Study {i}. {venue}. {year};{volume}:{first}-{first + 3}. doi:10.{1000 + i}/x{i}"
        else:
            text = rng.choice(list(BAD_STRINGS.values())) + f" {i}"
        out.append(text)
    return out


REFERENCES = references()


def in_threads(function, items, workers: int = 4) -> list:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))


def test_references_are_all_different():
    assert len(set(REFERENCES)) == len(REFERENCES) == 200


@pytest.fixture(scope="module")
def sequential() -> list[dict]:
    return [refparse.parse(text).to_dict() for text in REFERENCES]


def test_four_threads_on_the_shared_parser_match_sequential_parsing(sequential):
    threaded = in_threads(lambda text: refparse.parse(text).to_dict(), REFERENCES)
    assert threaded == sequential


def test_a_fresh_parser_loaded_lazily_by_four_threads_at_once(sequential):
    """The model is opened on first use; four threads racing to open it must all get the same model."""
    fresh = Parser()
    threaded = in_threads(lambda text: fresh.parse(text).to_dict(), REFERENCES)
    assert threaded == sequential


def test_tag_from_four_threads_matches_sequential():
    sequential = [refparse.tag(text) for text in REFERENCES]
    assert in_threads(refparse.tag, REFERENCES) == sequential


@pytest.mark.parametrize("method", ["crf", "rules"])
def test_each_method_is_thread_safe(method):
    parser = Parser(method=method)
    sequential = [parser.parse(text).to_dict() for text in REFERENCES]
    assert in_threads(lambda text: parser.parse(text).to_dict(), REFERENCES) == sequential


def test_parse_many_from_four_threads_keeps_each_batch_whole_and_in_order():
    batches = [REFERENCES[i::4] + [None, 3] for i in range(4)]  # bad items too: error records in place
    expected = [[r.to_dict() for r in refparse.parse_many(batch)] for batch in batches]
    threaded = in_threads(lambda batch: [r.to_dict() for r in refparse.parse_many(batch)], batches)
    assert threaded == expected
    assert [len(b) for b in threaded] == [len(b) for b in batches]
