"""The one place where failures become what a client hears: HTTP responses and socket frames.

:func:`problem_of` decides, for any exception, the status, code, message, details and headers
(``Retry-After`` on a rate limit) as a :class:`Problem`; the exception handlers, the rate-limit
middleware, idempotent replays and the chat socket all answer through it. Every HTTP error
leaves as ``{"error": {"code", "message", "details"}}``; a socket gets an ``error`` frame with
the same code and message, or, when the failure ends it, the close code of its kind.

Domain errors map by their ``kind`` (see :data:`KINDS`); Litestar's own errors (unknown route,
wrong method, bad parameter) keep their status with a stable code; anything unexpected is a
bare 500 that leaks nothing (the handler logs it with the request id).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.types import ExceptionHandlersMap

from bigauto.domain.shared.errors import DomainError

log = structlog.get_logger("bigauto.http")

#: What a client hears about a failure nobody foresaw.
UNEXPECTED = "something went wrong on our side; it has been logged"

# WebSocket close codes of RFC 6455; the application's own are 4000 + the HTTP status.
UNSUPPORTED_DATA = 1003
POLICY_VIOLATION = 1008
MESSAGE_TOO_BIG = 1009
INTERNAL_ERROR = 1011
TRY_AGAIN_LATER = 1013


@attrs.frozen
class Kind:
    """How one kind of failure reaches a client."""

    status: int
    #: The code of a failure that brings none of its own (Litestar's errors).
    code: str
    #: The close code of a socket this failure ends.
    close_code: int = POLICY_VIOLATION


KINDS: Mapping[str, Kind] = {
    "invalid": Kind(422, "VALIDATION_ERROR"),
    "unauthenticated": Kind(401, "UNAUTHENTICATED", 4401),
    "forbidden": Kind(403, "FORBIDDEN", 4403),
    # A socket does not tell a conversation that does not exist from one closed to the caller.
    "not_found": Kind(404, "NOT_FOUND", 4403),
    "method_not_allowed": Kind(405, "METHOD_NOT_ALLOWED"),
    "conflict": Kind(409, "CONFLICT"),
    "too_large": Kind(413, "PAYLOAD_TOO_LARGE", MESSAGE_TOO_BIG),
    "unsupported": Kind(415, "UNSUPPORTED_MEDIA_TYPE", UNSUPPORTED_DATA),
    "rate_limited": Kind(429, "RATE_LIMITED"),
    "unavailable": Kind(503, "SERVICE_UNAVAILABLE", TRY_AGAIN_LATER),
}
_BY_STATUS = {kind.status: kind for kind in KINDS.values()}
# A domain error of a kind this table does not know is the client's fault, not ours.
_UNKNOWN_KIND = KINDS["invalid"]


@attrs.frozen
class Problem:
    """What a client hears about one failure."""

    status: int
    code: str
    message: str
    details: Mapping[str, Any] = attrs.Factory(dict)
    headers: Mapping[str, str] = attrs.Factory(dict)
    close_code: int = INTERNAL_ERROR

    def body(self) -> dict[str, Any]:
        return {
            "error": {"code": self.code, "message": self.message, "details": dict(self.details)}
        }

    def response(self) -> Response[dict[str, Any]]:
        return Response(self.body(), status_code=self.status, headers=dict(self.headers))


def _field_errors(message: str, details: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a 422's ``details.errors`` holds for a domain error: one entry, for the field its
    details name (``field``, else the first detail's name), with the error's message."""
    field = details.get("field")
    if not isinstance(field, str):
        field = next(iter(details), None)
    return [{"field": field, "message": message}]


def _domain(error: DomainError) -> Problem:
    kind = KINDS.get(error.kind, _UNKNOWN_KIND)
    headers = getattr(error, "headers", None) or {}
    details = error.details
    if kind.status == 422 and "errors" not in details:
        details = {**details, "errors": _field_errors(error.message, details)}
    return Problem(kind.status, error.code, error.message, details, headers, kind.close_code)


