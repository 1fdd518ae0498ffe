"""Notifications at the HTTP edge: the bell and the email preferences."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.notifications.routes import (
    NotificationPreferencesController,
    NotificationsController,
)


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every notification route (the same whatever the settings)."""
    return [NotificationsController, NotificationPreferencesController]


__all__ = ["route_handlers"]
