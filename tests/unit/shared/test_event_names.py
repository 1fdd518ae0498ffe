"""Event names are declared once per context, and their wire spelling never changes."""

from __future__ import annotations

from datetime import UTC, datetime

from bigauto.domain.bookings.events import (
    RentalEvents,
    ReviewEvents,
    SaleOrderEvents,
    TestDriveEvents,
)
from bigauto.domain.bookings.lifecycles import RENTAL, SALE_ORDER, TEST_DRIVE
from bigauto.domain.catalogue.events import VehicleEvents
from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.identity.events import AuthEvents, UserEvents
from bigauto.domain.money.events import WithdrawalEvents
from bigauto.domain.money.lifecycle import WITHDRAWAL
from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.payments.lifecycle import PAYMENT
from bigauto.domain.shared.events import DomainEvent, RuntimeEvents
from bigauto.services.notifications.rules import NOTIFYING_EVENTS

CATALOGUES = (
    RentalEvents,
    SaleOrderEvents,
    TestDriveEvents,
    ReviewEvents,
    PaymentEvents,
    WithdrawalEvents,
    UserEvents,
    AuthEvents,
    VehicleEvents,
    ChatEvents,
    RuntimeEvents,
)


def _declared() -> set[str]:
    return {str(name) for catalogue in CATALOGUES for name in catalogue}


def test_the_wire_names_are_the_ones_the_outbox_nats_and_notifications_already_use() -> None:
    """Renaming an event would orphan stored outbox rows, subscriptions and handler records."""
    assert _declared() == {
        "rental.requested",
        "rental.paid",
        "rental.confirmed",
        "rental.started",
        "rental.completed",
        "rental.cancelled",
        "rental.pickup_reminder",
        "rental.overdue",
        "sale_order.offered",
        "sale_order.accepted",
        "sale_order.rejected",
        "sale_order.countered",
        "sale_order.counter_accepted",
        "sale_order.declined",
        "sale_order.paid",
        "sale_order.documents_started",
        "sale_order.documents_transferred",
        "sale_order.completed",
        "sale_order.cancelled",
        "test_drive.requested",
        "test_drive.confirmed",
        "test_drive.completed",
        "test_drive.cancelled",
        "test_drive.no_show",
        "review.created",
        "payment.paid",
        "payment.failed",
        "payment.expired",
        "payment.refunded",
        "payment.partially_refunded",
        "payment.refund_requested",
        "withdrawal.requested",
        "withdrawal.approved",
        "withdrawal.rejected",
        "withdrawal.paid",
        "user.registered",
        "auth.otp_requested",
        "vehicle.listed",
        "vehicle.updated",
        "vehicle.deleted",
        "chat.message_sent",
        "chat.fanout_pending",
        "dead_letter.replayed",
    }


def test_every_lifecycle_emits_only_declared_events() -> None:
    """A transition table cannot invent an event name the context does not declare."""
    emitted = {
        row.emits
        for machine in (RENTAL, SALE_ORDER, TEST_DRIVE, PAYMENT, WITHDRAWAL)
        for row in machine.transitions
    }
    assert emitted <= _declared()


def test_an_event_keeps_its_name_as_a_plain_string() -> None:
    """Stored, published and logged, a name is the wire string, never the enum member."""
    event = DomainEvent(RentalEvents.PAID, "e-1", datetime(2026, 1, 1, tzinfo=UTC), "rental", "r")
    assert type(event.name) is str and event.name == "rental.paid"


def test_notifications_react_only_to_declared_events() -> None:
    """A notification rule keyed by a misspelt name would never fire."""
    assert set(NOTIFYING_EVENTS) <= _declared()
