"""The names of the bookings context's domain events: rentals, sale orders, test drives, reviews.

These are wire names: the outbox stores them, NATS subjects carry them, handlers subscribe to
them and notifications are keyed by them. Renaming one is a migration of everything downstream,
so each is spelled here once and every table, service, handler and test says the constant. A
member is its name as a string (``DomainEvent`` keeps the plain string):

>>> RentalEvents.PAID == "rental.paid", f"events.{SaleOrderEvents.OFFERED}"
(True, 'events.sale_order.offered')
"""

from __future__ import annotations

import enum


class RentalEvents(enum.StrEnum):
    """What a rental booking announces (``pickup_reminder`` and ``overdue`` are timer notices)."""

    REQUESTED = "rental.requested"
    PAID = "rental.paid"
    CONFIRMED = "rental.confirmed"
    STARTED = "rental.started"
    COMPLETED = "rental.completed"
    CANCELLED = "rental.cancelled"
    PICKUP_REMINDER = "rental.pickup_reminder"
    OVERDUE = "rental.overdue"


class SaleOrderEvents(enum.StrEnum):
    """What an offer to buy a vehicle announces, from the offer to the last document."""

    OFFERED = "sale_order.offered"
    ACCEPTED = "sale_order.accepted"
    REJECTED = "sale_order.rejected"
    COUNTERED = "sale_order.countered"
    COUNTER_ACCEPTED = "sale_order.counter_accepted"
    DECLINED = "sale_order.declined"
    PAID = "sale_order.paid"
    DOCUMENTS_STARTED = "sale_order.documents_started"
    DOCUMENTS_TRANSFERRED = "sale_order.documents_transferred"
    COMPLETED = "sale_order.completed"
    CANCELLED = "sale_order.cancelled"


class TestDriveEvents(enum.StrEnum):
    """What a test-drive appointment announces."""

    __test__ = False  # not a pytest test class, despite the name

    REQUESTED = "test_drive.requested"
    CONFIRMED = "test_drive.confirmed"
    COMPLETED = "test_drive.completed"
    CANCELLED = "test_drive.cancelled"
    NO_SHOW = "test_drive.no_show"


class ReviewEvents(enum.StrEnum):
    """What a review of a finished deal announces."""

    CREATED = "review.created"


__all__ = ["RentalEvents", "ReviewEvents", "SaleOrderEvents", "TestDriveEvents"]
