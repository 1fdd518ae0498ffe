"""Errors of bookings: rentals, test drives, sale orders, promo codes and reviews."""

from __future__ import annotations

from bigauto.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed


class CannotBookOwnVehicle(PermissionDenied, code="CANNOT_BOOK_OWN_VEHICLE"):
    """A seller tried to rent, test-drive or buy their own vehicle."""


class OutsideOpeningHours(ValidationFailed, code="OUTSIDE_OPENING_HOURS"):
    """A test-drive slot that does not fit inside the seller's opening hours."""


class OfferBelowFloor(ValidationFailed, code="OFFER_BELOW_FLOOR"):
    """An offer below the minimum price the seller will consider (the floor is not disclosed)."""


class TestDriveSlotTaken(Conflict, code="TEST_DRIVE_SLOT_TAKEN"):
    """Another active test drive of the same vehicle overlaps the requested slot."""

    __test__ = False  # not a pytest test class, despite the name


class NegotiationLimitReached(Conflict, code="NEGOTIATION_LIMIT_REACHED"):
    """The seller has countered as many times as one sale order allows."""


class OrderAlreadyAccepted(Conflict, code="SALE_ORDER_ALREADY_ACCEPTED"):
    """Another sale order for the vehicle is already accepted, paid or in document processing."""


class ReviewNotAllowed(Conflict, code="REVIEW_NOT_ALLOWED"):
    """A review before the booking or order is complete, or a second one by the same side."""
