"""The unit of work: one transaction holding every context's repositories.

A unit of work is an async context manager: everything done through its repositories inside
``async with uow:`` is one transaction that is rolled back unless ``commit()`` is called. Events
added with ``uow.outbox.add`` are stored in that same transaction (the transactional outbox).
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from bigauto.ports.bookings.repositories import (
    CommissionRateRepository,
    PromoCodeRepository,
    RentalRepository,
    ReviewRepository,
    SaleOrderRepository,
    SellerSettingsRepository,
    TestDriveRepository,
)
from bigauto.ports.catalogue.listings import CatalogueRepository, VehicleRepository
from bigauto.ports.catalogue.repositories import (
    CalendarRepository,
    FavoriteRepository,
    PhotoRepository,
    VehicleSearch,
)
from bigauto.ports.chat.repositories import (
    AttachmentRepository,
    ConversationRepository,
    MessageRepository,
)
from bigauto.ports.identity.records import (
    AuditLog,
    OneTimeSecretRepository,
    RevocationRepository,
    SessionRepository,
)
from bigauto.ports.identity.users import UserRepository
from bigauto.ports.money.repositories import LedgerRepository, WithdrawalRepository
from bigauto.ports.notifications.repositories import (
    ChatEmailThrottleRepository,
    NotificationPreferenceRepository,
    NotificationRepository,
)
from bigauto.ports.payments.repositories import (
    PaymentRepository,
    RefundRepository,
    SecurityIncidentRepository,
)
from bigauto.ports.runtime.idempotency import IdempotencyRepository
from bigauto.ports.runtime.outbox import OutboxRepository
from bigauto.ports.runtime.worker import (
    DeadLetterRepository,
    ProcessedEventRepository,
    TimerRunRepository,
)


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
