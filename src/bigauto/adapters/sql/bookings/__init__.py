"""Bookings in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.bookings.repositories import (
    SqlRentalRepository,
    SqlSaleOrderRepository,
    SqlTestDriveRepository,
)
from bigauto.adapters.sql.bookings.settings import (
    SqlCommissionRateRepository,
    SqlPromoCodeRepository,
    SqlReviewRepository,
    SqlSellerSettingsRepository,
)

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "rentals": SqlRentalRepository,
    "test_drives": SqlTestDriveRepository,
    "sale_orders": SqlSaleOrderRepository,
    "commission_rates": SqlCommissionRateRepository,
    "promo_codes": SqlPromoCodeRepository,
    "reviews": SqlReviewRepository,
    "seller_settings": SqlSellerSettingsRepository,
}

__all__ = ["REPOSITORIES"]
