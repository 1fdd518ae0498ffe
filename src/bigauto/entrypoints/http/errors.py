"""The one place where failures become HTTP responses.

Every error leaves as ``{"error": {"code", "message", "details"}}``. Domain errors map by their
``kind``; Litestar's own errors (unknown route, wrong method, bad body) keep their status with a
stable code; anything unexpected is logged with the request id and answered with a bare 500 that
leaks nothing.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from bigauto.domain.shared.errors import DomainError

log = structlog.get_logger("bigauto.http")

STATUS_BY_KIND = {
    "invalid": 422,
    "bad_request": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "unsupported": 415,
    "rate_limited": 429,
    "unavailable": 503,
}

_CODE_BY_STATUS = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    return Response(error_body(code, message, details), status_code=status, headers=headers or {})


def _domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = STATUS_BY_KIND.get(exc.kind, 400)
    headers = getattr(exc, "headers", None)
    return error_response(status, exc.code, exc.message, exc.details, headers)


def _validation_error(
    _: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    # Litestar's own parameter/body validation: keep its per-field messages as details.
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        {"field": item.get("key") or item.get("source"), "message": item.get("message")}
        for item in extra
        if isinstance(item, dict)
    ]
    message = "the request is not valid"
    if errors:
        first = errors[0]
        message = f"{first['message']} @ {first['field']}" if first["field"] else first["message"]
    status = 422 if exc.status_code in (400, 422) else exc.status_code
    return error_response(status, "VALIDATION_ERROR", message, {"errors": errors})


def _http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    if status >= 500:
        return error_response(status, _CODE_BY_STATUS.get(status, "INTERNAL_ERROR"), exc.detail)
    code = _CODE_BY_STATUS.get(status, "HTTP_ERROR")
    message = exc.detail or code.replace("_", " ").lower()
    if isinstance(exc, NotFoundException) and message == "Not Found":
        message = "no such resource"
    headers = dict(exc.headers or {})
    return error_response(status, code, message, headers=headers)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.error(
        "unhandled_error",
        path=request.url.path,
        method=request.method,
        error_type=type(exc).__name__,
        exc_info=exc,
    )
    return error_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "something went wrong on our side; it has been logged",
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain_error,
    ValidationException: _validation_error,
    NotAuthorizedException: _http_error,
    PermissionDeniedException: _http_error,
    HTTPException: _http_error,
    Exception: _unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "STATUS_BY_KIND", "error_body", "error_response"]
