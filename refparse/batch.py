"""Parsing many references: streamed, in order, one result per input, on as many processes as asked.

This module is the one place that reads ``n_jobs`` (``refparse.parse_many`` and ``refparse parse -j`` come here).

>>> from refparse.batch import iter_parse
>>> for ref in iter_parse(open("references.txt", encoding="utf-8"), n_jobs=4):  # doctest: +SKIP
...     print(ref.title)

Guarantees, whatever the input:

* **Order and count.** Exactly one :class:`~refparse.types.Reference` per input item, in input order. An item
  that cannot be parsed (not a ``str``, or a text that makes the parser fail) gives an error record in its
  place: ``source == "error"`` and the cause in ``warnings``.
* **Constant memory.** The input is read lazily, ``batch_size`` items at a time, and at most
  ``2 * n_jobs`` batches are in flight, so a file of millions of lines needs no more memory than a small one.
* **One model load per process.** Each worker process opens the model once, in the pool's initializer.
* **No hang, no stopped run when a worker dies.** A worker that crashes (a segmentation fault in native code,
  the out-of-memory killer) breaks the pool; the pool is restarted and the batches it was running are parsed
  again one text at a time in an isolated process, so the one text that kills a worker is found and gets an
  error record, and every other text its normal result.

* **No restart loop when workers cannot start.** Before a broken pool is restarted, one fresh worker is given an
  empty batch; if it dies too, no text is to blame and restarting would fail for ever, so the run stops with
  :class:`~refparse.errors.WorkerStartError` (a ``RuntimeError``) saying what to do.

Worker processes are started with ``forkserver`` (``spawn`` where that is unavailable), never ``fork``: forking a
process that already runs threads can deadlock. Each worker therefore imports the main script again, so a script
that asks for ``n_jobs > 1`` at its top level needs the ``if __name__ == "__main__":`` guard. Without it, the
worker's import of the script reaches the same call, which raises ``WorkerStartError`` there (instead of starting
a pool of its own), the worker exits, and the parent, finding that a fresh worker cannot start either, raises
``WorkerStartError`` within seconds, naming the guard and ``n_jobs=1`` as the fixes.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import WorkerStartError
from .parser import Parser, check_method, check_text, error_record, shared_parser
from .types import Reference

#: Texts sent to a worker at a time: large enough that inter-process traffic is a small cost, small enough that
#: the in-flight batches stay a few megabytes.
DEFAULT_BATCH_SIZE = 256

#: Batches in flight per worker process: one being parsed, one waiting, so no worker idles between batches.
IN_FLIGHT_PER_JOB = 2

ChunkParser = Callable[[list], list]

#: The warning of the error record of a text whose worker process died while parsing it.
_WORKER_CRASH = ("WorkerCrash: the worker process died while parsing this text (a crash in native code or the "
                 "out-of-memory killer); the other texts were parsed")


def parse_many(
    texts: Iterable[str],
    n_jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: str | Path | None = None,
    method: str = "auto",
) -> list[Reference]:
    """Parse every text into a list: order kept, one :class:`Reference` per input, bad items as error records.

    ``n_jobs`` is the number of processes (``1``: this process; ``-1`` or ``0``: one per available core);
    ``batch_size`` texts go to a process at a time. ``model`` is a .crfsuite file (default: the shipped model),
    ``method`` as in :meth:`Parser.parse`. With ``method="crf"`` a model that cannot be used raises
    :class:`~refparse.errors.ModelError` at once, before any text is parsed. For inputs too large to hold as a
    list, iterate :func:`iter_parse` instead.
    """
    return list(iter_parse(texts, n_jobs=n_jobs, batch_size=batch_size, model=model, method=method))


def iter_parse(
    texts: Iterable[str],
    n_jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: str | Path | None = None,
    method: str = "auto",
    convert: Callable[[Reference], Any] | None = None,
) -> Iterator[Any]:
    """Yield one :class:`Reference` per text, in input order, reading ``texts`` lazily (constant memory).

    Arguments as in :func:`parse_many`. If iterating ``texts`` itself raises (an undecodable line in a file),
    the results of every item before it are yielded first, then the error is raised.

    ``convert``, a module-level function of a Reference (it is sent to the workers), is applied to each record
    where it is parsed, and its results are yielded instead: with ``n_jobs > 1`` the records are serialised in
    the workers (``refparse.formats.json.jsonl_line``), so this process only writes them, and two workers keep
    two cores busy.
    """
    if isinstance(texts, (str, bytes, bytearray)):  # iterating it would parse one character at a time
        raise TypeError(f"texts must be an iterable of str, not one {type(texts).__name__} (use refparse.parse)")
    check_method(method)
    jobs = resolve_jobs(n_jobs)
    size = check_batch_size(batch_size)
    if jobs == 1:
        return _parse_in_process(texts, shared_parser(model, method), convert)  # "crf": a bad model raises here
    _refuse_inside_worker_start_up(jobs)
    if method == "crf":  # fail here, naming the file, rather than in every worker
        from .model import load_model

        load_model(model)
    return _parse_in_pool(iter(texts), jobs, size, _WorkerSpec(model, method, convert), _parse_chunk)


def resolve_jobs(n_jobs: object) -> int:
    """The number of processes ``n_jobs`` asks for: itself if positive, all available cores if 0 or negative."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int):
        raise TypeError(f"n_jobs must be an int (1, 2, ... or -1 for every core), not {type(n_jobs).__name__}")
    return n_jobs if n_jobs > 0 else available_cores()


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, which containers and taskset narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def check_batch_size(batch_size: object) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, not {batch_size!r}")
    return batch_size


