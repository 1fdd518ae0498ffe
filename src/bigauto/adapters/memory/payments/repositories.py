"""In-memory payments, refunds and payment security incidents (same rules as the SQL ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from bigauto.adapters.memory._repository import MemoryRepository, insert_once, replace_existing
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.payments.payment import DealKind, Payment, Refund, SecurityIncident
from bigauto.domain.shared.errors import Conflict


class MemoryPaymentRepository(MemoryRepository):
    """Payments keyed by id; order ids unique, one live payment per deal."""

    tables: ClassVar[TableDeclarations] = {"payments": dict[str, Payment]}

    async def add(self, payment: Payment) -> None:
        rows = self._t.payments.values()
        if payment.id in self._t.payments or any(p.order_id == payment.order_id for p in rows):
            raise Conflict(f"payment {payment.order_id} already exists")
        if payment.is_live and await self.live_for(payment.kind, payment.deal_id) is not None:
            raise Conflict("the deal already has a live payment", details={"id": payment.deal_id})
        self._t.payments[payment.id] = payment

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        return self._t.payments.get(payment_id)

    async def by_order_id(self, order_id: str, *, for_update: bool = False) -> Payment | None:
        return next((p for p in self._t.payments.values() if p.order_id == order_id), None)

    async def live_for(self, kind: DealKind, deal_id: str) -> Payment | None:
        return next((p for p in await self.for_deal(kind, deal_id) if p.is_live), None)

    async def for_deal(self, kind: DealKind, deal_id: str) -> Sequence[Payment]:
        found = [p for p in self._t.payments.values() if p.kind == kind and p.deal_id == deal_id]
        return sorted(found, key=lambda p: (p.created_at, p.id))

    async def update(self, payment: Payment) -> None:
        replace_existing(self._t.payments, payment.id, payment, "payment", id=payment.id)


class MemoryRefundRepository(MemoryRepository):
    """Refunds keyed by id."""

    tables: ClassVar[TableDeclarations] = {"refunds": dict[str, Refund]}

    async def add(self, refund: Refund) -> bool:
        return insert_once(self._t.refunds, refund.id, refund)

    async def get(self, refund_id: str) -> Refund | None:
        return self._t.refunds.get(refund_id)

    async def of_payment(self, payment_id: str) -> Sequence[Refund]:
        found = [r for r in self._t.refunds.values() if r.payment_id == payment_id]
        return sorted(found, key=lambda r: (r.created_at, r.id))

    async def update(self, refund: Refund) -> None:
        replace_existing(self._t.refunds, refund.id, refund, "refund", id=refund.id)


class MemorySecurityIncidentRepository(MemoryRepository):
    """Incidents keyed by id."""

    tables: ClassVar[TableDeclarations] = {"security_incidents": dict[str, SecurityIncident]}

    async def add(self, incident: SecurityIncident) -> None:
        self._t.security_incidents[incident.id] = incident

    async def recent(self, limit: int = 50) -> Sequence[SecurityIncident]:
        rows = sorted(self._t.security_incidents.values(), key=lambda i: (i.at, i.id))
        return rows[::-1][:limit]


__all__ = ["MemoryPaymentRepository", "MemoryRefundRepository", "MemorySecurityIncidentRepository"]
