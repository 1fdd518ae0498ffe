"""The booking context at the HTTP edge: rentals and quotes, test drives and opening hours, sale
orders and floor prices, reviews, admin pricing."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from bigauto.config import Settings
from bigauto.entrypoints.http.bookings.admin_pricing import AdminPricingController
from bigauto.entrypoints.http.bookings.rentals import QuoteController, RentalController
from bigauto.entrypoints.http.bookings.reviews import ReviewController
from bigauto.entrypoints.http.bookings.sale_orders import SaleFloorController, SaleOrderController
from bigauto.entrypoints.http.bookings.test_drives import (
    OpeningHoursController,
    TestDriveController,
)


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    """Every booking route (the same whatever the settings)."""
    return [
        QuoteController,
        RentalController,
        TestDriveController,
        OpeningHoursController,
        SaleOrderController,
        SaleFloorController,
        ReviewController,
        AdminPricingController,
    ]


__all__ = ["route_handlers"]
