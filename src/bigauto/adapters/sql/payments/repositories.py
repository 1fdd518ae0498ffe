"""SQL payments, refunds and payment security incidents; the audit trail is JSON."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.money.withdrawals import _change, _change_json
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
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.money import Money


def _payment_row(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "order_id": payment.order_id,
        "kind": payment.kind.value,
        "deal_id": payment.deal_id,
        "customer_id": payment.customer_id,
        "seller_id": payment.seller_id,
        "amount": payment.amount.amount,
        "revenue": payment.revenue.amount,
        "currency": payment.amount.currency,
        "commission_rate": payment.commission_rate,
        "status": payment.status.value,
        "snap_token": payment.snap_token,
        "redirect_url": payment.redirect_url,
        "expires_at": payment.expires_at,
        "created_at": payment.created_at,
        "paid_at": payment.paid_at,
        "method": payment.method,
        "refunded_amount": payment.refunded.amount,
        "void": payment.void,
        "history": [_change_json(row) for row in payment.history],
    }


def _payment(row: Any) -> Payment:
    currency = row.currency
    refunded = int(row.refunded_amount)
    return Payment(
        id=row.id,
        order_id=row.order_id,
        kind=DealKind(row.kind),
        deal_id=row.deal_id,
        customer_id=row.customer_id,
        seller_id=row.seller_id,
        amount=Money(int(row.amount), currency),
        revenue=Money(int(row.revenue), currency),
        commission_rate=Decimal(row.commission_rate).normalize(),
        status=PaymentState(row.status),
        expires_at=row.expires_at,
        created_at=row.created_at,
        history=[_change(item) for item in row.history],
        snap_token=row.snap_token,
        redirect_url=row.redirect_url,
        paid_at=row.paid_at,
        method=row.method,
        refunded_amount=Money(refunded, currency) if refunded else None,
        void=bool(row.void),
    )


class SqlPaymentRepository:
    """Payments; ``for_update`` locks the row so two notifications for one order take turns."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, payment: Payment) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(payments).values(_payment_row(payment)))
        except IntegrityError:
            raise Conflict(
                f"payment {payment.order_id} cannot be added (order id taken or a live payment)",
                details={"id": payment.deal_id},
            ) from None

    async def _one(self, condition: Any, for_update: bool) -> Payment | None:
        query = select(payments).where(condition)
        if for_update:
            query = query.with_for_update()
        row = (await self._conn.execute(query)).first()
        return _payment(row) if row else None

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        return await self._one(payments.c.id == payment_id, for_update)

    async def by_order_id(self, order_id: str, *, for_update: bool = False) -> Payment | None:
        return await self._one(payments.c.order_id == order_id, for_update)

    async def live_for(self, kind: DealKind, deal_id: str) -> Payment | None:
        return next((p for p in await self.for_deal(kind, deal_id) if p.is_live), None)

    async def for_deal(self, kind: DealKind, deal_id: str) -> Sequence[Payment]:
        query = (
            select(payments)
            .where(payments.c.kind == kind.value, payments.c.deal_id == deal_id)
            .order_by(payments.c.created_at, payments.c.id)
        )
        return [_payment(row) for row in await self._conn.execute(query)]

    async def update(self, payment: Payment) -> None:
        done = await self._conn.execute(
            update(payments).where(payments.c.id == payment.id).values(_payment_row(payment))
        )
        if done.rowcount == 0:
            raise NotFound(f"no payment {payment.id}", details={"id": payment.id})


def _refund_row(refund: Refund) -> dict[str, Any]:
    return {
        "id": refund.id,
        "payment_id": refund.payment_id,
        "amount": refund.amount.amount,
        "currency": refund.amount.currency,
        "reason": refund.reason,
        "refund_key": refund.refund_key,
        "status": refund.status.value,
        "attempts": refund.attempts,
        "created_at": refund.created_at,
        "done_at": refund.done_at,
    }


def _refund(row: Any) -> Refund:
    return Refund(
        id=row.id,
        payment_id=row.payment_id,
        amount=Money(int(row.amount), row.currency),
        reason=row.reason,
        refund_key=row.refund_key,
        status=RefundStatus(row.status),
        created_at=row.created_at,
        attempts=int(row.attempts),
        done_at=row.done_at,
    )


class SqlRefundRepository:
    """Refunds; a second add of the same id answers False."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, refund: Refund) -> bool:
        if await self.get(refund.id) is not None:
            return False
        await self._conn.execute(insert(refunds).values(_refund_row(refund)))
        return True

    async def get(self, refund_id: str) -> Refund | None:
        row = (await self._conn.execute(select(refunds).where(refunds.c.id == refund_id))).first()
        return _refund(row) if row else None

    async def of_payment(self, payment_id: str) -> Sequence[Refund]:
        query = (
            select(refunds)
            .where(refunds.c.payment_id == payment_id)
            .order_by(refunds.c.created_at, refunds.c.id)
        )
        return [_refund(row) for row in await self._conn.execute(query)]

    async def update(self, refund: Refund) -> None:
        done = await self._conn.execute(
            update(refunds).where(refunds.c.id == refund.id).values(_refund_row(refund))
        )
        if done.rowcount == 0:
            raise NotFound(f"no refund {refund.id}", details={"id": refund.id})


class SqlSecurityIncidentRepository:
    """Payment security incidents, newest first."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, incident: SecurityIncident) -> None:
        await self._conn.execute(
            insert(security_incidents).values(
                id=incident.id,
                kind=incident.kind.value,
                order_id=incident.order_id,
                detail=incident.detail[:1000],
                remote_ip=incident.remote_ip,
                at=incident.at,
            )
        )

    async def recent(self, limit: int = 50) -> Sequence[SecurityIncident]:
        query = (
            select(security_incidents)
            .order_by(security_incidents.c.at.desc(), security_incidents.c.id.desc())
            .limit(limit)
        )
        return [
            SecurityIncident(
                id=row.id,
                kind=IncidentKind(row.kind),
                order_id=row.order_id,
                detail=row.detail,
                remote_ip=row.remote_ip,
                at=row.at,
            )
            for row in await self._conn.execute(query)
        ]


__all__ = ["SqlPaymentRepository", "SqlRefundRepository", "SqlSecurityIncidentRepository"]
