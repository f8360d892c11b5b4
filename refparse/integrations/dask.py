"""Parsing on a Dask cluster: a ``dask.bag`` of reference strings in, a bag of records out.

>>> import dask.bag as db
>>> from distributed import Client, LocalCluster
>>> from refparse.integrations.dask import parse_bag
>>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))          # doctest: +SKIP
>>> lines = db.read_text("references-*.txt").map(str.rstrip)                  # doctest: +SKIP
>>> records = parse_bag(lines)                                                # doctest: +SKIP
>>> records.map(json.dumps).to_textfiles("parsed-*.jsonl", last_endline=True)  # doctest: +SKIP

Each worker process opens the model once, on its first partition, and keeps it for every later partition (a
cache in this module, keyed on model and method): a partition costs no model load, so partitions can be small.
The model file must be readable on every worker (a shared file system, or pass ``model=`` a path that exists
on each machine); the default is the model shipped inside the installed package. Order within and between
partitions is kept, one record per input, a bad item is an error record (``"source": "error"``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..parser import Parser, check_method, default_parser

_parsers: dict[tuple[str | None, str], Parser] = {}
_lock = threading.Lock()
_loads = 0  # parsers built in this process: the test reads it through Client.run to check "once per worker"


def worker_parser(model: str | Path | None = None, method: str = "auto") -> Parser:
    """This process's parser for ``model`` and ``method``, built (and its model opened) on first use only."""
    global _loads
    key = (None if model is None else str(model), check_method(method))
    parser = _parsers.get(key)
    if parser is None:
        with _lock:  # a worker with several threads must still open the model once
            parser = _parsers.get(key)
            if parser is None:
                parser = default_parser() if model is None and method == "auto" else Parser(model, method=method)
                parser.tag("warm up")  # open the model now, inside the lock
                _parsers[key] = parser
                _loads += 1
    return parser


def parse_partition(texts: Iterable[object], model: str | Path | None = None, method: str = "auto",
                    as_dict: bool = True) -> list[Any]:
    """Parse one partition: one record per item, in order (``Reference.to_dict()`` dicts, or References)."""
    parser = worker_parser(model, method)
    refs = (parser._parse_or_error(text) for text in texts)
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
    return {"pid": os.getpid(), "parsers": len(_parsers), "loads": _loads}
