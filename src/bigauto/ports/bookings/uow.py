"""The repositories bookings adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.bookings.repositories import (
    CommissionRateRepository,
    PromoCodeRepository,
    RentalRepository,
    ReviewRepository,
    SaleOrderRepository,
    SellerSettingsRepository,
    TestDriveRepository,
)


class BookingsRepositories(Protocol):
    """The deals (rentals, test drives, sale orders) and what prices and rates them: commission
    rates, promo codes, reviews and the sellers' settings."""

    rentals: RentalRepository
    test_drives: TestDriveRepository
    sale_orders: SaleOrderRepository
    commission_rates: CommissionRateRepository
    promo_codes: PromoCodeRepository
    reviews: ReviewRepository
    seller_settings: SellerSettingsRepository
