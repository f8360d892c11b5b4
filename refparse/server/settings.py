"""The service's limits and options. ``refparse serve`` puts them in the environment, because uvicorn starts
each worker process anew and each worker builds its application from there (:meth:`Settings.from_environment`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

#: Environment variable prefix: REFPARSE_SERVER_MAX_BYTES, REFPARSE_SERVER_MAX_CITATIONS, ...
ENV_PREFIX = "REFPARSE_SERVER_"


@dataclass(frozen=True)
class Settings:
    #: Largest request body accepted, in bytes; a larger one is answered 413. 2 MiB holds about 10,000
    #: citations of a typical length, far more than the item limit lets through.
    max_bytes: int = 2 * 1024 * 1024
    #: Most citations in one request (processCitationList, /api/parse, /api/csl); more is answered 413.
    max_citations: int = 1000
    #: Seconds a request may take, waiting for a parser thread included: past it the answer is 503 (never
    #: started: busy, retry) or 500 (started but not finished: send fewer citations per request).
    timeout: float = 60.0
    #: Threads that parse in each worker. Parsing holds the GIL, so more threads add no speed (and each
    #: costs memory); one keeps the event loop free, so health checks answer during a long list. 0 parses in
    #: the event loop itself. 0, 1 and 4 are measured in reports/server.md: 1 was as fast as any, leanest.
    threads: int = 1
    #: A .crfsuite model file; empty: the shipped model.
    model: str = ""

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from REFPARSE_SERVER_* variables, the defaults for those not set."""
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            raw = environ.get(ENV_PREFIX + spec.name.upper())
            if raw is not None:
                kind = type(getattr(cls, spec.name))
                try:
                    values[spec.name] = kind(raw)
                except ValueError:
                    raise ValueError(f"{ENV_PREFIX}{spec.name.upper()}={raw!r} is not a {kind.__name__}") from None
        return cls(**values).checked()

    def to_environment(self) -> dict[str, str]:
        return {ENV_PREFIX + spec.name.upper(): str(getattr(self, spec.name)) for spec in fields(self)}

    def checked(self) -> Settings:
        for name in ("max_bytes", "max_citations"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.threads < 0:
            raise ValueError(f"threads must be 0 (parse in the event loop) or more, not {self.threads}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout}")
        return self
