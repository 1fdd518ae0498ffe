"""Bookings in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from datetime import datetime

from bigauto.adapters.memory.bookings.repositories import (
    MemoryCommissionRateRepository,
    MemoryPromoCodeRepository,
    MemoryRentalRepository,
    MemoryReviewRepository,
    MemorySaleOrderRepository,
    MemorySellerSettingsRepository,
    MemoryTestDriveRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.money import Money

TABLES: TableDeclarations = {
    "rentals": dict[str, RentalBooking],
    # (booking_id, notice) -> when it was sent.
    "rental_notices": dict[tuple[str, str], datetime],
    "test_drives": dict[str, TestDrive],
    "sale_orders": dict[str, SaleOrder],
    # Set order -> rate.
    "commission_rates": dict[int, CommissionRate],
    "promo_codes": dict[str, PromoCode],
    "reviews": dict[str, Review],
    "opening_hours": dict[str, OpeningHours],
    "sale_floors": dict[str, Money],
}

REPOSITORIES: RepositoryDeclarations = {
    "rentals": MemoryRentalRepository,
    "test_drives": MemoryTestDriveRepository,
    "sale_orders": MemorySaleOrderRepository,
    "commission_rates": MemoryCommissionRateRepository,
    "promo_codes": MemoryPromoCodeRepository,
    "reviews": MemoryReviewRepository,
    "seller_settings": MemorySellerSettingsRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
