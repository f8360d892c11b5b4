"""Parsing a request's citations in a worker thread, against the request's deadline.

Each worker process has one parser (:func:`refparse.parser.shared_parser`, loaded at start-up); a batch goes
through it citation by citation with ``errors="record"``, so a citation that cannot be parsed becomes an error
record in its place and never fails the list. The deadline is checked before each citation: a single parse
is bounded (the parser reads at most ``MAX_REFERENCE_CHARS``), so a request overruns its timeout by at most
one citation, and a thread is never left running after its answer was given up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import anyio
import anyio.to_thread

from ..parser import Parser, shared_parser
from ..types import Reference
from .forms import RequestError
from .settings import Settings

T = TypeVar("T")

#: Parsed at start-up, so that the model is open before the first request (and a broken model stops the worker).
WARM_UP = "Lafferty, J., McCallum, A., Pereira, F. (2001). Conditional random fields. In Proc. ICML, 282-289."


@dataclass
class DeadlinePassed(Exception):
    """The request ran out of time after ``done`` of its ``total`` citations."""

    done: int
    total: int


class Worker:
    """This process's parser and the threads that run it."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.limiter = anyio.CapacityLimiter(settings.threads) if settings.threads else None
        self.ready = False

    @property
    def parser(self) -> Parser:
        model = self.settings.model or None
        return shared_parser(model, method="crf" if model else "auto")

    async def start(self) -> None:
        """Load the model (in a thread: it takes a while) and parse once; then the worker is ready."""
        await anyio.to_thread.run_sync(self.parser.parse, WARM_UP)
        self.ready = True

    def parse_all(self, texts: Sequence[str], deadline: float) -> list[Reference]:
        parser, records = self.parser, []
        for text in texts:
            if time.monotonic() > deadline:
                raise DeadlinePassed(done=len(records), total=len(texts))
            records.append(parser.parse(text, errors="record"))
        return records

    async def run(self, texts: Sequence[str], render: Callable[[list[Reference]], T], started: float) -> T:
        """``render(records)`` of ``texts``, parsed and rendered in a parser thread (the event loop stays free
        for other requests); 503 or 500 when the request's time runs out."""
        deadline = started + self.settings.timeout

        def job() -> T:
            return render(self.parse_all(texts, deadline))

        try:
            if self.limiter is None:  # threads=0: in the event loop, which waits meanwhile
                return job()
            return await anyio.to_thread.run_sync(job, limiter=self.limiter)
        except DeadlinePassed as late:
            raise self._timeout_error(late) from None

    def _timeout_error(self, late: DeadlinePassed) -> RequestError:
        limit = f"{self.settings.timeout:g} s"
        if late.done == 0:
            return RequestError(503, f"every parser thread was busy for the {limit} a request may take; retry "
                                "in a moment", {"Retry-After": "1"})
        return RequestError(500, f"parsing took longer than the {limit} a request may take ({late.done} of "
                            f"{late.total} citations done); send fewer citations per request, or start the "
                            "server with a larger --timeout")
