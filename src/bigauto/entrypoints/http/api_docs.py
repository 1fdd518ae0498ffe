"""The API documents itself: ``/docs`` (Swagger UI), ``/docs/redoc`` and ``/docs/openapi.json``.

Litestar writes the OpenAPI document from the handlers' typed signatures: request bodies,
parameters with their bounds, success responses. :func:`complete` adds what a signature cannot
say, from what the app knows of each route:

* the error responses an operation can give, each the one ``Error`` schema
  (``{"error": {"code", "message", "details"}}``): 401 and 403 where a token is read, 404 where
  something is looked up, 409 for a change, 413 and 415 for an upload, 422 wherever there is
  input, 429 where a rate limit counts, 503 everywhere a backend is asked; and not the 400 shape
  Litestar assumes, which this API never sends (a bad request is a 422);
* the ``bearerAuth`` security requirement on the operations that need a token (optional on
  those that read one when it is there);
* one tag per bounded context;
* readable names for the page schemas (``ListingPage`` rather than a generic's mangled name).

The viewers' scripts and styles ship in the package (``vendor/``), so the pages work offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
from litestar import Litestar, Request, Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import (
    JsonRenderPlugin,
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    SwaggerRenderPlugin,
)
from litestar.openapi.spec import Components, SecurityScheme, Tag
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router

from bigauto.entrypoints.http import auth
from bigauto.entrypoints.http.contract import ErrorBody

VENDOR = Path(__file__).with_name("vendor")
ASSETS = "/docs/assets"
BEARER = "bearerAuth"
ERROR = "Error"
_FAVICON = f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>"

#: What each error status means, as the document says it.
ERROR_STATUSES: Mapping[int, str] = {
    401: "No valid access token (missing, expired, revoked, or not an access token)",
    403: "The token's user may not do this",
    404: "Something the request names does not exist, or is not the caller's to see",
    409: "The request conflicts with the current state (a taken slot, a finished deal...)",
    413: "The body is larger than allowed",
    415: "The body is not of a type this route takes",
    422: "The input is not valid: `details.errors` lists each field and what is wrong with it",
    429: "Too many requests: wait `Retry-After` seconds",
    503: "A backend this route needs is unavailable; try again soon",
}
_WRITES = frozenset({"post", "put", "patch", "delete"})
_REQUIRED = {auth.require_user, auth.require_seller, auth.require_admin}
_SYSTEM_PATHS = ("/health", "/ready")
_PAGE_NAME = re.compile(r"^Paged_.*?([A-Za-z0-9]+)_$")


def openapi_config(version: str, contexts: Iterable[ModuleType]) -> OpenAPIConfig:
    """The document's frame and its pages; every context gets its tag, described by the first
    paragraph of its package's docstring."""
    tags = [Tag(name=_context_name(c), description=_summary(c)) for c in contexts]
    tags.append(Tag(name="system", description="Liveness and readiness of the service."))
    plugins: list[OpenAPIRenderPlugin] = [
        CompleteSwagger(
            path="/",
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=_FAVICON,
        ),
        CompleteRedoc(
            path="/redoc",
            js_url=f"{ASSETS}/redoc.standalone.js",
            google_fonts=False,
            favicon=_FAVICON,
        ),
        CompleteJson(),
    ]
    return OpenAPIConfig(
        title="bigauto",
        version=version,
        description=(
            "Vehicle marketplace engine: rentals, used-car sales, test drives, payments, "
            "payouts, chat and notifications. The guide to this contract (authentication, "
            "errors, pagination, idempotency keys, rate limits) is docs/api.md."
        ),
        path="/docs",
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    bearer_format="JWT",
                    description="The access token from /api/auth/login (or register, OTP).",
                )
            }
        ),
        tags=tags,
        render_plugins=plugins,
    )


def assets_router() -> Router:
    """``/docs/assets``: the viewers' files, from the package."""
    return create_static_files_router(
        path=ASSETS, directories=[VENDOR], include_in_schema=False, name="docs_assets"
    )


def complete(document: Mapping[str, Any], app: Litestar) -> dict[str, Any]:
    """``document`` (Litestar's) with what the module doc lists added; a new dict."""
    handlers = _handlers_by_operation(app)
    done: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(document))
    for path, item in done.get("paths", {}).items():
        for method, operation in item.items():
            if method in _WRITES or method in ("get", "head"):
                handler = handlers.get(operation.get("operationId", ""))
                _complete_operation(path, method, operation, handler)
    schemas = done.setdefault("components", {}).setdefault("schemas", {})
    _, error_schemas = msgspec.json.schema_components(
        [ErrorBody], ref_template="#/components/schemas/{name}"
    )
    schemas.update(error_schemas)
    schemas[ERROR] = schemas.pop(ErrorBody.__name__)
    return _renamed_pages(done)


