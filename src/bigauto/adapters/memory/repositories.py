"""In-memory repositories over a unit of work's private copy of the tables.

They behave like the SQL ones, down to the details a caller could notice: emails normalised
and unique, listings in the same order, payloads only as JSON can carry them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

import attrs

from bigauto.domain.accounts import User, normalise_email
from bigauto.domain.availability import CalendarEntry
from bigauto.domain.catalogue import Brand, CarModel, City, Photo, Vehicle
from bigauto.domain.chat import Attachment, Conversation, Message
from bigauto.domain.commission import CommissionRate
from bigauto.domain.errors import Conflict, CurrencyMismatch, EmailTaken, NotFound
from bigauto.domain.events import DomainEvent
from bigauto.domain.identity import AuditEntry, OneTimeSecret, RefreshSession, Revocation
from bigauto.domain.ledger import Account, LedgerTransaction
from bigauto.domain.money import Money
from bigauto.domain.notifications import Notification, NotificationPreferences
from bigauto.domain.payment_records import Payment, Refund, SecurityIncident
from bigauto.domain.promo import PromoCode
from bigauto.domain.rentals import RentalBooking
from bigauto.domain.reviews import Review
from bigauto.domain.sales import SaleOrder
from bigauto.domain.test_drives import OpeningHours, TestDrive
from bigauto.domain.withdrawals import Withdrawal
from bigauto.ports.bookings import IdempotencyRecord
from bigauto.ports.ledger import LedgerLine
from bigauto.ports.notifications import ChatEmailWindow
from bigauto.ports.repositories import OutboxRecord
from bigauto.ports.worker import DeadLetter


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
    # Notifications and the worker's bookkeeping (see memory/notifications.py, memory/worker.py).
    notifications: dict[str, Notification] = attrs.Factory(dict)
    notification_preferences: dict[str, NotificationPreferences] = attrs.Factory(dict)
    chat_email_windows: dict[tuple[str, str], ChatEmailWindow] = attrs.Factory(dict)
    processed_events: dict[tuple[str, str], datetime] = attrs.Factory(dict)
    dead_letters: dict[str, DeadLetter] = attrs.Factory(dict)
    timer_runs: dict[str, datetime] = attrs.Factory(dict)
    # The ledger and withdrawals (see memory/money.py).
    ledger_transactions: dict[str, LedgerTransaction] = attrs.Factory(dict)
    ledger_lines: dict[int, LedgerLine] = attrs.Factory(dict)
    account_balances: dict[tuple[Account, str], int] = attrs.Factory(dict)
    withdrawals: dict[str, Withdrawal] = attrs.Factory(dict)
    # Bookings (see memory/bookings.py).
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
    # Chat (see memory/chat.py): conversations carry their participants.
    conversations: dict[str, Conversation] = attrs.Factory(dict)
    messages: dict[str, Message] = attrs.Factory(dict)
    chat_attachments: dict[str, Attachment] = attrs.Factory(dict)
    # Payments (see memory/payments.py).
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


T = TypeVar("T")


def _email_taken(email: str) -> EmailTaken:
    return EmailTaken("this email address is already registered", details={"email": email})


class MemoryUserRepository:
    """Users in a dict; emails normalised and unique."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def _email_owner(self, email: str) -> str | None:
        return next((u.id for u in self._t.users.values() if u.email == email), None)

    async def add(self, user: User) -> None:
        user = attrs.evolve(user, email=normalise_email(user.email))
        if self._email_owner(user.email) is not None:
            raise _email_taken(user.email)
        if user.id in self._t.users:
            raise Conflict(f"user {user.id} already exists", details={"id": user.id})
        self._t.users[user.id] = user

    async def get(self, user_id: str) -> User | None:
        return self._t.users.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        owner = self._email_owner(normalise_email(email))
        return self._t.users[owner] if owner is not None else None

    async def update(self, user: User) -> None:
        user = attrs.evolve(user, email=normalise_email(user.email))
        old = self._t.users.get(user.id)
        if old is None:
            raise NotFound(f"no user {user.id}", details={"id": user.id})
        owner = self._email_owner(user.email)
        if owner is not None and owner != user.id:
            raise _email_taken(user.email)
        # created_at is fixed at creation, as in the SQL table.
        self._t.users[user.id] = attrs.evolve(user, created_at=old.created_at)

    async def count(self) -> int:
        return len(self._t.users)


