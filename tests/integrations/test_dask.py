"""The Dask recipe on a real LocalCluster: order and count kept, bad items as error records, the model opened
once per worker process however many partitions it parses."""

from __future__ import annotations

import subprocess
import sys

import pytest

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

import refparse  # noqa: E402
from refparse.integrations.dask import parse_bag, parse_partition, worker_cache_info  # noqa: E402


def items(n: int) -> list[object]:
    out: list[object] = [f"Writer{i}, K. ({1950 + i % 60}). Study {i}. Annals {i % 9}, {i % 40}, {i}-{i + 5}."
                         for i in range(n)]
    out[5], out[17], out[19] = "", None, "%%% garbage %%%"
    return out


def test_importing_refparse_and_parsing_does_not_import_dask():
    code = ("import refparse, sys; refparse.parse('x'); "
            "assert not {'dask', 'distributed'} & set(sys.modules), 'dask imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_parse_partition_keeps_order_and_marks_bad_items():
    records = parse_partition(items(30))
    assert [r["text"] for r in records] == [t if isinstance(t, str) else "" for t in items(30)]
    assert records[17]["source"] == "error" and records[5]["source"] != "error"


@pytest.fixture(scope="module")
def client():
    # Two worker processes, one thread each: the shape of a real cluster, small enough for a 2-core runner.
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_a_bag_on_a_local_cluster_matches_parsing_here_and_loads_the_model_once_per_worker(client):
    texts = items(400)
    bag = db.from_sequence(texts, npartitions=16)
    records = parse_bag(bag).compute()
    assert len(records) == len(texts)
    assert records == [r.to_dict() for r in refparse.parse_many(texts)]
    info = client.run(worker_cache_info)
    assert len(info) == 2 and len({i["pid"] for i in info.values()}) == 2  # two separate processes
    # 16 partitions, yet each worker built its parser (and opened the model) at most once
    assert all(i["loads"] <= 1 and i["parsers"] <= 1 for i in info.values())
    assert sum(i["loads"] for i in info.values()) >= 1
    # a second computation reuses the loaded models
    parse_bag(db.from_sequence(texts[:50], npartitions=5)).compute()
    assert client.run(worker_cache_info) == info


def test_a_bag_can_return_references_and_use_the_rules(client):
    refs = parse_bag(db.from_sequence(items(20), npartitions=3), method="rules", as_dict=False).compute()
    assert all(isinstance(r, refparse.Reference) for r in refs)
    assert [r.source for r in refs].count("error") == 1 and refs[0].source == "rules"
    with pytest.raises(ValueError, match="method must be one of"):
        parse_bag(db.from_sequence(["x"]), method="quick")
