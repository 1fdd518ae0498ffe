"""The in-memory database: one dict per table, copied whole on commit."""

from __future__ import annotations

from datetime import datetime

import attrs

from bigauto.domain.bookings.promo import PromoCode
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.bookings.test_drives import OpeningHours, TestDrive
from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.catalogue.vehicles import Brand, CarModel, City, Photo, Vehicle
from bigauto.domain.chat.conversations import Attachment, Conversation, Message
from bigauto.domain.identity.accounts import User
from bigauto.domain.identity.records import AuditEntry, OneTimeSecret, RefreshSession, Revocation
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.money.ledger import Account, LedgerTransaction
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.domain.notifications.inbox import Notification, NotificationPreferences
from bigauto.domain.payments.payment import Payment, Refund, SecurityIncident
from bigauto.domain.shared.money import Money
from bigauto.ports.money.repositories import LedgerLine
from bigauto.ports.notifications.repositories import ChatEmailWindow
from bigauto.ports.runtime.idempotency import IdempotencyRecord
from bigauto.ports.runtime.outbox import OutboxRecord
from bigauto.ports.runtime.worker import DeadLetter


@attrs.frozen
class CalendarRow:
    """One row of the vehicle calendar, as the SQL table keeps it."""

    vehicle_id: str
    entry: CalendarEntry
    created_at: datetime
    note: str = ""
    active: bool = True
    removed_at: datetime | None = None


@attrs.define
class Tables:
    """The whole in-memory database: one dict per table, keyed by id (outbox in insert order)."""

    users: dict[str, User] = attrs.Factory(dict)
    brands: dict[str, Brand] = attrs.Factory(dict)
    models: dict[str, CarModel] = attrs.Factory(dict)
    cities: dict[str, City] = attrs.Factory(dict)
    vehicles: dict[str, Vehicle] = attrs.Factory(dict)
    outbox: dict[str, OutboxRecord] = attrs.Factory(dict)
    sessions: dict[str, RefreshSession] = attrs.Factory(dict)
    secrets: dict[str, OneTimeSecret] = attrs.Factory(dict)
    revocations: dict[str, Revocation] = attrs.Factory(dict)
    audit: dict[str, AuditEntry] = attrs.Factory(dict)
    photos: dict[str, Photo] = attrs.Factory(dict)
    #: (user_id, vehicle_id) -> when it was favorited.
    favorites: dict[tuple[str, str], datetime] = attrs.Factory(dict)
    #: Row number -> calendar row (rows are never deleted, only deactivated).
    calendar: dict[int, CalendarRow] = attrs.Factory(dict)
    # Notifications and the worker's bookkeeping (see notifications/, runtime/).
    notifications: dict[str, Notification] = attrs.Factory(dict)
    notification_preferences: dict[str, NotificationPreferences] = attrs.Factory(dict)
    chat_email_windows: dict[tuple[str, str], ChatEmailWindow] = attrs.Factory(dict)
    processed_events: dict[tuple[str, str], datetime] = attrs.Factory(dict)
    dead_letters: dict[str, DeadLetter] = attrs.Factory(dict)
    timer_runs: dict[str, datetime] = attrs.Factory(dict)
    # The ledger and withdrawals (see money/).
    ledger_transactions: dict[str, LedgerTransaction] = attrs.Factory(dict)
    ledger_lines: dict[int, LedgerLine] = attrs.Factory(dict)
    account_balances: dict[tuple[Account, str], int] = attrs.Factory(dict)
    withdrawals: dict[str, Withdrawal] = attrs.Factory(dict)
    # Bookings (see bookings/).
    rentals: dict[str, RentalBooking] = attrs.Factory(dict)
    #: (booking_id, notice) -> when it was sent.
    rental_notices: dict[tuple[str, str], datetime] = attrs.Factory(dict)
    test_drives: dict[str, TestDrive] = attrs.Factory(dict)
    sale_orders: dict[str, SaleOrder] = attrs.Factory(dict)
    #: Set order -> rate.
    commission_rates: dict[int, CommissionRate] = attrs.Factory(dict)
    promo_codes: dict[str, PromoCode] = attrs.Factory(dict)
    reviews: dict[str, Review] = attrs.Factory(dict)
    opening_hours: dict[str, OpeningHours] = attrs.Factory(dict)
    sale_floors: dict[str, Money] = attrs.Factory(dict)
    #: (user_id, route, key) -> record.
    idempotency: dict[tuple[str, str, str], IdempotencyRecord] = attrs.Factory(dict)
    # Chat (see chat/): conversations carry their participants.
    conversations: dict[str, Conversation] = attrs.Factory(dict)
    messages: dict[str, Message] = attrs.Factory(dict)
    chat_attachments: dict[str, Attachment] = attrs.Factory(dict)
    # Payments (see payments/).
    payments: dict[str, Payment] = attrs.Factory(dict)
    refunds: dict[str, Refund] = attrs.Factory(dict)
    security_incidents: dict[str, SecurityIncident] = attrs.Factory(dict)

    def copy(self) -> Tables:
        # Values are frozen, so copying the dicts is a full snapshot.
        return Tables(**{field.name: dict(getattr(self, field.name)) for field in _FIELDS})

    def load(self, other: Tables) -> None:
        """Become a snapshot of ``other`` (in place, so repositories keep their reference)."""
        for field in _FIELDS:
            setattr(self, field.name, dict(getattr(other, field.name)))


_FIELDS = attrs.fields(Tables)
