"""Reading a request: a body bounded in size, and a form decoded strictly.

Starlette's own form parsing decodes a value that is not valid UTF-8 as Latin-1 without a word, which would
parse mojibake and answer 200; here an undecodable value is a 400 that names the field and the byte, so the
sender learns that its encoding is wrong. Both form encodings GROBID's clients send are read: URL-encoded
(grobid-client-python, ``curl -d``) and multipart (``curl -F``); a field may repeat (processCitationList).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from python_multipart import FormParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect, Request

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON = "application/json"


@dataclass
class RequestError(Exception):
    """A request the service cannot answer: its HTTP status and a message that says what to change."""

    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"


@dataclass(frozen=True)
class Form:
    """A decoded form: its fields in the order sent (a name may repeat)."""

    fields: list[tuple[str, str]]

    def get_all(self, name: str) -> list[str]:
        return [value for key, value in self.fields if key == name]

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.get_all(name)
        return values[-1] if values else default


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The whole body, refused with 413 as soon as it is known to pass ``max_bytes`` (from Content-Length
    before reading, or while reading a chunked body), so an oversized upload is never held in memory."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise RequestError(400, f"Content-Length {declared!r} is not a number of bytes")
        if int(declared) > max_bytes:
            raise _too_large(f"{int(declared)} bytes", max_bytes)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(f"more than {max_bytes} bytes", max_bytes)
            chunks.append(chunk)
    except ClientDisconnect:
        raise RequestError(400, "the client disconnected before the request body was complete") from None
    return b"".join(chunks)


def _too_large(size: str, max_bytes: int) -> RequestError:
    return RequestError(413, f"the request body is {size}; this service takes at most {max_bytes} bytes a request: "
                        "send the citations in smaller lists")


def media_type(request: Request) -> tuple[str, dict[str, str]]:
    """The Content-Type's media type, lower case, and its parameters (``charset``, ``boundary``)."""
    raw = request.headers.get("content-type", "")
    kind, params = parse_options_header(raw)
    decoded = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in params.items()}
    return kind.decode("latin-1").lower(), decoded


def parse_form(body: bytes, kind: str, params: dict[str, str]) -> Form:
    """The form in ``body``; 400 when it is malformed or not in its charset (UTF-8 unless declared), 415 when
    it is not a form at all."""
    charset = params.get("charset", "utf-8")
    if kind in ("", URLENCODED):  # curl -d and most clients send this; a missing Content-Type is read as it too
        return _urlencoded(body, charset)
    if kind == MULTIPART:
        return _multipart(body, params.get("boundary"), charset)
    raise RequestError(415, f"Content-Type {kind} is not a form: send the citations as {URLENCODED} "
                       f"(curl -d citations=...) or {MULTIPART} (curl -F citations=...)")


def _urlencoded(body: bytes, charset: str) -> Form:
    text = _decode(body, charset, "the form body")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict")
    except UnicodeDecodeError as exc:
        raise RequestError(400, f"a percent-encoded value in the form is not valid {charset} ({exc.reason} at "
                           f"byte {exc.start}): percent-encode the text's {charset} bytes") from None
    return Form(pairs)


def _multipart(body: bytes, boundary: str | None, charset: str) -> Form:
    if not boundary:
        raise RequestError(400, f"Content-Type {MULTIPART} has no boundary parameter; let the HTTP client write "
                           "the header (curl -F does)")
    raw: list[tuple[bytes, bytes]] = []

    def on_file(part: Any) -> None:  # curl -F citations=@refs.txt: the file's content is the value
        part.file_object.seek(0)
        raw.append((part.field_name or b"", part.file_object.read()))

    parser = FormParser(MULTIPART, lambda part: raw.append((part.field_name or b"", part.value or b"")),
                        on_file, boundary=boundary.encode("latin-1"))
    try:
        parser.write(body)
        parser.finalize()
    except FormParserError as exc:
        raise RequestError(400, f"the {MULTIPART} body is malformed ({exc}); let the HTTP client build it") from None
    fields = []
    for name, value in raw:
        key = _decode(name, charset, "a field name")
        fields.append((key, _decode(value, charset, f"the field {key!r}")))
    return Form(fields)


def _decode(data: bytes, charset: str, what: str) -> str:
    try:
        return data.decode(charset)
    except LookupError:
        raise RequestError(400, f"charset {charset!r} is unknown; send the form in UTF-8") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise RequestError(400, f"{what} is not valid {charset}: byte 0x{bad} at position {exc.start}; send the "
                           f"text in {charset}") from None


def parse_json(body: bytes) -> Any:
    """The JSON document in ``body`` (UTF-8, as RFC 8259 requires); 400 with the position when it is not."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestError(400, f"the JSON body is not valid UTF-8: byte 0x{body[exc.start:exc.start + 1].hex()} "
                           f"at position {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise RequestError(400, f"the body is not valid JSON ({exc.msg} at line {exc.lineno} column "
                           f"{exc.colno})") from None


def flag(form: Form, name: str, choices: dict[str, Any], default: Any) -> Any:
    """The value of an option field, one of ``choices`` (its text -> its meaning); 400 naming them otherwise."""
    raw = form.get(name)
    if raw is None or raw.strip() == "":
        return default
    key = raw.strip().lower()
    if key not in choices:
        raise RequestError(400, f"{name}={raw!r} is not one of {', '.join(choices)}")
    return choices[key]