def _put(table: dict[str, T], key: str, value: T, what: str) -> None:
    if key in table:
        raise Conflict(f"{what} {key} cannot be added", details={"id": key})
    table[key] = value


class MemoryCatalogueRepository:
    """Brands, models and cities in dicts, listed by name."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add_brand(self, brand: Brand) -> None:
        _put(self._t.brands, brand.id, brand, "brand")

    async def add_model(self, model: CarModel) -> None:
        _put(self._t.models, model.id, model, "model")

    async def add_city(self, city: City) -> None:
        _put(self._t.cities, city.id, city, "city")

    async def brands(self) -> Sequence[Brand]:
        return sorted(self._t.brands.values(), key=lambda b: (b.name, b.id))

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        mine = (m for m in self._t.models.values() if m.brand_id == brand_id)
        return sorted(mine, key=lambda m: (m.name, m.id))

    async def cities(self) -> Sequence[City]:
        return sorted(self._t.cities.values(), key=lambda c: (c.name, c.id))

    async def get_brand(self, brand_id: str) -> Brand | None:
        return self._t.brands.get(brand_id)

    async def get_model(self, model_id: str) -> CarModel | None:
        return self._t.models.get(model_id)

    async def get_city(self, city_id: str) -> City | None:
        return self._t.cities.get(city_id)


def _check_one_currency(vehicle: Vehicle) -> None:
    """A listing is priced in one currency (the SQL table has a single currency column)."""
    amounts = (
        vehicle.price,
        vehicle.daily_rate,
        vehicle.weekly_rate,
        vehicle.monthly_rate,
        vehicle.deposit,
    )
    currencies = sorted({money.currency for money in amounts if money is not None})
    if len(currencies) > 1:
        raise CurrencyMismatch(
            f"a listing's amounts must share one currency, not {currencies}",
            details={"vehicle_id": vehicle.id, "currencies": currencies},
        )


class MemoryVehicleRepository:
    """Vehicle listings in a dict."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, vehicle: Vehicle) -> None:
        _check_one_currency(vehicle)
        if vehicle.id in self._t.vehicles:
            raise Conflict(f"vehicle {vehicle.id} cannot be added", details={"id": vehicle.id})
        self._t.vehicles[vehicle.id] = vehicle

    async def get(self, vehicle_id: str) -> Vehicle | None:
        vehicle = self._t.vehicles.get(vehicle_id)
        return vehicle if vehicle is not None and not vehicle.is_deleted else None

    async def update(self, vehicle: Vehicle) -> None:
        _check_one_currency(vehicle)
        old = self._t.vehicles.get(vehicle.id)
        if old is None or old.is_deleted:
            raise NotFound(f"no vehicle {vehicle.id}", details={"id": vehicle.id})
        self._t.vehicles[vehicle.id] = attrs.evolve(vehicle, created_at=old.created_at)

    async def list_by_seller(self, seller_id: str) -> Sequence[Vehicle]:
        mine = (
            v for v in self._t.vehicles.values() if v.seller_id == seller_id and not v.is_deleted
        )
        return sorted(mine, key=lambda v: (v.created_at, v.id), reverse=True)

    async def count(self) -> int:
        return sum(1 for v in self._t.vehicles.values() if not v.is_deleted)


class MemoryOutboxRepository:
    """Events kept with the rest of the unit of work's changes."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, event: DomainEvent) -> None:
        # Through JSON and back, so a payload the database could not store fails here too.
        payload = json.loads(json.dumps(dict(event.payload)))
        if event.event_id in self._t.outbox:
            raise Conflict(f"event {event.event_id} is already in the outbox")
        self._t.outbox[event.event_id] = OutboxRecord(attrs.evolve(event, payload=payload))

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        waiting = [r for r in self._t.outbox.values() if r.published_at is None]
        waiting.sort(key=lambda r: (r.event.occurred_at, r.event.event_id))
        return waiting[:limit]

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None:
        for event_id in event_ids:
            record = self._t.outbox.get(event_id)
            if record is not None:
                self._t.outbox[event_id] = attrs.evolve(record, published_at=at)

    async def mark_failed(self, event_id: str) -> None:
        record = self._t.outbox.get(event_id)
        if record is not None:
            self._t.outbox[event_id] = attrs.evolve(record, attempts=record.attempts + 1)


__all__ = [
    "CalendarRow",
    "MemoryCatalogueRepository",
    "MemoryOutboxRepository",
    "MemoryUserRepository",
    "MemoryVehicleRepository",
    "Tables",
]
