"""Identity at the HTTP edge: accounts and sessions (``/api/auth``), profiles (``/api/users``)."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.identity.auth import AuthController
from bigauto.entrypoints.http.identity.users import UsersController


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every identity route (the same whatever the settings)."""
    return [AuthController, UsersController]


__all__ = ["route_handlers"]
