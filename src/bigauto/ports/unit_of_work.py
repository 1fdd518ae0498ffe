"""The unit of work: one transaction holding every context's repositories.

A unit of work is an async context manager: everything done through its repositories inside
``async with uow:`` is one transaction that is rolled back unless ``commit()`` is called. Events
added with ``uow.outbox.add`` are stored in that same transaction (the transactional outbox).

Each context declares the repositories it contributes in its own ``ports/<context>/uow.py``;
``UnitOfWork`` only composes them, so a new repository touches its context and not this hub.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from bigauto.ports.bookings.uow import BookingsRepositories
from bigauto.ports.catalogue.uow import CatalogueRepositories
from bigauto.ports.chat.uow import ChatRepositories
from bigauto.ports.identity.uow import IdentityRepositories
from bigauto.ports.money.uow import MoneyRepositories
from bigauto.ports.notifications.uow import NotificationsRepositories
from bigauto.ports.payments.uow import PaymentsRepositories
from bigauto.ports.runtime.uow import RuntimeRepositories


class UnitOfWork(
    IdentityRepositories,
    CatalogueRepositories,
    BookingsRepositories,
    PaymentsRepositories,
    MoneyRepositories,
    ChatRepositories,
    NotificationsRepositories,
    RuntimeRepositories,
    Protocol,
):
    """One transaction, with the repositories of every context working inside it."""

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
