"""Bookings in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.bookings.repositories import (
    MemoryCommissionRateRepository,
    MemoryPromoCodeRepository,
    MemoryRentalRepository,
    MemoryReviewRepository,
    MemorySaleOrderRepository,
    MemorySellerSettingsRepository,
    MemoryTestDriveRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "rentals": MemoryRentalRepository,
    "test_drives": MemoryTestDriveRepository,
    "sale_orders": MemorySaleOrderRepository,
    "commission_rates": MemoryCommissionRateRepository,
    "promo_codes": MemoryPromoCodeRepository,
    "reviews": MemoryReviewRepository,
    "seller_settings": MemorySellerSettingsRepository,
}

__all__ = ["REPOSITORIES"]
