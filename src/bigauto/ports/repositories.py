"""Repositories and the unit of work that holds them.

A unit of work is an async context manager: everything done through its repositories inside
``async with uow:`` is one transaction that is rolled back unless ``commit()`` is called. Events
added with ``uow.outbox.add`` are stored in that same transaction (the transactional outbox).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

import attrs

from bigauto.domain.accounts import User
from bigauto.domain.catalogue import Brand, CarModel, City, Vehicle
from bigauto.domain.events import DomainEvent
from bigauto.ports.bookings import (
    CommissionRateRepository,
    IdempotencyRepository,
    PromoCodeRepository,
    RentalRepository,
    ReviewRepository,
    SaleOrderRepository,
    SellerSettingsRepository,
    TestDriveRepository,
)
from bigauto.ports.catalogue import (
    CalendarRepository,
    FavoriteRepository,
    PhotoRepository,
    VehicleSearch,
)
from bigauto.ports.chat import (
    AttachmentRepository,
    ConversationRepository,
    MessageRepository,
)
from bigauto.ports.identity import (
    AuditLog,
    OneTimeSecretRepository,
    RevocationRepository,
    SessionRepository,
)
from bigauto.ports.ledger import LedgerRepository, WithdrawalRepository
from bigauto.ports.notifications import (
    ChatEmailThrottleRepository,
    NotificationPreferenceRepository,
    NotificationRepository,
)
from bigauto.ports.payment_records import (
    PaymentRepository,
    RefundRepository,
    SecurityIncidentRepository,
)
from bigauto.ports.worker import (
    DeadLetterRepository,
    ProcessedEventRepository,
    TimerRunRepository,
)


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; raises ``Conflict`` (code EMAIL_TAKEN) when the email is taken."""

    async def get(self, user_id: str) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None:
        """Look up by email, case-insensitively."""

    async def update(self, user: User) -> None: ...

    async def count(self) -> int: ...


class CatalogueRepository(Protocol):
    async def add_brand(self, brand: Brand) -> None: ...

    async def add_model(self, model: CarModel) -> None: ...

    async def add_city(self, city: City) -> None: ...

    async def brands(self) -> Sequence[Brand]:
        """All brands, by name."""

    async def models(self, brand_id: str) -> Sequence[CarModel]:
        """The models of one brand, by name."""

    async def cities(self) -> Sequence[City]:
        """All cities, by name."""

    async def get_brand(self, brand_id: str) -> Brand | None: ...

    async def get_model(self, model_id: str) -> CarModel | None: ...

    async def get_city(self, city_id: str) -> City | None: ...


class VehicleRepository(Protocol):
    async def add(self, vehicle: Vehicle) -> None: ...

    async def get(self, vehicle_id: str) -> Vehicle | None:
        """A listing that is not deleted (soft-deleted ones are history, not listings)."""

    async def update(self, vehicle: Vehicle) -> None: ...

    async def list_by_seller(self, seller_id: str) -> Sequence[Vehicle]:
        """A seller's vehicles, newest first."""

    async def count(self) -> int: ...


@attrs.frozen
class OutboxRecord:
    """An event waiting in the outbox, with how often publishing it has been tried."""

    event: DomainEvent
    attempts: int = 0
    published_at: datetime | None = None


class OutboxRepository(Protocol):
    async def add(self, event: DomainEvent) -> None:
        """Store an event in the current transaction."""

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        """Unpublished events, oldest first."""

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None: ...

    async def mark_failed(self, event_id: str) -> None:
        """Count one more failed publishing attempt."""


class UnitOfWork(Protocol):
    users: UserRepository
    catalogue: CatalogueRepository
    vehicles: VehicleRepository
    outbox: OutboxRepository
    sessions: SessionRepository
    secrets: OneTimeSecretRepository
    revocations: RevocationRepository
    audit: AuditLog
    photos: PhotoRepository
    favorites: FavoriteRepository
    calendar: CalendarRepository
    search: VehicleSearch
    notifications: NotificationRepository
    notification_preferences: NotificationPreferenceRepository
    chat_email_throttle: ChatEmailThrottleRepository
    processed_events: ProcessedEventRepository
    dead_letters: DeadLetterRepository
    timer_runs: TimerRunRepository
    ledger: LedgerRepository
    withdrawals: WithdrawalRepository
    rentals: RentalRepository
    test_drives: TestDriveRepository
    sale_orders: SaleOrderRepository
    commission_rates: CommissionRateRepository
    promo_codes: PromoCodeRepository
    reviews: ReviewRepository
    seller_settings: SellerSettingsRepository
    idempotency: IdempotencyRepository
    conversations: ConversationRepository
    messages: MessageRepository
    chat_attachments: AttachmentRepository
    payments: PaymentRepository
    refunds: RefundRepository
    security_incidents: SecurityIncidentRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work per command."""

    def __call__(self) -> UnitOfWork: ...
