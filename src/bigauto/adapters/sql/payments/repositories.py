"""SQL payments, refunds and payment security incidents; the audit trail is JSON."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, insert, select

from bigauto.adapters.sql._audit_trail import STATE_TRAIL
from bigauto.adapters.sql._rows import SqlRepository, conflict, from_row, reader, to_row
from bigauto.adapters.sql.payments.tables import payments, refunds, security_incidents
from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.payment import (
    DealKind,
    IncidentKind,
    Payment,
    Refund,
    RefundStatus,
    SecurityIncident,
)
from bigauto.domain.shared.errors import NotFound
from bigauto.domain.shared.money import Money


def _payment_row(payment: Payment) -> dict[str, Any]:
    return to_row(
        payment,
        amount=payment.amount.amount,
        revenue=payment.revenue.amount,
        currency=payment.amount.currency,
        refunded_amount=payment.refunded.amount,
        history=STATE_TRAIL.dump(payment.history),
    )


def _payment(row: Any) -> Payment:
    currency = row.currency
    refunded = int(row.refunded_amount)
    return from_row(
        Payment,
        row._mapping,
        kind=DealKind(row.kind),
        amount=Money(int(row.amount), currency),
        revenue=Money(int(row.revenue), currency),
        commission_rate=Decimal(row.commission_rate).normalize(),
        status=PaymentState(row.status),
        history=STATE_TRAIL.load(row.history),
        refunded_amount=Money(refunded, currency) if refunded else None,
        void=bool(row.void),
    )


class SqlPaymentRepository(SqlRepository):
    """Payments; ``for_update`` locks the row so two notifications for one order take turns."""

    async def add(self, payment: Payment) -> None:
        refused = conflict(
            f"payment {payment.order_id} cannot be added (order id taken or a live payment)",
            id=payment.deal_id,
        )
        await self._insert(payments, _payment_row(payment), refused)

    async def _one(self, condition: ColumnElement[bool], for_update: bool) -> Payment | None:
        query = select(payments).where(condition)
        if for_update:
            query = query.with_for_update()
        return await self._first(query, _payment)

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        return await self._one(payments.c.id == payment_id, for_update)

    async def by_order_id(self, order_id: str, *, for_update: bool = False) -> Payment | None:
        return await self._one(payments.c.order_id == order_id, for_update)

    async def live_for(self, kind: DealKind, deal_id: str) -> Payment | None:
        return next((p for p in await self.for_deal(kind, deal_id) if p.is_live), None)

    async def for_deal(self, kind: DealKind, deal_id: str) -> Sequence[Payment]:
        c = payments.c
        query = (
            select(payments)
            .where(c.kind == kind.value, c.deal_id == deal_id)
            .order_by(c.created_at, c.id)
        )
        return await self._all(query, _payment)

    async def update(self, payment: Payment) -> None:
        if not await self._update(payments, payments.c.id == payment.id, _payment_row(payment)):
            raise NotFound(f"no payment {payment.id}", details={"id": payment.id})


def _refund_row(refund: Refund) -> dict[str, Any]:
    amount = refund.amount
    return to_row(refund, amount=amount.amount, currency=amount.currency)


def _refund(row: Any) -> Refund:
    return from_row(
        Refund,
        row._mapping,
        amount=Money(int(row.amount), row.currency),
        status=RefundStatus(row.status),
        attempts=int(row.attempts),
    )


class SqlRefundRepository(SqlRepository):
    """Refunds; a second add of the same id answers False."""

    async def add(self, refund: Refund) -> bool:
        if await self.get(refund.id) is not None:
            return False
        await self._conn.execute(insert(refunds).values(_refund_row(refund)))
        return True

    async def get(self, refund_id: str) -> Refund | None:
        return await self._first(select(refunds).where(refunds.c.id == refund_id), _refund)

    async def of_payment(self, payment_id: str) -> Sequence[Refund]:
        c = refunds.c
        query = select(refunds).where(c.payment_id == payment_id).order_by(c.created_at, c.id)
        return await self._all(query, _refund)

    async def update(self, refund: Refund) -> None:
        if not await self._update(refunds, refunds.c.id == refund.id, _refund_row(refund)):
            raise NotFound(f"no refund {refund.id}", details={"id": refund.id})


_incident = reader(SecurityIncident, kind=IncidentKind)


class SqlSecurityIncidentRepository(SqlRepository):
    """Payment security incidents, newest first."""

    async def add(self, incident: SecurityIncident) -> None:
        row = to_row(incident, detail=incident.detail[:1000])
        await self._conn.execute(insert(security_incidents).values(row))

    async def recent(self, limit: int = 50) -> Sequence[SecurityIncident]:
        c = security_incidents.c
        query = select(security_incidents).order_by(c.at.desc(), c.id.desc()).limit(limit)
        return await self._all(query, _incident)


__all__ = ["SqlPaymentRepository", "SqlRefundRepository", "SqlSecurityIncidentRepository"]
