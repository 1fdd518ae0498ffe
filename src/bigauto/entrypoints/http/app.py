"""The Litestar application factory.

``create_app(settings)`` wires the container (adapters chosen from settings), the controllers,
the single error mapper, request-id logging, Prometheus metrics and the OpenAPI docs at
``/docs``, security headers on every response, rate limits (see ``ratelimit.py``) and the
identity routes. Resources (database engine, clients) open in the lifespan and close in its
``finally``; the outbox relay, and without NATS the worker, run there too (``background.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.types import ControllerRouterHandler

import bigauto
from bigauto.config import Settings
from bigauto.container import Container, aclose, build_container
from bigauto.entrypoints.http import (
    bookings,
    catalogue,
    chat,
    identity,
    money,
    notifications,
    payments,
)
from bigauto.entrypoints.http.api_docs import ContractDocumentation, assets_router, openapi_config
from bigauto.entrypoints.http.background import background
from bigauto.entrypoints.http.errors import EXCEPTION_HANDLERS
from bigauto.entrypoints.http.middleware import (
    GuardedRequest,
    nul_guard_middleware,
    request_id_middleware,
)
from bigauto.entrypoints.http.ratelimit import rate_limit_middleware
from bigauto.entrypoints.http.security_headers import security_headers
from bigauto.entrypoints.http.system import SystemController
from bigauto.entrypoints.observability import configure_logging
from bigauto.entrypoints.worker import BackgroundWork

#: The bounded contexts whose routes the app serves; each package's ``route_handlers(settings)``
#: lists its own. A new context adds itself here.
CONTEXTS = (identity, catalogue, bookings, payments, notifications, money, chat)


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False


def create_app(
    settings: Settings | None = None,
    *,
    container: Container | None = None,
    extra_handlers: Sequence[ControllerRouterHandler] = (),
) -> Litestar:
    """Build the HTTP + WebSocket service for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()
    container = container or build_container(settings)
    configure_logging(settings.runtime.log_level, json=settings.runtime.log_json)

    work = BackgroundWork.of(container)

    @asynccontextmanager
    async def resources(app: Litestar) -> AsyncIterator[None]:
        try:
            async with background(settings, work):
                yield
        finally:
            await aclose(container)

    prometheus = PrometheusConfig(
        app_name="bigauto", prefix="bigauto", group_path=True, exclude=["/metrics"]
    )
    handlers: list[ControllerRouterHandler] = [
        SystemController,
        MetricsController,
        assets_router(),
        *(handler for context in CONTEXTS for handler in context.route_handlers(settings)),
        *extra_handlers,
    ]
    app_state: dict[str, Any] = {
        "container": container,
        "settings": settings,
        "rate_limits": settings.runtime.effective_rate_limits,
        "outbox_relay": work.relay,
        "worker": work,
    }
    return Litestar(
        route_handlers=handlers,
        lifespan=[resources],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[
            request_id_middleware,
            nul_guard_middleware,
            prometheus.middleware,
            rate_limit_middleware,
        ],
        request_class=GuardedRequest,
        before_send=[security_headers],
        cors_config=CORSConfig(
            allow_origins=[settings.runtime.frontend_url],
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["authorization", "content-type", "idempotency-key"],
            allow_credentials=False,
        ),
        openapi_config=openapi_config(bigauto.__version__, CONTEXTS),
        plugins=[ContractDocumentation()],
        request_max_body_size=settings.runtime.max_body_bytes,
        logging_config=None,  # configure_logging above owns logging; Litestar's would print text
        state=State(app_state),
        debug=False,
    )


__all__ = ["create_app"]
