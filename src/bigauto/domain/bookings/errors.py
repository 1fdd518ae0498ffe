"""Errors of bookings: rentals, test drives, sale orders, promo codes and reviews."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed


class InvalidPromoCode(ValidationFailed):
    """A promo code that does not exist, has expired, is used up or does not apply."""

    code = "INVALID_PROMO_CODE"


class CannotBookOwnVehicle(PermissionDenied):
    """A seller tried to rent, test-drive or buy their own vehicle."""

    code = "CANNOT_BOOK_OWN_VEHICLE"


class OutsideOpeningHours(ValidationFailed):
    """A test-drive slot that does not fit inside the seller's opening hours."""

    code = "OUTSIDE_OPENING_HOURS"


class OfferBelowFloor(ValidationFailed):
    """An offer below the minimum price the seller will consider (the floor is not disclosed)."""

    code = "OFFER_BELOW_FLOOR"


class VehicleUnavailable(Conflict):
    """The period overlaps a booking, a live hold, an owner block or a turnaround buffer."""

    code = "VEHICLE_UNAVAILABLE"


class TestDriveSlotTaken(Conflict):
    """Another active test drive of the same vehicle overlaps the requested slot."""

    __test__ = False  # not a pytest test class, despite the name

    code = "TEST_DRIVE_SLOT_TAKEN"


class NegotiationLimitReached(Conflict):
    """The seller has countered as many times as one sale order allows."""

    code = "NEGOTIATION_LIMIT_REACHED"


class OrderAlreadyAccepted(Conflict):
    """Another sale order for the vehicle is already accepted, paid or in document processing."""

    code = "SALE_ORDER_ALREADY_ACCEPTED"


class ReviewNotAllowed(Conflict):
    """A review before the booking or order is complete, or a second one by the same side."""

    code = "REVIEW_NOT_ALLOWED"
