"""Parsing on a Dask cluster: a ``dask.bag`` of reference strings in, a bag of records out.

>>> import dask.bag as db
>>> from distributed import Client, LocalCluster
>>> from refparse.integrations.dask import parse_bag
>>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))          # doctest: +SKIP
>>> lines = db.read_text("references-*.txt").map(str.rstrip)                  # doctest: +SKIP
>>> records = parse_bag(lines)                                                # doctest: +SKIP
>>> records.map(json.dumps).to_textfiles("parsed-*.jsonl", last_endline=True)  # doctest: +SKIP

Each worker process opens the model once, on its first partition, and keeps it for every later partition (the
process's parser, :func:`refparse.parser.shared_parser`, keyed on model and method): a partition costs no model
load, so partitions can be small.
The model file must be readable on every worker (a shared file system, or pass ``model=`` a path that exists
on each machine); the default is the model shipped inside the installed package. Order within and between
partitions is kept, one record per input, a bad item is an error record (``"source": "error"``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..parser import Parser, check_method, shared_parser, shared_parser_info


def worker_parser(model: str | Path | None = None, method: str = "auto") -> Parser:
    """This process's parser for ``model`` and ``method`` (:func:`refparse.parser.shared_parser`): built, and
    its model opened, on first use only."""
    return shared_parser(model, method)


def parse_partition(texts: Iterable[object], model: str | Path | None = None, method: str = "auto",
                    as_dict: bool = True) -> list[Any]:
    """Parse one partition: one record per item, in order (``Reference.to_dict()`` dicts, or References)."""
    parser = worker_parser(model, method)
    refs = (parser.parse(text, errors="record") for text in texts)
    return [ref.to_dict() for ref in refs] if as_dict else list(refs)


def parse_bag(bag, model: str | Path | None = None, method: str = "auto", as_dict: bool = True):
    """A ``dask.bag.Bag`` of parsed records from a bag of reference strings (lazy: call ``.compute()`` or write
    it out). Records are JSON-ready dicts (``Reference.to_dict()``), or :class:`~refparse.types.Reference`
    objects with ``as_dict=False``."""
    check_method(method)
    return bag.map_partitions(parse_partition, model=model, method=method, as_dict=as_dict)


def worker_cache_info() -> dict[str, int]:
    """This process's id, how many parsers it holds and how many it ever built (run it on every worker with
    ``client.run(worker_cache_info)`` to see that each opened the model once)."""
    info = shared_parser_info()
    return {"pid": os.getpid(), "parsers": info["parsers"], "loads": info["built"]}
