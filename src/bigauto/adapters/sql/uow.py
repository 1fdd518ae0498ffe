"""The SQL unit of work: one connection, one transaction, rolled back unless committed.

Repositories share the unit of work's ``AsyncConnection``; SQLAlchemy begins the transaction at
the first statement ("commit as you go"). On SQLite that BEGIN is ``BEGIN IMMEDIATE`` (see
``engine.py``), so units of work that write are serialised. After ``commit()`` the unit of work
may be used again; the next statement opens a new transaction.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bigauto.adapters.sql.bookings.repositories import (
    SqlRentalRepository,
    SqlSaleOrderRepository,
    SqlTestDriveRepository,
)
from bigauto.adapters.sql.bookings.settings import (
    SqlCommissionRateRepository,
    SqlPromoCodeRepository,
    SqlReviewRepository,
    SqlSellerSettingsRepository,
)
from bigauto.adapters.sql.catalogue.listings import SqlCatalogueRepository, SqlVehicleRepository
from bigauto.adapters.sql.catalogue.repositories import (
    SqlCalendarRepository,
    SqlFavoriteRepository,
    SqlPhotoRepository,
)
from bigauto.adapters.sql.catalogue.search import SqlVehicleSearch
from bigauto.adapters.sql.chat.repositories import (
    SqlAttachmentRepository,
    SqlConversationRepository,
    SqlMessageRepository,
)
from bigauto.adapters.sql.identity.repositories import (
    SqlAuditLog,
    SqlOneTimeSecretRepository,
    SqlRevocationRepository,
    SqlSessionRepository,
)
from bigauto.adapters.sql.identity.users import SqlUserRepository
from bigauto.adapters.sql.money.ledger import SqlLedgerRepository
from bigauto.adapters.sql.money.withdrawals import SqlWithdrawalRepository
from bigauto.adapters.sql.notifications.repositories import (
    SqlChatEmailThrottleRepository,
    SqlNotificationPreferenceRepository,
    SqlNotificationRepository,
)
from bigauto.adapters.sql.payments.repositories import (
    SqlPaymentRepository,
    SqlRefundRepository,
    SqlSecurityIncidentRepository,
)
from bigauto.adapters.sql.runtime.idempotency import SqlIdempotencyRepository
from bigauto.adapters.sql.runtime.outbox import SqlOutboxRepository
from bigauto.adapters.sql.runtime.worker import (
    SqlDeadLetterRepository,
    SqlProcessedEventRepository,
    SqlTimerRunRepository,
)

log = logging.getLogger(__name__)


class SqlUnitOfWork:
    """A transaction on ``engine`` with the repositories that work inside it."""

    users: SqlUserRepository
    catalogue: SqlCatalogueRepository
    vehicles: SqlVehicleRepository
    outbox: SqlOutboxRepository
    sessions: SqlSessionRepository
    secrets: SqlOneTimeSecretRepository
    revocations: SqlRevocationRepository
    audit: SqlAuditLog
    photos: SqlPhotoRepository
    favorites: SqlFavoriteRepository
    calendar: SqlCalendarRepository
    search: SqlVehicleSearch
    notifications: SqlNotificationRepository
    notification_preferences: SqlNotificationPreferenceRepository
    chat_email_throttle: SqlChatEmailThrottleRepository
    processed_events: SqlProcessedEventRepository
    dead_letters: SqlDeadLetterRepository
    timer_runs: SqlTimerRunRepository
    ledger: SqlLedgerRepository
    withdrawals: SqlWithdrawalRepository
    rentals: SqlRentalRepository
    test_drives: SqlTestDriveRepository
    sale_orders: SqlSaleOrderRepository
    commission_rates: SqlCommissionRateRepository
    promo_codes: SqlPromoCodeRepository
    reviews: SqlReviewRepository
    seller_settings: SqlSellerSettingsRepository
    idempotency: SqlIdempotencyRepository
    conversations: SqlConversationRepository
    messages: SqlMessageRepository
    chat_attachments: SqlAttachmentRepository
    payments: SqlPaymentRepository
    refunds: SqlRefundRepository
    security_incidents: SqlSecurityIncidentRepository

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already open; make a new one per command")
        connection = await self._engine.connect()
        self._connection = connection
        self.users = SqlUserRepository(connection)
        self.catalogue = SqlCatalogueRepository(connection)
        self.vehicles = SqlVehicleRepository(connection)
        self.outbox = SqlOutboxRepository(connection)
        self.sessions = SqlSessionRepository(connection)
        self.secrets = SqlOneTimeSecretRepository(connection)
        self.revocations = SqlRevocationRepository(connection)
        self.audit = SqlAuditLog(connection)
        self.photos = SqlPhotoRepository(connection)
        self.favorites = SqlFavoriteRepository(connection)
        self.calendar = SqlCalendarRepository(connection)
        self.search = SqlVehicleSearch(connection)
        self.notifications = SqlNotificationRepository(connection)
        self.notification_preferences = SqlNotificationPreferenceRepository(connection)
        self.chat_email_throttle = SqlChatEmailThrottleRepository(connection)
        self.processed_events = SqlProcessedEventRepository(connection)
        self.dead_letters = SqlDeadLetterRepository(connection)
        self.timer_runs = SqlTimerRunRepository(connection)
        self.ledger = SqlLedgerRepository(connection)
        self.withdrawals = SqlWithdrawalRepository(connection)
        self.rentals = SqlRentalRepository(connection)
        self.test_drives = SqlTestDriveRepository(connection)
        self.sale_orders = SqlSaleOrderRepository(connection)
        self.commission_rates = SqlCommissionRateRepository(connection)
        self.promo_codes = SqlPromoCodeRepository(connection)
        self.reviews = SqlReviewRepository(connection)
        self.seller_settings = SqlSellerSettingsRepository(connection)
        self.idempotency = SqlIdempotencyRepository(connection)
        self.conversations = SqlConversationRepository(connection)
        self.messages = SqlMessageRepository(connection)
        self.chat_attachments = SqlAttachmentRepository(connection)
        self.payments = SqlPaymentRepository(connection)
        self.refunds = SqlRefundRepository(connection)
        self.security_incidents = SqlSecurityIncidentRepository(connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.rollback()
        except Exception:
            # Do not let a failed rollback (say, the server went away) hide the error that
            # ended the block; without one, the rollback's failure is the news.
            if exc is None:
                raise
            log.warning("rollback failed while handling %r", exc, exc_info=True)
        finally:
            await connection.close()

    def _open(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._connection

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()


class SqlUnitOfWorkFactory:
    """Makes a fresh ``SqlUnitOfWork`` per command on one shared engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)


__all__ = ["SqlUnitOfWork", "SqlUnitOfWorkFactory"]
