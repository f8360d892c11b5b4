"""Run a GROBID-compatible citation service over HTTP (needs the server extra: pip install 'refparse-crf[server]').

GROBID's clients (grobid-client-python, the Java and Node clients, anything that posts to
/api/processCitation) work against it unchanged; our own /api/parse (records with spans and confidences)
and /api/csl (CSL-JSON) sit beside them, described at /openapi.json. Each worker process loads the parser
once, before it takes requests. SIGTERM or Ctrl-C stops taking new connections and lets the requests under
way finish (up to --timeout seconds) before the workers exit.

endpoints:
  GET  /api/isalive               "true" once the parser is loaded (liveness)
  GET  /api/health                JSON: ready, thread pool, limits (readiness)
  GET  /api/version               JSON: version, revision
  POST /api/processCitation       form field citations (one string) -> TEI <biblStruct>, or BibTeX with
                                  Accept: application/x-bibtex; includeRawCitations, consolidateCitations
  POST /api/processCitationList   citations repeated -> TEI document, one <biblStruct> per citation, in order
  POST /api/parse                 {"citations": [...]} or the form -> JSON records
  POST /api/csl                   {"citations": [...]} or the form -> CSL-JSON items

examples:
  refparse serve --port 8070 --workers 2
  curl -d "citations=Graff, Expert. Opin. Ther. Targets (2002) 6(1): 103-113" localhost:8070/api/processCitation
"""

from __future__ import annotations

import argparse
import copy
import os

from ..errors import install_hint

HELP = "run a GROBID-compatible citation service (HTTP) on the shipped or a given model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..server.settings import Settings

    defaults = Settings()
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on; 0.0.0.0 for every interface (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8070, help="port to listen on (default: 8070, GROBID's)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes, each with its own parser; about one per core (default: 1)")
    parser.add_argument("--threads", type=int, default=defaults.threads, metavar="N",
                        help="parser threads per worker; 0 parses in the event loop, which then answers nothing else "
                        f"meanwhile, health checks included (default: {defaults.threads})")
    parser.add_argument("--max-citations", type=int, default=defaults.max_citations, metavar="N",
                        help=f"most citations in one request; more is answered 413 (default: {defaults.max_citations})")
    parser.add_argument("--max-bytes", type=int, default=defaults.max_bytes, metavar="N",
                        help=f"largest request body in bytes; larger is answered 413 (default: {defaults.max_bytes})")
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="SECONDS",
                        help=f"time a request may take (default: {defaults.timeout:g})")
    parser.add_argument("--model", metavar="PATH", help="a .crfsuite model file (default: the shipped model)")
    parser.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"),
                        help="info writes one line per request (default: info)")


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..server.settings import Settings
    except ImportError as exc:
        raise ValueError(f"the service needs {exc.name}, which is not installed; {install_hint('server')}") from None
    if args.workers < 1:
        raise ValueError(f"--workers must be at least 1, not {args.workers}")
    if args.model and not os.path.isfile(args.model):
        raise ValueError(f"--model {args.model}: no such file")
    settings = Settings(max_bytes=args.max_bytes, max_citations=args.max_citations, timeout=args.timeout,
                        threads=args.threads, model=args.model or "").checked()
    # Each worker is a fresh process that builds its application from the environment (create_app).
    os.environ.update(settings.to_environment())
    uvicorn.run("refparse.server.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_config=log_config(args.log_level), log_level=args.log_level,
                access_log=False,  # refparse.server writes the one line per request, with the citation count
                timeout_graceful_shutdown=int(args.timeout) + 5)
    return 0


def log_config(level: str) -> dict:
    """uvicorn's logging set-up with timestamps, plus the ``refparse.server`` request log on stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"]["fmt"] = "%(asctime)s %(process)d %(levelprefix)s %(message)s"
    config["loggers"]["refparse.server"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
