"""``refparse serve``: a GROBID-compatible citation service (Starlette, run by uvicorn).

Nothing here is imported by ``import refparse`` or by parsing: the package needs the ``server`` extra
(``pip install 'refparse-crf[server]'``: starlette, uvicorn, python-multipart) and is loaded only by
``refparse serve`` or by code that builds the application itself::

    from refparse.server import Settings, create_app
    app = create_app(Settings(max_citations=500))   # an ASGI application for any ASGI server

Modules: :mod:`.settings` (limits, read from the environment in each worker), :mod:`.forms` (reading a
bounded body and decoding its form strictly), :mod:`.work` (parsing a batch in a thread, against a deadline),
:mod:`.openapi` (the schema served at ``/openapi.json``), :mod:`.app` (routes, errors, the request log).
"""

from __future__ import annotations

from typing import Any

from .settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    # create_app on first use: `refparse --help` reads the limits' defaults from .settings without starlette
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
