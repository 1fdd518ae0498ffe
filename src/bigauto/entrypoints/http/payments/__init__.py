"""Payments at the HTTP edge: checkout, the Midtrans notification endpoint, and the embedded
sandbox's checkout pages when it is the gateway."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.payments.routes import PaymentController, SandboxController


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every payment route for these settings."""
    handlers: list[ControllerRouterHandler] = [PaymentController]
    if settings.payments.gateway == "sandbox":
        handlers.append(SandboxController)
    return handlers


__all__ = ["route_handlers"]
