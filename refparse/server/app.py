"""The ASGI application: GROBID's citation endpoints, our JSON and CSL-JSON endpoints, the health checks.

GROBID's endpoints take its form fields and answer its shapes (see the README, "Service"):
``/api/processCitation`` one ``<biblStruct>`` (or BibTeX for ``Accept: application/x-bibtex``),
``/api/processCitationList`` a TEI document with one ``<biblStruct>`` per ``citations`` field, in order.
Errors are plain text for GROBID's endpoints, as GROBID answers them, and ``{"error": ...}`` for ours. Every
request writes one line to the ``refparse.server`` log: method, path, status, citations, bytes, time.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .. import __version__
from ..formats import write
from ..formats.tei import to_tei, to_tei_list
from ..types import Reference
from .forms import JSON, Form, RequestError, flag, media_type, parse_form, parse_json, read_body
from .openapi import openapi_schema
from .settings import Settings
from .work import Worker

LOG = logging.getLogger("refparse.server")
XML = "application/xml; charset=utf-8"
BIBTEX = "application/x-bibtex; charset=utf-8"
#: Our own endpoints answer errors as JSON; GROBID's as plain text.
JSON_PATHS = frozenset({"/api/parse", "/api/csl"})
CONSOLIDATION_WARNING = '299 refparse "consolidation is not available; the citations were parsed without it"'


@dataclass(frozen=True)
class GrobidOptions:
    consolidate: int = 0
    include_raw: bool = False


def grobid_options(form: Form) -> GrobidOptions:
    """GROBID's optional fields: ``consolidateCitations`` 0, 1 or 2 (accepted; no consolidation is done),
    ``includeRawCitations`` 0 or 1 (the input string as ``<note type="raw_reference">``)."""
    consolidate = flag(form, "consolidateCitations", {"0": 0, "1": 1, "2": 2}, 0)
    raw = flag(form, "includeRawCitations", {"0": False, "1": True, "false": False, "true": True}, False)
    return GrobidOptions(consolidate, raw)


def wants_bibtex(accept: str | None) -> bool:
    """Whether the Accept header prefers BibTeX to XML (GROBID's switch between its two answers)."""
    best_bibtex = best_xml = 0.0
    for item in (accept or "").split(","):
        kind, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind = kind.strip().lower()
        if kind == "application/x-bibtex":
            best_bibtex = max(best_bibtex, quality)
        elif kind in ("application/xml", "text/xml"):
            best_xml = max(best_xml, quality)
    return best_bibtex > 0 and best_bibtex >= best_xml


class Service:
    """The endpoints of one worker process, around its :class:`~refparse.server.work.Worker`."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.worker = Worker(settings)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await self.worker.start()  # uvicorn takes no request before this returns: a worker serves warm
        LOG.info("ready: model %s, at most %d citations and %d bytes a request, %g s timeout, %d parser threads",
                 self.settings.model or "shipped", self.settings.max_citations, self.settings.max_bytes,
                 self.settings.timeout, self.settings.threads)
        yield
        LOG.info("stopped")

    async def isalive(self, request: Request) -> Response:
        ready = self.worker.ready
        return PlainTextResponse("true" if ready else "false", status_code=200 if ready else 503)

    async def health(self, request: Request) -> Response:
        ready = self.worker.ready
        body = {"ready": ready, "service": "refparse", "version": __version__,
                "pool": {"maxActive": self.settings.threads or 1},
                "limits": {"max_citations": self.settings.max_citations, "max_bytes": self.settings.max_bytes,
                           "timeout_seconds": self.settings.timeout}}
        return JSONResponse(body, status_code=200 if ready else 503)

    async def version(self, request: Request) -> Response:
        return JSONResponse({"version": __version__, "revision": f"refparse-{__version__}"})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_schema(self.settings))

    async def process_citation(self, request: Request) -> Response:
        started = time.monotonic()
        form = await self._form(request)
        citations = self._citations(form, request)
        if len(citations) > 1:
            raise RequestError(400, f"processCitation parses one citation and {len(citations)} were sent; send a "
                               "list to /api/processCitationList")
        if not citations[0].strip():
            raise RequestError(400, "the citations field is empty; give the reference string to parse")
        options = grobid_options(form)
        if wants_bibtex(request.headers.get("accept")):
            body = await self.worker.run(citations, lambda refs: refs[0].to_bibtex(), started)
            return self._answer(body, BIBTEX, options)
        body = await self.worker.run(citations, lambda refs: to_tei(refs[0], options.include_raw), started)
        return self._answer(body, XML, options)

    async def process_citation_list(self, request: Request) -> Response:
        started = time.monotonic()
        form = await self._form(request)
        citations = self._citations(form, request)
        options = grobid_options(form)
        if wants_bibtex(request.headers.get("accept")):
            body = await self.worker.run(citations, _written("bibtex"), started)
            return self._answer(body, BIBTEX, options)
        body = await self.worker.run(citations, lambda refs: to_tei_list(refs, options.include_raw), started)
        return self._answer(body, XML, options)

    async def parse(self, request: Request) -> Response:
        return await self._json_endpoint(request, "json")

    async def csl(self, request: Request) -> Response:
        return await self._json_endpoint(request, "csl")

    async def _json_endpoint(self, request: Request, fmt: str) -> Response:
        """The records (``Reference.to_dict``: fields, spans, confidences) or CSL-JSON items, one per citation,
        of a JSON body ``{"citations": [...]}`` or a form with ``citations`` fields."""
        started = time.monotonic()
        kind, params = media_type(request)
        if kind == JSON:
            body = await self._body(request)
            citations = self._counted(request, _json_citations(parse_json(body)))
        else:
            citations = self._citations(await self._form(request), request)
        text = await self.worker.run(citations, _written(fmt), started)
        return Response(text, headers={"content-type": "application/json; charset=utf-8"})

    async def _body(self, request: Request) -> bytes:
        try:
            with anyio.fail_after(self.settings.timeout):
                return await read_body(request, self.settings.max_bytes)
        except TimeoutError:
            raise RequestError(408, f"the request body did not arrive within {self.settings.timeout:g} s") from None

    async def _form(self, request: Request) -> Form:
        kind, params = media_type(request)
        return parse_form(await self._body(request), kind, params)

    def _citations(self, form: Form, request: Request) -> list[str]:
        citations = form.get_all("citations")
        if not citations:
            sent = ", ".join(sorted({name for name, _ in form.fields})) or "none"
            raise RequestError(400, f"the form has no citations field (fields sent: {sent}); send each reference "
                               "string as citations=...")
        return self._counted(request, citations)

    def _counted(self, request: Request, citations: list[str]) -> list[str]:
        request.state.citations = len(citations)  # for the request log
        if len(citations) > self.settings.max_citations:
            raise RequestError(413, f"{len(citations)} citations were sent; this service takes at most "
                               f"{self.settings.max_citations} a request: split the list")
        return citations

    @staticmethod
    def _answer(body: str, content_type: str, options: GrobidOptions) -> Response:
        headers = {"content-type": content_type}
        if options.consolidate:
            headers["warning"] = CONSOLIDATION_WARNING
        return Response(body, headers=headers)


def _json_citations(document: object) -> list[str]:
    """``citations`` of ``{"citations": [...]}`` (or one string); 400 saying what the body should be."""
    citations = document.get("citations") if isinstance(document, dict) else None
    if isinstance(citations, str):
        citations = [citations]
    if not isinstance(citations, list) or not all(isinstance(c, str) for c in citations):
        raise RequestError(400, 'send a JSON object {"citations": ["reference string", ...]} (a list of strings)')
    if not citations:
        raise RequestError(400, "the citations list is empty")
    return citations


def _written(fmt: str) -> Callable[[list[Reference]], str]:
    """A renderer writing the records in one of :data:`refparse.formats.FORMATS` (BibTeX keys and CSL ids unique
    within the answer, as the CLI writes them)."""
    def render(records: list[Reference]) -> str:
        out = io.StringIO()
        write(records, fmt, out)
        return out.getvalue()
    return render


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return _error(request, exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allowed = sorted(m.strip() for m in (exc.headers or {}).get("Allow", "").split(",") if m.strip())
        use = " or ".join(allowed) or "another method"
        message = f"{request.method} is not allowed on {request.url.path}; use {use}"
    elif exc.status_code == 404:
        message = f"no endpoint at {request.url.path}; the endpoints are listed at /openapi.json"
    else:
        message = str(exc.detail)
    return _error(request, exc.status_code, message, dict(exc.headers or {}))


async def _internal_error(request: Request, exc: Exception) -> Response:
    LOG.exception("internal error on %s %s", request.method, request.url.path)
    return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if request.url.path in JSON_PATHS:
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


class RequestLog:
    """ASGI middleware writing one line per HTTP request, after its answer, whatever the outcome."""

    def __init__(self, app: Starlette):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, answer = time.perf_counter(), {"status": 500, "bytes": 0}

        async def watched_send(message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        finally:
            citations = scope.get("state", {}).get("citations", "-")
            client = (scope.get("client") or ("-",))[0]
            LOG.info("%s %s %s %d citations=%s bytes_out=%d ms=%.1f", client, scope["method"], scope["path"],
                     answer["status"], citations, answer["bytes"], 1000 * (time.perf_counter() - started))


def create_app(settings: Settings | None = None) -> RequestLog:
    """The application (an ASGI callable); ``settings`` default to the REFPARSE_SERVER_* environment, which is
    how ``refparse serve`` configures each uvicorn worker (``uvicorn --factory refparse.server:create_app``)."""
    service = Service(settings or Settings.from_environment())
    routes = [
        Route("/api/isalive", service.isalive, methods=["GET"]),
        Route("/api/health", service.health, methods=["GET"]),
        Route("/api/version", service.version, methods=["GET"]),
        Route("/api/processCitation", service.process_citation, methods=["POST", "PUT"]),
        Route("/api/processCitationList", service.process_citation_list, methods=["POST"]),
        Route("/api/parse", service.parse, methods=["POST"]),
        Route("/api/csl", service.csl, methods=["POST"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
    ]
    handlers = {RequestError: _request_error, HTTPException: _http_error, Exception: _internal_error}
    app = Starlette(routes=routes, lifespan=service.lifespan, exception_handlers=handlers)
    return RequestLog(app)
