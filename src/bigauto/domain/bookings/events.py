"""The names of the bookings context's domain events: rentals, sale orders, test drives, reviews.

These are wire names: the outbox stores them, NATS subjects carry them, handlers subscribe to
them and notifications are keyed by them. Renaming one is a migration of everything downstream,
so each is spelled here once and every table, service, handler and test says the constant.

>>> RentalEvents.PAID, SaleOrderEvents.OFFERED
('rental.paid', 'sale_order.offered')
"""

from __future__ import annotations

from typing import Final


class RentalEvents:
    """What a rental booking announces (``pickup_reminder`` and ``overdue`` are timer notices)."""

    REQUESTED: Final = "rental.requested"
    PAID: Final = "rental.paid"
    CONFIRMED: Final = "rental.confirmed"
    STARTED: Final = "rental.started"
    COMPLETED: Final = "rental.completed"
    CANCELLED: Final = "rental.cancelled"
    PICKUP_REMINDER: Final = "rental.pickup_reminder"
    OVERDUE: Final = "rental.overdue"


class SaleOrderEvents:
    """What an offer to buy a vehicle announces, from the offer to the last document."""

    OFFERED: Final = "sale_order.offered"
    ACCEPTED: Final = "sale_order.accepted"
    REJECTED: Final = "sale_order.rejected"
    COUNTERED: Final = "sale_order.countered"
    COUNTER_ACCEPTED: Final = "sale_order.counter_accepted"
    DECLINED: Final = "sale_order.declined"
    PAID: Final = "sale_order.paid"
    DOCUMENTS_STARTED: Final = "sale_order.documents_started"
    DOCUMENTS_TRANSFERRED: Final = "sale_order.documents_transferred"
    COMPLETED: Final = "sale_order.completed"
    CANCELLED: Final = "sale_order.cancelled"


class TestDriveEvents:
    """What a test-drive appointment announces."""

    __test__ = False  # not a pytest test class, despite the name

    REQUESTED: Final = "test_drive.requested"
    CONFIRMED: Final = "test_drive.confirmed"
    COMPLETED: Final = "test_drive.completed"
    CANCELLED: Final = "test_drive.cancelled"
    NO_SHOW: Final = "test_drive.no_show"


class ReviewEvents:
    """What a review of a finished deal announces."""

    CREATED: Final = "review.created"


__all__ = ["RentalEvents", "ReviewEvents", "SaleOrderEvents", "TestDriveEvents"]
