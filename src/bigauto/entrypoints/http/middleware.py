"""ASGI middleware and the request class: request ids, access logs, and what a request may carry.

Before a JSON body reaches the decoder, :class:`GuardedRequest` refuses one nested deeper than
:data:`MAX_DEPTH` or holding a NUL character (``\\u0000``): neither is anything the API takes,
and either could crash what lies behind it (a recursion limit, a database driver). The URL gets
the same treatment from :func:`nul_guard_middleware`. Both answer 422 in the error shape.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from bigauto.domain.shared.errors import ValidationFailed

log = structlog.get_logger("bigauto.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give each request an id (the client's ``X-Request-ID`` when sane), log it, echo it back."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            structlog.contextvars.clear_contextvars()

    return middleware


#: How deep a JSON body may nest (the deepest body the API documents nests 3 deep).
MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_BRACKETS = bytes.maketrans(b"{}", b"[]")
_ALL_BUT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def nests_deeper(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text ``raw`` nests arrays and objects deeper than ``limit``.

    Strings are dropped first (a bracket inside one does not count); then each pass removes
    the innermost ``[]`` pairs, all in C (``bytes.replace``). Unbalanced text answers False:
    the decoder calls it malformed.

    >>> nests_deeper(b'{"a": [[1], {"b": "[[[["}]}', limit=3)
    False
    >>> nests_deeper(b'[[[[]]]]', limit=3)
    True
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    outside = b"".join(raw.split(b'"')[::2]) if b'\\"' not in raw else _STRING.sub(b"", raw)
    brackets = outside.translate(_BRACKETS, _ALL_BUT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return False
        inner_removed = brackets.replace(b"[]", b"")
        if len(inner_removed) == len(brackets):
            return False
        brackets = inner_removed
    return bool(brackets)


def check_json(raw: bytes) -> None:
    """ValidationFailed (422) for a body nested too deep or carrying a NUL character."""
    if b"\\u0000" in raw and _ESCAPED_NUL.search(raw):
        raise ValidationFailed("text may not contain NUL characters", details={"field": "body"})
    if nests_deeper(raw):
        raise ValidationFailed(
            f"the body nests deeper than {MAX_DEPTH} levels", details={"field": "body"}
        )


class GuardedRequest(Request[Any, Any, Any]):
    """A request whose JSON body is checked (:func:`check_json`) before it is decoded."""

    async def json(self) -> Any:
        check_json(await self.body())
        return await super().json()


def nul_guard_middleware(app: ASGIApp) -> ASGIApp:
    """422 for a request whose path or query string carries a NUL character."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and (
            b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]
        ):
            raise ValidationFailed(
                "the URL may not contain NUL characters", details={"field": "url"}
            )
        await app(scope, receive, send)

    return middleware


__all__ = [
    "MAX_DEPTH",
    "GuardedRequest",
    "check_json",
    "nests_deeper",
    "nul_guard_middleware",
    "request_id_middleware",
]
