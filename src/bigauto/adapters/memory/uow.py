"""The in-memory unit of work: a private copy of the tables, written back on commit.

It keeps the promises of the SQL one: nothing is visible elsewhere until ``commit()``, and
whatever was not committed is gone when the ``async with`` block ends. Units of work on one
``MemoryDatabase`` take turns (an ``asyncio.Lock`` held from enter to exit), like SQLite's
``BEGIN IMMEDIATE``, so a read-then-write cannot interleave with another one. Do not nest them.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from bigauto.adapters.memory.bookings.repositories import (
    MemoryCommissionRateRepository,
    MemoryPromoCodeRepository,
    MemoryRentalRepository,
    MemoryReviewRepository,
    MemorySaleOrderRepository,
    MemorySellerSettingsRepository,
    MemoryTestDriveRepository,
)
from bigauto.adapters.memory.catalogue.listings import (
    MemoryCatalogueRepository,
    MemoryVehicleRepository,
)
from bigauto.adapters.memory.catalogue.repositories import (
    MemoryCalendarRepository,
    MemoryFavoriteRepository,
    MemoryPhotoRepository,
    MemoryVehicleSearch,
)
from bigauto.adapters.memory.chat.repositories import (
    MemoryAttachmentRepository,
    MemoryConversationRepository,
    MemoryMessageRepository,
)
from bigauto.adapters.memory.identity.repositories import (
    MemoryAuditLog,
    MemoryOneTimeSecretRepository,
    MemoryRevocationRepository,
    MemorySessionRepository,
)
from bigauto.adapters.memory.identity.users import MemoryUserRepository
from bigauto.adapters.memory.money.repositories import (
    MemoryLedgerRepository,
    MemoryWithdrawalRepository,
)
from bigauto.adapters.memory.notifications.repositories import (
    MemoryChatEmailThrottleRepository,
    MemoryNotificationPreferenceRepository,
    MemoryNotificationRepository,
)
from bigauto.adapters.memory.payments.repositories import (
    MemoryPaymentRepository,
    MemoryRefundRepository,
    MemorySecurityIncidentRepository,
)
from bigauto.adapters.memory.runtime.idempotency import MemoryIdempotencyRepository
from bigauto.adapters.memory.runtime.outbox import MemoryOutboxRepository
from bigauto.adapters.memory.runtime.worker import (
    MemoryDeadLetterRepository,
    MemoryProcessedEventRepository,
    MemoryTimerRunRepository,
)
from bigauto.adapters.memory.tables import Tables


class MemoryDatabase:
    """The committed state shared by all units of work of one factory."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.lock = asyncio.Lock()


class MemoryUnitOfWork:
    """A transaction over a ``MemoryDatabase``, with the repositories that work inside it."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._db = database
        self._work = Tables()
        self._open = False
        self.committed = False
        self.users = MemoryUserRepository(self._work)
        self.catalogue = MemoryCatalogueRepository(self._work)
        self.vehicles = MemoryVehicleRepository(self._work)
        self.outbox = MemoryOutboxRepository(self._work)
        self.sessions = MemorySessionRepository(self._work)
        self.secrets = MemoryOneTimeSecretRepository(self._work)
        self.revocations = MemoryRevocationRepository(self._work)
        self.audit = MemoryAuditLog(self._work)
        self.photos = MemoryPhotoRepository(self._work)
        self.favorites = MemoryFavoriteRepository(self._work)
        self.calendar = MemoryCalendarRepository(self._work)
        self.search = MemoryVehicleSearch(self._work)
        self.notifications = MemoryNotificationRepository(self._work)
        self.notification_preferences = MemoryNotificationPreferenceRepository(self._work)
        self.chat_email_throttle = MemoryChatEmailThrottleRepository(self._work)
        self.processed_events = MemoryProcessedEventRepository(self._work)
        self.dead_letters = MemoryDeadLetterRepository(self._work)
        self.timer_runs = MemoryTimerRunRepository(self._work)
        self.ledger = MemoryLedgerRepository(self._work)
        self.withdrawals = MemoryWithdrawalRepository(self._work)
        self.rentals = MemoryRentalRepository(self._work)
        self.test_drives = MemoryTestDriveRepository(self._work)
        self.sale_orders = MemorySaleOrderRepository(self._work)
        self.commission_rates = MemoryCommissionRateRepository(self._work)
        self.promo_codes = MemoryPromoCodeRepository(self._work)
        self.reviews = MemoryReviewRepository(self._work)
        self.seller_settings = MemorySellerSettingsRepository(self._work)
        self.idempotency = MemoryIdempotencyRepository(self._work)
        self.conversations = MemoryConversationRepository(self._work)
        self.messages = MemoryMessageRepository(self._work)
        self.chat_attachments = MemoryAttachmentRepository(self._work)
        self.payments = MemoryPaymentRepository(self._work)
        self.refunds = MemoryRefundRepository(self._work)
        self.security_incidents = MemorySecurityIncidentRepository(self._work)

    async def __aenter__(self) -> Self:
        if self._open:
            raise RuntimeError("this unit of work is already open; make a new one per command")
        await self._db.lock.acquire()
        self._open = True
        self._work.load(self._db.tables)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._open:
            return
        self._work.load(Tables())
        self._open = False
        self._db.lock.release()

    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("use the unit of work inside `async with`")

    async def commit(self) -> None:
        self._check_open()
        self._db.tables = self._work.copy()
        self.committed = True

    async def rollback(self) -> None:
        self._check_open()
        self._work.load(self._db.tables)


class MemoryUnitOfWorkFactory:
    """Makes units of work that share one in-memory database (``.database``)."""

    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database if database is not None else MemoryDatabase()

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)


__all__ = ["MemoryDatabase", "MemoryUnitOfWork", "MemoryUnitOfWorkFactory"]
