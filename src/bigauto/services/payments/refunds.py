"""Refunds and payouts after a deal moves on: the worker's payment handlers.

- ``rental.cancelled`` / ``sale_order.cancelled`` (transactional, exactly once): when the deal
  was paid, a :class:`Refund` of what the cancellation gives back (rental: the policy's refund
  plus the deposit) is recorded with ``payment.refund_requested`` in the outbox; when nothing
  comes back the seller's pending payout is released at once.
- ``payment.refund_requested`` (side effect, at least once): the gateway's refund call, keyed by
  the refund's id so that Midtrans never refunds twice; then, in one unit of work, the refund is
  marked done, the payment moves to (partially) refunded, the ledger posts the refund
  (commission handed back in proportion) and releases what the seller keeps. When the gateway
  is unreachable the handler raises: the worker naks the event and retries it with backoff
  ("retried from the outbox") until the gateway answers.
- ``rental.completed`` / ``sale_order.completed`` (transactional): the pending payout of the
  deal becomes available to the seller.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from bigauto.domain.bookings.events import RentalEvents, SaleOrderEvents
from bigauto.domain.payments.errors import PaymentGatewayUnavailable
from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.payments.payment import SETTLED_STATES, DealKind, Payment, Refund, RefundStatus
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import PaymentGateway
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.money.postings import record_refund, release_payout
from bigauto.services.runtime.registry import AfterCommit, HandlerRegistry
from bigauto.services.shared.events import new_event


async def request_refund(
    uow: UnitOfWork,
    ids: IdGenerator,
    payment: Payment,
    amount: Money,
    *,
    refund_id: str,
    reason: str,
    at: datetime,
) -> Refund | None:
    """Record a refund of ``amount`` and put ``payment.refund_requested`` in the outbox (the
    gateway is called by the worker, retried until it answers). None when it exists already."""
    refund = Refund(
        id=refund_id,
        payment_id=payment.id,
        amount=amount,
        reason=reason[:300],
        refund_key=refund_id,
        status=RefundStatus.PENDING,
        created_at=at,
    )
    if not await uow.refunds.add(refund):
        return None
    facts = {"refund_id": refund.id, "order_id": payment.order_id, "amount": amount.amount}
    await uow.outbox.add(
        new_event(ids, PaymentEvents.REFUND_REQUESTED, at, "payment", payment.id, facts)
    )
    return refund


_RENTAL_EVENTS = frozenset({RentalEvents.CANCELLED, RentalEvents.COMPLETED})


def _deal(event: DomainEvent) -> DealKind:
    return DealKind.RENTAL if event.name in _RENTAL_EVENTS else DealKind.SALE


@attrs.define(eq=False)
class PaymentHandlers:
    """The worker's payment handlers; see the module docstring."""

    uow_factory: UnitOfWorkFactory
    gateway: PaymentGateway
    clock: Clock
    ids: IdGenerator

    def register(self, registry: HandlerRegistry) -> None:
        registry.on_transaction(
            (RentalEvents.CANCELLED, SaleOrderEvents.CANCELLED),
            name="payments.refund_on_cancel",
            handler=self.on_cancelled,
        )
        registry.on(
            PaymentEvents.REFUND_REQUESTED, name="payments.refund", handler=self.on_refund_requested
        )
        registry.on_transaction(
            (RentalEvents.COMPLETED, SaleOrderEvents.COMPLETED),
            name="payments.release_on_complete",
            handler=self.on_completed,
        )

    async def _seller_and_refund(
        self, uow: UnitOfWork, kind: DealKind, deal_id: str
    ) -> tuple[str, Money] | None:
        """The deal's seller and what its cancellation gives back; None if it was never paid."""
        if kind is DealKind.RENTAL:
            booking = await uow.rentals.get(deal_id)
            if booking is None or booking.paid_at is None:
                return None
            return booking.seller_id, booking.total_refund
        order = await uow.sale_orders.get(deal_id)
        if order is None or order.paid_at is None or order.agreed_price is None:
            return None
        return order.seller_id, order.refund_amount or Money.zero(order.agreed_price.currency)

    async def on_cancelled(self, event: DomainEvent, uow: UnitOfWork) -> AfterCommit | None:
        kind, deal_id = _deal(event), event.aggregate_id
        facts = await self._seller_and_refund(uow, kind, deal_id)
        if facts is None:
            return None  # never paid (a hold expired, a payment failed): no money moved
        seller_id, amount = facts
        paid = [p for p in await uow.payments.for_deal(kind, deal_id) if p.status in SETTLED_STATES]
        if not paid:
            return None
        if amount.amount > 0:
            await request_refund(
                uow,
                self.ids,
                paid[-1],
                amount,
                refund_id=f"cancel-{event.event_id}",
                reason=f"{event.name} {event.payload.get('reason') or ''}".strip(),
                at=event.occurred_at,
            )
        else:
            await release_payout(uow, seller_id=seller_id, reference=deal_id, at=event.occurred_at)
        return None

    async def on_completed(self, event: DomainEvent, uow: UnitOfWork) -> AfterCommit | None:
        kind, deal_id = _deal(event), event.aggregate_id
        paid = [p for p in await uow.payments.for_deal(kind, deal_id) if p.status in SETTLED_STATES]
        for payment in paid[-1:]:
            await release_payout(
                uow, seller_id=payment.seller_id, reference=deal_id, at=event.occurred_at
            )
        return None

    async def on_refund_requested(self, event: DomainEvent) -> None:
        await self.settle_refund(str(event.payload["refund_id"]))

    async def settle_refund(self, refund_id: str) -> bool:
        """Refund at the gateway and record it; False when there was nothing (left) to do."""
        async with self.uow_factory() as uow:
            refund = await uow.refunds.get(refund_id)
            payment = await uow.payments.get(refund.payment_id) if refund else None
        if refund is None or payment is None or refund.status is RefundStatus.DONE:
            return False
        try:
            await self.gateway.refund(
                payment.order_id, refund.amount, reason=refund.reason, refund_key=refund.refund_key
            )
        except PaymentGatewayUnavailable:
            async with self.uow_factory() as uow:
                await uow.refunds.update(refund.tried())
                await uow.commit()
            raise
        at = self.clock.now()
        async with self.uow_factory() as uow:
            payment = await uow.payments.get(refund.payment_id, for_update=True)
            current = await uow.refunds.get(refund_id)
            if payment is None or current is None or current.status is RefundStatus.DONE:
                return False
            await uow.refunds.update(current.done(at=at))
            await uow.payments.update(payment.refund(current.amount, at=at))
            await record_refund(
                uow,
                refund_id=current.id,
                seller_id=payment.seller_id,
                split=payment.split,
                amount=current.amount,
                reference=payment.deal_id,
                at=at,
            )
            # Refunds come from cancellations (or a payment too late for its deal): what the
            # seller keeps of the deal is theirs now.
            await release_payout(uow, seller_id=payment.seller_id, reference=payment.deal_id, at=at)
            await uow.commit()
        return True


__all__ = ["PaymentHandlers", "request_refund"]