def _refuse_inside_worker_start_up(jobs: int) -> None:
    """Raise :class:`WorkerStartError` if this process is a worker still importing the main script.

    That happens to a script that asks for ``n_jobs > 1`` at its top level without the ``__main__`` guard: each
    worker runs the script again on start-up and would reach this call. multiprocessing sets ``_inheriting`` on
    the process for exactly that phase (its own check, ``spawn._check_not_importing_main``, reads the same flag,
    but only once a pool is being started, with a message that does not name refparse)."""
    if not getattr(multiprocessing.current_process(), "_inheriting", False):
        return
    # The worker dies of this error; multiprocessing prints it with a traceback through its own start-up code,
    # once per worker. One line each is enough: the parent raises the same advice.
    sys.excepthook = _one_line_for(WorkerStartError, sys.excepthook)
    raise WorkerStartError(
        f"refparse.parse_many(n_jobs={jobs}) was called while Python was importing the main module of a worker "
        "process: put the script's top-level code under `if __name__ == \"__main__\":` (every worker process "
        "imports the script again, and without the guard each would start a pool of its own), or use n_jobs=1")


def _one_line_for(kind: type[BaseException], previous: Callable) -> Callable:
    """An excepthook that prints an uncaught ``kind`` as one line and leaves every other exception to ``previous``."""
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, kind):
            print(f"refparse worker process {os.getpid()}: {exc_type.__name__}: {exc}", file=sys.stderr)
        else:
            previous(exc_type, exc, tb)
    return hook


def _parse_in_process(texts: Iterable[object], parser: Parser, convert: Callable[[Reference], Any] | None
                      ) -> Iterator[Any]:
    for text in texts:
        ref = parser.parse(text, errors="record")
        yield ref if convert is None else convert(ref)


# --------------------------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class _WorkerSpec:
    """What a worker needs to build its parser (picklable, unlike a Parser with its locks), and the function its
    records go through before they are sent back (None: the records themselves)."""

    model: str | Path | None
    method: str
    convert: Callable[[Reference], Any] | None = None

    def converted(self, ref: Reference) -> Any:
        return ref if self.convert is None else self.convert(ref)


_worker_parser: Parser | None = None
_worker_error: str | None = None
_worker_spec: _WorkerSpec | None = None


def _init_worker(spec: _WorkerSpec) -> None:
    """Pool initializer: open the model once for the life of the worker process.

    An exception here would break the whole pool, so it is kept and reported on every item instead."""
    global _worker_parser, _worker_error, _worker_spec
    _worker_spec = spec
    # Ctrl-C reaches the whole process group: the parent stops the run and shuts the pool down; a worker that
    # raised KeyboardInterrupt as well would only add a traceback per process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_parser = shared_parser(spec.model, method=spec.method)
        _worker_parser.tag("warm up")  # opens the model now (or warns once that the rules replace it)
    except Exception as exc:  # noqa: BLE001 - reported per item by _parse_chunk
        _worker_error = f"{type(exc).__name__}: {exc}"


def _parse_chunk(texts: list) -> list[Any]:
    """Worker task: parse one batch; never raises, one result per text (converted, if the spec says so)."""
    if _worker_parser is None:
        message = _worker_error or "RuntimeError: worker parser not initialised"
        refs = [error_record(text, message) for text in texts]
    else:
        refs = [_worker_parser.parse(text, errors="record") for text in texts]
    return refs if _worker_spec is None else [_worker_spec.converted(ref) for ref in refs]


# --------------------------------------------------------------------------------------------- parent side


def _pool_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _new_pool(jobs: int, spec: _WorkerSpec) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(), initializer=_init_worker,
                               initargs=(spec,))


@dataclass
class _Batch:
    """Items of one batch, where they go, and the worker's answer. ``local`` holds the results already known
    in this process (error records for non-str items), ``sent`` the positions of the items sent to a worker."""

    local: list[Reference | None]
    sent: list[int]
    texts: list[str]
    future: Future | None = None


