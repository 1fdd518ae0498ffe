"""Sellers' money at the HTTP edge: balances, statements, withdrawals and their review."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.money.routes import AdminWithdrawalsController, SellerMoneyController


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every money route (the same whatever the settings)."""
    return [SellerMoneyController, AdminWithdrawalsController]


__all__ = ["route_handlers"]
