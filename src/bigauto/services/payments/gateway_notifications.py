"""Paying for a deal: the payments service, acting on the gateway's signed notifications.

Creating a payment is :mod:`bigauto.services.payments.checkout`; refunds and payouts are
:mod:`bigauto.services.payments.refunds` (the worker's handlers).

``handle_notification`` is the one code path for every notification, whether Midtrans posted it
or the sandbox page made it: signature (bad → incident, ``InvalidSignature``), the payment row
(not committed yet → ``PaymentNotReady``, a 503 the gateway retries), the status challenge
(``GET /v2/{order_id}/status`` when ``verify_status``), the amount (a mismatch is recorded as
an incident and nothing changes), then ONE unit of work that locks the row and moves it forward
only, with the deal, the ledger and the outbox. A replay, a duplicate or a late earlier status
is a no-op; a crash before the commit leaves nothing behind, so the gateway's retry redoes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.payments.errors import InvalidSignature, PaymentGatewayNotFound, PaymentNotReady
from bigauto.domain.payments.events import PaymentEvents
from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.midtrans_notifications import MidtransNotification
from bigauto.domain.payments.payment import DealKind, IncidentKind, Payment, SecurityIncident
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.bookings.payment_outcomes import (
    mark_rental_paid,
    mark_sale_order_paid,
    rental_payment_failed,
    sale_order_payment_expired,
)
from bigauto.services.money.postings import record_payment
from bigauto.services.payments.checkout import (
    Outcome,
    PaymentCheckout,
    PaymentConfig,
    new_order_id,
    rental_items,
)
from bigauto.services.payments.refunds import request_refund
from bigauto.services.shared.events import new_event


class Payments(PaymentCheckout):
    """The payment use cases; one per process, built by the container."""

    async def _incident(
        self, kind: IncidentKind, order_id: str | None, detail: str, remote_ip: str | None
    ) -> None:
        incident = SecurityIncident(
            self.ids.new_id(), kind, order_id, detail, remote_ip, self.clock.now()
        )
        async with self.uow_factory() as uow:
            await uow.security_incidents.add(incident)
            await uow.commit()

    async def handle_notification(
        self, payload: Mapping[str, Any], remote_ip: str | None = None
    ) -> Outcome:
        """Act on one gateway notification; see the module docstring."""
        note = MidtransNotification.from_payload(payload)
        if not note.signature_is_valid(self.config.server_key):
            await self._incident(
                IncidentKind.BAD_SIGNATURE, note.order_id, "signature_key does not match", remote_ip
            )
            raise InvalidSignature()
        async with self.uow_factory() as uow:
            payment = await uow.payments.by_order_id(note.order_id)
        if payment is None:
            raise PaymentNotReady(
                "no payment with this order id yet; retry later",
                details={"order_id": note.order_id},
            )
        state, amount, method = note.state, note.amount, note.payment_type
        if self.config.verify_status:
            try:
                status = await self.gateway.get_status(note.order_id)
            except PaymentGatewayNotFound:
                state = PaymentState.PENDING  # no method chosen yet: still open
            else:
                state, amount, method = status.state, status.amount, status.payment_type or method
        if amount != payment.amount or note.amount != payment.amount:
            await self._incident(
                IncidentKind.AMOUNT_MISMATCH,
                note.order_id,
                f"notified {note.amount.amount}, gateway {amount.amount}, "
                f"expected {payment.amount.amount}",
                remote_ip,
            )
            return Outcome(payment, changed=False, flagged=True)
        if state not in (PaymentState.PAID, PaymentState.FAILED, PaymentState.EXPIRED):
            # Pending changes nothing; refunds are recorded by the refund flow that asked.
            return Outcome(payment, changed=False)
        return await self.apply(payment.id, state, method=method)

    async def apply(
        self, payment_id: str, state: PaymentState, *, method: str | None = None
    ) -> Outcome:
        """Move the payment to ``state`` (forward only) with everything that follows, in one
        unit of work; a replay or stale status changes nothing."""
        at = self.clock.now()
        async with self.uow_factory() as uow:
            payment = await uow.payments.get(payment_id, for_update=True)
            if payment is None:
                raise PaymentNotReady("the payment vanished", details={"id": payment_id})
            moved, change = payment.move_to(state, at=at, method=method)
            if not change.is_forward:
                return Outcome(payment, changed=False)
            await uow.payments.update(moved)
            if state is PaymentState.PAID:
                await self._paid(uow, moved, at)
            else:
                await self._failed(uow, moved, at, change.steps[-1].emits)
            await uow.commit()
        return Outcome(moved, changed=True)

    async def _paid(self, uow: UnitOfWork, payment: Payment, at: datetime) -> None:
        try:
            if payment.kind is DealKind.RENTAL:
                await mark_rental_paid(
                    uow, self.ids, booking_id=payment.deal_id, at=at, policy=self.policy
                )
            else:
                await mark_sale_order_paid(uow, self.ids, order_id=payment.deal_id, at=at)
            late = False
        except (VehicleUnavailable, InvalidTransition):
            late = True  # the deal is gone: keep the money straight and give it all back
        await record_payment(
            uow,
            payment_id=payment.id,
            seller_id=payment.seller_id,
            split=payment.split,
            reference=payment.deal_id,
            at=at,
        )
        await uow.outbox.add(await self._paid_event(uow, payment, at))
        if late:
            await request_refund(
                uow,
                self.ids,
                payment,
                payment.amount,
                refund_id=f"late-{payment.id}",
                reason="paid after the deal was cancelled",
                at=at,
            )

    async def _paid_event(self, uow: UnitOfWork, payment: Payment, at: datetime) -> DomainEvent:
        lines: list[dict[str, Any]] = []
        deal_key = "rental_booking_id" if payment.kind is DealKind.RENTAL else "sale_order_id"
        if payment.kind is DealKind.RENTAL:
            booking = await uow.rentals.get(payment.deal_id)
            if booking is not None:
                lines = [
                    {
                        "code": i.id,
                        "description": i.name,
                        "quantity": i.quantity,
                        "unit_price": i.price.amount,
                        "amount": i.subtotal.amount,
                    }
                    for i in rental_items(booking)
                ]
        facts = {
            "payment_id": payment.id,
            "order_id": payment.order_id,
            "customer_id": payment.customer_id,
            "seller_id": payment.seller_id,
            deal_key: payment.deal_id,
            "amount": payment.amount.amount,
            "method": payment.method,
            "paid_at": at.isoformat(),
            "lines": lines,
        }
        return new_event(self.ids, PaymentEvents.PAID, at, "payment", payment.id, facts)

    async def _failed(
        self, uow: UnitOfWork, payment: Payment, at: datetime, event_name: str
    ) -> None:
        # event_name is what the lifecycle emits on the way in: payment.failed or .expired.
        if payment.kind is DealKind.RENTAL:
            await rental_payment_failed(
                uow, self.ids, booking_id=payment.deal_id, at=at, reason=payment.status.value
            )
        else:
            await sale_order_payment_expired(uow, self.ids, order_id=payment.deal_id, at=at)
        facts = {"order_id": payment.order_id, "customer_id": payment.customer_id}
        await uow.outbox.add(new_event(self.ids, event_name, at, "payment", payment.id, facts))


__all__ = ["Outcome", "PaymentConfig", "Payments", "new_order_id", "rental_items"]
