"""The API documents itself: ``/docs`` (Swagger UI), ``/docs/redoc`` and ``/docs/openapi.json``.

Litestar writes the OpenAPI document from the handlers' typed signatures: request bodies,
parameters with their bounds, success responses. :class:`ContractDocumentation` (a plugin the
app installs) adds, as each route is registered, what a signature cannot say, from what the app
knows of the route, so ``app.openapi_schema`` and the served document are one and the same:

* the error responses an operation can give, each the one ``Error`` schema
  (``{"error": {"code", "message", "details"}}``): 401 and 403 where a token is read, 404 where
  something is looked up, 409 for a change, 413 and 415 for an upload, 422 wherever there is
  input, 429 where a rate limit counts, 503 everywhere a backend is asked; and not the 400 shape
  Litestar assumes, which this API never sends (a bad request is a 422);
* the ``bearerAuth`` security requirement on the operations that need a token (optional on
  those that read one when it is there);
* one tag per bounded context.

The viewers' scripts and styles ship in the package (``vendor/``), so the pages work offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from litestar import Router
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import (
    JsonRenderPlugin,
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    SwaggerRenderPlugin,
)
from litestar.openapi.spec import Components, Operation, SecurityScheme, Tag
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.static_files import create_static_files_router

from bigauto.entrypoints.http import auth
from bigauto.entrypoints.http.contract import Error

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


def openapi_config(version: str, contexts: Iterable[ModuleType]) -> OpenAPIConfig:
    """The document's frame and its pages; every context gets its tag, described by the first
    paragraph of its package's docstring."""
    tags = [Tag(name=_context_name(c), description=_summary(c)) for c in contexts]
    tags.append(Tag(name="system", description="Liveness and readiness of the service."))
    plugins: list[OpenAPIRenderPlugin] = [
        SwaggerRenderPlugin(
            path="/",
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=_FAVICON,
        ),
        RedocRenderPlugin(
            path="/redoc",
            js_url=f"{ASSETS}/redoc.standalone.js",
            google_fonts=False,
            favicon=_FAVICON,
        ),
        JsonRenderPlugin(),
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


class ContractDocumentation(ReceiveRoutePlugin):
    """Completes each route's documentation as the app registers it (see the module doc), so the
    document is whole wherever it is read: ``app.openapi_schema`` or ``/docs/openapi.json``."""

    def receive_route(self, route: BaseRoute) -> None:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if handler.resolve_include_in_schema():
                    _document(handler, route.path)


_RESERVED = frozenset({"request", "state", "data", "scope", "headers", "cookies", "query", "body"})


def _document(handler: HTTPRouteHandler, path: str) -> None:
    principal = _principal(handler)
    parameters = handler.parsed_fn_signature.parameters
    data = parameters.get("data")
    inputs = set(parameters) - _RESERVED - set(handler.resolve_dependencies())
    writes = bool({m.lower() for m in handler.http_methods} & _WRITES)
    statuses = {503}
    if principal is not None:
        statuses |= {401, 403, 404}
        requirement: list[dict[str, list[str]]] = [{BEARER: []}]
        handler.security = requirement if principal in _REQUIRED else [{}, *requirement]
    if not path.startswith(_SYSTEM_PATHS):
        statuses.add(429)
    if inputs or data is not None or "{" in path:
        statuses.add(422)
    if "{" in path or data is not None:
        statuses.add(404)
    if writes:
        statuses.add(409)
    if data is not None:
        statuses.add(413)
        media = getattr(data.kwarg_definition, "media_type", None)
        if media == RequestEncodingType.MULTI_PART:
            statuses.add(415)
    # A handler's own failures (``opt={"errors": {401: "why"}}``): a webhook's bad signature.
    described = {**ERROR_STATUSES, **handler.opt.get("errors", {})}
    statuses |= set(handler.opt.get("errors", {}))
    errors = {
        status: ResponseSpec(Error, description=described[status], generate_examples=False)
        for status in statuses
    }
    handler.responses = {**errors, **(handler.responses or {})}
    handler.operation_class = _operation_class(_tag_of(handler))


@dataclass
class _ContractOperation(Operation):
    """An operation of one context, without the 400 shape Litestar assumes (the API answers a
    request it cannot parse with a 422)."""

    tag: ClassVar[str] = "system"

    def __post_init__(self) -> None:
        self.tags = [self.tag]
        if self.responses:
            self.responses.pop("400", None)


_OPERATION_CLASSES: dict[str, type[Operation]] = {}


def _operation_class(tag: str) -> type[Operation]:
    found = _OPERATION_CLASSES.get(tag)
    if found is None:
        name = f"{tag.title()}Operation"
        found = _OPERATION_CLASSES[tag] = type(name, (_ContractOperation,), {"tag": tag})
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


__all__ = ["ASSETS", "BEARER", "ERROR", "ContractDocumentation", "assets_router", "openapi_config"]