def _invalid(error: ValidationException) -> Problem:
    # Litestar's own parameter/body validation: keep its per-field messages as details.
    extra = error.extra if isinstance(error.extra, list) else []
    errors = [
        {"field": _litestar_field(item), "message": item.get("message") or "not valid"}
        for item in extra
        if isinstance(item, dict)
    ]
    if not errors:
        message = error.detail or "the request is not valid"
        return _unprocessable(message, [{"field": None, "message": message}])
    first = errors[0]
    message = f"{first['message']} @ {first['field']}" if first["field"] else first["message"]
    return _unprocessable(message, errors)


def _litestar_field(item: Mapping[str, Any]) -> str | None:
    """The field a Litestar validation message is about: its key, but for an unknown body
    field (key ``data``), the name the message quotes."""
    key = item.get("key")
    message = str(item.get("message") or "")
    if key == "data" and "`" in message:
        return message.split("`")[1]
    return str(key) if key else None


def _unprocessable(message: str, errors: list[dict[str, Any]]) -> Problem:
    close_code = KINDS["invalid"].close_code
    return Problem(422, "VALIDATION_ERROR", message, {"errors": errors}, close_code=close_code)


def _http(error: HTTPException) -> Problem:
    status = error.status_code
    if status == 400:
        # A body that is not JSON (or not UTF-8), a parameter Litestar could not parse: the
        # request cannot be processed as sent, which the API always calls a 422.
        message = error.detail or "the request is not valid"
        return _unprocessable(message, [{"field": None, "message": message}])
    kind = _BY_STATUS.get(status)
    if status >= 500:
        return Problem(status, kind.code if kind else "INTERNAL_ERROR", error.detail)
    code = kind.code if kind else "HTTP_ERROR"
    message = error.detail or code.replace("_", " ").lower()
    if isinstance(error, NotFoundException) and message == "Not Found":
        message = "no such resource"
    close_code = kind.close_code if kind else POLICY_VIOLATION
    return Problem(status, code, message, headers=dict(error.headers or {}), close_code=close_code)


def problem_of(error: BaseException, *, unexpected: str = UNEXPECTED) -> Problem:
    """What the client hears about ``error``; ``unexpected`` is the message of a failure that
    is neither a domain error nor an HTTP one (its details stay in the log)."""
    if isinstance(error, DomainError):
        return _domain(error)
    if isinstance(error, ValidationException):
        return _invalid(error)
    if isinstance(error, HTTPException):
        return _http(error)
    return Problem(500, "INTERNAL_ERROR", unexpected)


def _answer(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    if isinstance(error, ValidationException):
        error = _with_public_names(request, error)
    return problem_of(error).response()


def _with_public_names(request: Request[Any, Any, Any], error: ValidationException) -> Any:
    """Litestar names a parameter it refused by its Python name; a client sent it by its
    public one (``?from=``, ``?as=``): name it so in the error."""
    handler = request.scope.get("route_handler")
    signature = getattr(handler, "parsed_fn_signature", None)
    if signature is None or not isinstance(error.extra, list):
        return error
    public = {
        name: alias
        for name, field in signature.parameters.items()
        if isinstance(alias := getattr(field.kwarg_definition, "name", None), str)
    }
    if not public:
        return error
    extra = [
        {**item, "key": public.get(item.get("key"), item.get("key"))}
        if isinstance(item, dict)
        else item
        for item in error.extra
    ]
    return ValidationException(detail=error.detail, extra=extra)


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    log.error(
        "unhandled_error",
        path=request.url.path,
        method=request.method,
        error_type=type(error).__name__,
        exc_info=error,
    )
    return problem_of(error).response()


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _answer,
    HTTPException: _answer,
    Exception: _unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "KINDS", "UNEXPECTED", "Kind", "Problem", "problem_of"]