def _complete_operation(
    path: str, method: str, operation: dict[str, Any], handler: HTTPRouteHandler | None
) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("400", None)
    principal = _principal(handler)
    statuses = {503}
    if principal is not None:
        statuses |= {401, 403, 404}
        requirement: list[dict[str, list[str]]] = [{BEARER: []}]
        operation["security"] = requirement if principal in _REQUIRED else [{}, *requirement]
    if not path.startswith(_SYSTEM_PATHS):
        statuses.add(429)
    has_body = "requestBody" in operation
    if operation.get("parameters") or has_body:
        statuses.add(422)
    if "{" in path or has_body:
        statuses.add(404)
    if method in _WRITES:
        statuses.add(409)
    if has_body:
        statuses.add(413)
        if "multipart/form-data" in operation["requestBody"].get("content", {}):
            statuses.add(415)
    # A handler's own failures (``opt={"errors": {401: "why"}}``): a webhook's bad signature.
    described = dict(ERROR_STATUSES)
    if handler is not None:
        described.update(handler.opt.get("errors", {}))
        statuses |= set(handler.opt.get("errors", {}))
    ref = {"$ref": f"#/components/schemas/{ERROR}"}
    for status in sorted(statuses):
        responses.setdefault(
            str(status),
            {
                "description": described[status],
                "content": {"application/json": {"schema": ref}},
            },
        )
    if handler is not None:
        operation["tags"] = [_tag_of(handler)]


def _handlers_by_operation(app: Litestar) -> dict[str, HTTPRouteHandler]:
    found: dict[str, HTTPRouteHandler] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if isinstance(handler.operation_id, str):
                    found[handler.operation_id] = handler
    return found


def _principal(handler: HTTPRouteHandler | None) -> Any:
    """The function that provides the handler's ``principal``, if it reads one."""
    if handler is None:
        return None
    provide = handler.resolve_dependencies().get("principal")
    return getattr(provide, "dependency", None)


def _tag_of(handler: HTTPRouteHandler) -> str:
    module = getattr(handler.fn, "__module__", "")
    parts = module.split(".")
    if module.startswith("bigauto.entrypoints.http.") and len(parts) > 4:
        return parts[3]
    return "system"


def _context_name(context: ModuleType) -> str:
    return context.__name__.rsplit(".", 1)[-1]


def _summary(context: ModuleType) -> str:
    doc = (context.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def _renamed_pages(document: dict[str, Any]) -> dict[str, Any]:
    """``Paged_<module>.Listing_`` -> ``ListingPage``, in the schemas and every reference."""
    schemas = document["components"]["schemas"]
    names = {old: f"{m.group(1)}Page" for old in schemas if (m := _PAGE_NAME.match(old))}
    if not names:
        return document
    text = msgspec.json.encode(document).decode()
    for old, new in names.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = msgspec.json.decode(text)
    schemas = renamed["components"]["schemas"]
    for old, new in names.items():
        schemas[new] = schemas.pop(old)
    return renamed


#: Where an app keeps its completed document, made the first time a page of it is asked for.
_STATE_KEY = "openapi_document"


class _Completing(OpenAPIRenderPlugin):
    """A page that shows the document completed."""

    @staticmethod
    def completed(request: Request[Any, Any, Any], document: dict[str, Any]) -> dict[str, Any]:
        state = request.app.state
        found: dict[str, Any] | None = state.get(_STATE_KEY)
        if found is None:
            found = state[_STATE_KEY] = complete(document, request.app)
        return found


class CompleteJson(_Completing, JsonRenderPlugin):
    """``/docs/openapi.json``."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.completed(request, openapi_schema))


class CompleteSwagger(_Completing, SwaggerRenderPlugin):
    """``/docs``: Swagger UI."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.completed(request, openapi_schema))


class CompleteRedoc(_Completing, RedocRenderPlugin):
    """``/docs/redoc``: ReDoc."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.completed(request, openapi_schema))


__all__ = ["ASSETS", "BEARER", "ERROR", "assets_router", "complete", "openapi_config"]
