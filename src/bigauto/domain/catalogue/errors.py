"""Errors of the catalogue: a vehicle's calendar and the prices and promo codes of its listings."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict, ValidationFailed


class InvalidPromoCode(ValidationFailed, code="INVALID_PROMO_CODE"):
    """A promo code that does not exist, has expired, is used up or does not apply."""


class VehicleUnavailable(Conflict, code="VEHICLE_UNAVAILABLE"):
    """The period overlaps a booking, a live hold, an owner block or a turnaround buffer."""
