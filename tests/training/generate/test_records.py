"""Metadata records: licences decide what the shipped model may see, draws are seeded and balanced."""

from __future__ import annotations

from collections import Counter

import pytest

from refparse.training.generate.records import SHIPPED, SOURCES, draw_records, read_records


def _records(counts: dict[tuple[str, str], int]) -> list[dict]:
    return [{"id": f"{s}:{t}:{i}", "source": s, "type": t} for (s, t), n in counts.items() for i in range(n)]


POOL = _records({("big", "paper-conference"): 900, ("big", "book"): 30, ("small", "article-journal"): 70})


def test_only_permissive_sources_are_shipped():
    assert set(SHIPPED) == {s.id for s in SOURCES.values() if s.shipped}
    for name in ("acl-anthology-pre2016", "zotero-tests", "paperlists"):
        assert name not in SHIPPED
    assert all(SOURCES[name].attribution for name in SHIPPED)


def test_draws_are_seeded_and_distinct():
    first, again = draw_records(POOL, 200, seed=3), draw_records(POOL, 200, seed=3)
    assert [r["id"] for r in first] == [r["id"] for r in again]
    assert len({r["id"] for r in first}) == 200
    assert [r["id"] for r in draw_records(POOL, 200, seed=4)] != [r["id"] for r in first]


def test_balance_shifts_draws_towards_small_groups():
    def share_of_big_papers(balance: float) -> float:
        drawn = Counter((r["source"], r["type"]) for r in draw_records(POOL, 100, seed=0, balance=balance))
        return drawn[("big", "paper-conference")] / 100

    uniform, balanced = share_of_big_papers(0.0), share_of_big_papers(1.0)
    assert uniform == pytest.approx(0.9, abs=0.02)  # in proportion to the pool
    assert balanced < 0.4  # three groups, about a third each
    assert share_of_big_papers(0.5) < uniform


def test_asking_for_more_than_there_is_gives_everything_once():
    drawn = draw_records(POOL, 5000)
    assert sorted(r["id"] for r in drawn) == sorted(r["id"] for r in POOL)
    assert draw_records(POOL, 0) == [] and draw_records([], 5) == []


def test_unknown_or_missing_source_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="unknown metadata source 'nope'"):
        list(read_records(["nope"], tmp_path))
    with pytest.raises(FileNotFoundError, match="metadata records live in"):
        list(read_records(["lobid-hbz"], tmp_path))


def test_real_records_have_title_and_year(data_dir):
    records = list(read_records(["lobid-hbz"], data_dir))
    assert len(records) > 100
    assert all(r.get("title") and r["issued"]["date-parts"][0][0] for r in records)
