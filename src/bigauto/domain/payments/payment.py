"""Payments as the engine records them: the Payment aggregate, its refunds, security incidents.

A :class:`Payment` is one hosted checkout for one deal (a rental booking or a sale order). Its
``amount`` is what the customer pays (for a rental the quote's total, deposit included; for a
sale the agreed price) and ``revenue`` is what commission is taken on (the rental's revenue,
never the deposit; the sale's agreed price). Its status only moves forward, as
:func:`bigauto.domain.payments.lifecycle.payment_status_change` decides, so a replayed or late
notification changes nothing.

>>> from datetime import UTC, datetime
>>> at = datetime(2026, 3, 1, tzinfo=UTC)
>>> payment = Payment.open(
...     payment_id="p1", order_id="BA-x", kind=DealKind.SALE, deal_id="o1",
...     customer_id="c", seller_id="s", amount=Money(100_000), revenue=Money(100_000),
...     commission_rate=Decimal("0.05"), expires_at=at, created_at=at,
... )
>>> paid, change = payment.move_to(PaymentState.PAID, at=at, method="gopay")
>>> paid.status.value, change.kind.value
('paid', 'forward')
>>> paid.move_to(PaymentState.PENDING, at=at)[1].kind.value
'stale'
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import attrs

from bigauto.domain.money.commission import CommissionSplit, split_at_rate
from bigauto.domain.money.errors import LedgerError
from bigauto.domain.payments.lifecycle import (
    PaymentState,
    PaymentStatusChange,
    payment_status_change,
)
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import StatusChange, trail
from bigauto.domain.shared.money import Money


class DealKind(enum.StrEnum):
    """What a payment pays for."""

    RENTAL = "rental"
    SALE = "sale"


#: The statuses in which a payment is still open: one per deal at most.
LIVE_STATES = frozenset({PaymentState.PENDING})
#: The statuses in which money was taken (and may be refunded).
SETTLED_STATES = frozenset(
    {PaymentState.PAID, PaymentState.PARTIALLY_REFUNDED, PaymentState.REFUNDED}
)


@attrs.frozen
class Payment:
    """One checkout for one deal; ``order_id`` is the gateway's (unguessable) id for it."""

    id: str
    order_id: str
    kind: DealKind
    deal_id: str
    customer_id: str
    seller_id: str
    amount: Money
    revenue: Money
    commission_rate: Decimal
    status: PaymentState
    expires_at: datetime
    created_at: datetime
    history: tuple[StatusChange, ...] = attrs.field(converter=trail)
    snap_token: str | None = None
    redirect_url: str | None = None
    paid_at: datetime | None = None
    method: str | None = None
    refunded_amount: Money | None = None
    #: Set when the gateway refused to open the checkout: the payment never went live.
    void: bool = False

    @classmethod
    def open(
        cls,
        *,
        payment_id: str,
        order_id: str,
        kind: DealKind,
        deal_id: str,
        customer_id: str,
        seller_id: str,
        amount: Money,
        revenue: Money,
        commission_rate: Decimal,
        expires_at: datetime,
        created_at: datetime,
    ) -> Payment:
        """A new pending payment (the checkout is opened at the gateway afterwards)."""
        row = StatusChange(None, PaymentState.PENDING, "create", Actor.SYSTEM, None, created_at)
        return cls(
            id=payment_id,
            order_id=order_id,
            kind=kind,
            deal_id=deal_id,
            customer_id=customer_id,
            seller_id=seller_id,
            amount=amount,
            revenue=revenue,
            commission_rate=commission_rate,
            status=PaymentState.PENDING,
            expires_at=expires_at,
            created_at=created_at,
            history=(row,),
        )

    @property
    def is_live(self) -> bool:
        """Still open: the customer can pay it."""
        return self.status in LIVE_STATES and not self.void

    @property
    def refunded(self) -> Money:
        return self.refunded_amount or Money.zero(self.amount.currency)

    @property
    def split(self) -> CommissionSplit:
        """The ledger split of ``amount``: commission on the revenue only, the rest (deposit
        included) pending for the seller until the deal completes or is refunded."""
        commission = split_at_rate(self.revenue, self.commission_rate).commission
        return CommissionSplit(
            gross=self.amount,
            rate=self.commission_rate,
            commission=commission,
            payout=self.amount - commission,
        )

    def opened(self, *, token: str, redirect_url: str) -> Payment:
        """The gateway opened the checkout."""
        return attrs.evolve(self, snap_token=token, redirect_url=redirect_url)

    def voided(self, *, at: datetime, reason: str) -> Payment:
        """The gateway refused the checkout: this payment is dead, a retry makes a new one."""
        row = StatusChange(self.status, PaymentState.FAILED, "void", Actor.SYSTEM, None, at, reason)
        return attrs.evolve(
            self, status=PaymentState.FAILED, void=True, history=(*self.history, row)
        )

    def move_to(
        self, incoming: PaymentState, *, at: datetime, method: str | None = None
    ) -> tuple[Payment, PaymentStatusChange]:
        """The payment after a status report; unchanged unless the report moves it forward."""
        change = payment_status_change(self.status, incoming)
        if not change.is_forward:
            return self, change
        event = "+".join(change.events)
        rows = (StatusChange(self.status, incoming, event, Actor.SYSTEM, None, at),)
        moved = attrs.evolve(
            self,
            status=incoming,
            history=(*self.history, *rows),
            method=method or self.method,
            paid_at=self.paid_at or (at if incoming in SETTLED_STATES else None),
        )
        return moved, change

    def refund(self, amount: Money, *, at: datetime) -> Payment:
        """``amount`` more went back to the customer: partially refunded, or refunded in full."""
        total = self.refunded + amount
        if total > self.amount:
            raise LedgerError(
                "cannot refund more than was paid",
                details={"payment_id": self.id, "amount": self.amount.amount},
            )
        state = PaymentState.REFUNDED if total == self.amount else PaymentState.PARTIALLY_REFUNDED
        row = StatusChange(self.status, state, "refund", Actor.SYSTEM, None, at)
        return attrs.evolve(self, status=state, refunded_amount=total, history=(*self.history, row))


class RefundStatus(enum.StrEnum):
    """Where a refund is: asked for, done at the gateway, or given up on."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@attrs.frozen
class Refund:
    """Money going back to the customer of ``payment_id``; ``refund_key`` makes the gateway
    call idempotent (the same key never refunds twice)."""

    id: str
    payment_id: str
    amount: Money
    reason: str
    refund_key: str
    status: RefundStatus
    created_at: datetime
    attempts: int = 0
    done_at: datetime | None = None

    def done(self, *, at: datetime) -> Refund:
        return attrs.evolve(self, status=RefundStatus.DONE, done_at=at, attempts=self.attempts + 1)

    def tried(self) -> Refund:
        return attrs.evolve(self, attempts=self.attempts + 1)


class IncidentKind(enum.StrEnum):
    """Why a notification was not trusted."""

    BAD_SIGNATURE = "bad_signature"
    AMOUNT_MISMATCH = "amount_mismatch"


@attrs.frozen
class SecurityIncident:
    """A notification the engine refused to act on, kept for review."""

    id: str
    kind: IncidentKind
    order_id: str | None
    detail: str
    remote_ip: str | None
    at: datetime


__all__ = [
    "LIVE_STATES",
    "SETTLED_STATES",
    "DealKind",
    "IncidentKind",
    "Payment",
    "Refund",
    "RefundStatus",
    "SecurityIncident",
]