def _prepare(items: list[object]) -> _Batch:
    """Split a batch into the texts to send and the error records made here: a non-str item (None, bytes, an
    object that cannot even be pickled) never reaches a worker."""
    local: list[Reference | None] = []
    sent, texts = [], []
    for i, item in enumerate(items):
        try:
            texts.append(check_text(item))
        except TypeError as exc:
            local.append(error_record(item, exc))
            continue
        local.append(None)
        sent.append(i)
    return _Batch(local, sent, texts)


def _merge(batch: _Batch, parsed: list[Any], spec: _WorkerSpec) -> list[Any]:
    out = [None if ref is None else spec.converted(ref) for ref in batch.local]
    for position, ref in zip(batch.sent, parsed, strict=True):  # a short answer must fail, never leave a gap
        out[position] = ref
    return out  # type: ignore[return-value]


def _parse_in_pool(items: Iterator[object], jobs: int, batch_size: int, spec: _WorkerSpec,
                   chunk_parser: ChunkParser) -> Iterator[Reference]:
    """The pool loop: keep at most ``jobs * IN_FLIGHT_PER_JOB`` batches in flight, yield them in order."""
    pool = _new_pool(jobs, spec)
    pending: deque[_Batch] = deque()
    input_error: BaseException | None = None
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk, input_error = _take(items, batch_size)
                exhausted = len(chunk) < batch_size
                if not chunk:
                    break
                batch = _prepare(chunk)
                batch.future = _submit(pool, chunk_parser, batch.texts)
                pending.append(batch)
            if not pending:
                break
            head = pending[0]
            try:
                parsed = head.future.result()  # type: ignore[union-attr]
            except BrokenProcessPool:
                pool = _restart(pool, jobs, spec, pending, chunk_parser)
                continue
            pending.popleft()
            yield from _merge(head, parsed, spec)
        if input_error is not None:
            raise input_error
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, chunk_parser: ChunkParser, texts: list[str]) -> Future:
    """Send a batch to the pool. A worker may die between two submissions, and the pool then refuses the
    next one: that batch gets a failed future, so it is restarted with the others instead of ending the run."""
    try:
        return pool.submit(chunk_parser, texts)
    except BrokenProcessPool as exc:
        refused: Future = Future()
        refused.set_exception(exc)
        return refused


def _take(items: Iterator[object], n: int) -> tuple[list[object], BaseException | None]:
    """The next ``n`` items (fewer at the end), and the error that stopped the input early, if one did: the
    items read before it are kept, so their results are still written."""
    chunk: list[object] = []
    try:
        for item in itertools.islice(items, n):
            chunk.append(item)
    except Exception as exc:  # noqa: BLE001 - re-raised once the batches before it are yielded
        return chunk, exc
    return chunk, None


def _restart(pool: ProcessPoolExecutor, jobs: int, spec: _WorkerSpec, pending: deque[_Batch],
             chunk_parser: ChunkParser) -> ProcessPoolExecutor:
    """A worker died. Batches that finished keep their results; the others are parsed again, one text at a
    time in an isolated process, so the text that kills a worker is told apart from the innocent ones.

    First a fresh worker must prove that it can start at all: if it cannot, every text would "crash" its own
    process in turn, so the run stops with :class:`WorkerStartError` instead."""
    pool.shutdown(wait=False, cancel_futures=True)
    _check_workers_start(jobs, spec, chunk_parser)
    for batch in pending:
        future = batch.future
        if future is not None and future.done() and not future.cancelled() and future.exception() is None:
            continue
        done: Future = Future()
        done.set_result(_parse_isolated(batch.texts, spec, chunk_parser))
        batch.future = done
    return _new_pool(jobs, spec)


def _check_workers_start(jobs: int, spec: _WorkerSpec, chunk_parser: ChunkParser) -> None:
    """Start one fresh worker and give it an empty batch (its initializer and the task path run, no text is
    parsed); raise :class:`WorkerStartError` if it dies as well."""
    probe = _new_pool(1, spec)
    try:
        _submit(probe, chunk_parser, []).result()
    except BrokenProcessPool:
        raise WorkerStartError(
            f"refparse.parse_many(n_jobs={jobs}) stopped: its worker processes exit as soon as they start, so "
            "nothing can be parsed on them. The usual cause is a script that asks for n_jobs > 1 at its top level "
            "without the guard: each worker imports the script again and fails there. Put the script's top-level "
            "code under `if __name__ == \"__main__\":`, or use n_jobs=1 (the workers' own errors are on stderr)"
        ) from None
    finally:
        probe.shutdown(wait=False, cancel_futures=True)


def _parse_isolated(texts: list[str], spec: _WorkerSpec, chunk_parser: ChunkParser) -> list[Any]:
    results: list[Any] = []
    pool = _new_pool(1, spec)
    try:
        for text in texts:
            try:
                results.extend(_submit(pool, chunk_parser, [text]).result())
            except BrokenProcessPool:
                results.append(spec.converted(error_record(text, _WORKER_CRASH)))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(1, spec)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return results
