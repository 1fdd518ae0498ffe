"""Where payments, their refunds and payment security incidents are kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bigauto.domain.payments.payment import DealKind, Payment, Refund, SecurityIncident


class PaymentRepository(Protocol):
    """Payments; ``order_id`` is unique and a deal has at most one live (pending) payment."""

    async def add(self, payment: Payment) -> None:
        """Conflict when the order id is taken or the deal already has a live payment."""

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        """The payment; ``for_update`` locks its row until the unit of work ends."""

    async def by_order_id(self, order_id: str, *, for_update: bool = False) -> Payment | None: ...

    async def live_for(self, kind: DealKind, deal_id: str) -> Payment | None:
        """The deal's pending, not void, payment if it has one."""

    async def for_deal(self, kind: DealKind, deal_id: str) -> Sequence[Payment]:
        """Every payment of the deal, oldest first."""

    async def update(self, payment: Payment) -> None: ...


class RefundRepository(Protocol):
    """Refunds by id; adding one whose id exists already answers False (a replayed handler)."""

    async def add(self, refund: Refund) -> bool: ...

    async def get(self, refund_id: str) -> Refund | None: ...

    async def of_payment(self, payment_id: str) -> Sequence[Refund]: ...

    async def update(self, refund: Refund) -> None: ...


class SecurityIncidentRepository(Protocol):
    """Notifications refused for cause, newest first."""

    async def add(self, incident: SecurityIncident) -> None: ...

    async def recent(self, limit: int = 50) -> Sequence[SecurityIncident]: ...


__all__ = ["PaymentRepository", "RefundRepository", "SecurityIncidentRepository"]
