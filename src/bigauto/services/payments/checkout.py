"""Opening a checkout for a deal: the first half of the payments service.

``create_payment`` stores the payment row (``pending``, with a fresh unguessable order id) in
one unit of work, opens the checkout at the gateway OUTSIDE any transaction (a slow gateway
never holds a database lock), then saves the token and redirect URL in a second one, on the
row as it is then (a notification may already have moved it). When the gateway refuses, the row
is voided (``failed``) so that the next request makes a new order id: Midtrans never accepts an
order id twice. A deal has one live payment: a second request answers the live one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from bigauto.domain.bookings.deals import visible_to
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.payments.errors import PaymentGatewayError, PaymentNotReady
from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.payment import DealKind, Payment
from bigauto.domain.shared.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    DEFAULT_ENABLED_PAYMENTS,
    PaymentCustomer,
    PaymentGateway,
    PaymentItem,
    PaymentRequest,
)
from bigauto.ports.shared.system import Clock, IdGenerator, RandomSource
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.bookings.context import BookingPolicy


@attrs.frozen
class PaymentConfig:
    """How payments are taken: the notification key, whether to challenge notifications with
    the gateway's status call, the methods offered, how long a sale order's buyer has."""

    server_key: str
    verify_status: bool = True
    enabled_payments: tuple[str, ...] = DEFAULT_ENABLED_PAYMENTS
    sale_payment_window: timedelta = timedelta(hours=24)


@attrs.frozen
class Outcome:
    """What a notification did: ``changed`` when it moved the payment forward."""

    payment: Payment | None
    changed: bool
    flagged: bool = False


def new_order_id(random: RandomSource) -> str:
    """``BA-`` and 24 URL-safe random characters: unique and unguessable, within Midtrans' 50."""
    return "BA-" + random.token(18)[:24]


def rental_items(booking: RentalBooking) -> tuple[PaymentItem, ...]:
    """The quote's lines, the discount as a negative line, the deposit: they add up to the
    total. Commission never appears: it is the platform's business, not the customer's."""
    quote = booking.quote
    items = [
        PaymentItem(line.code, line.description, line.unit_price, line.quantity)
        for line in quote.lines
    ]
    if not quote.discount.is_zero:
        items.append(
            PaymentItem("discount", f"Promo {quote.promo_code or ''}".strip(), -quote.discount)
        )
    if not quote.deposit.is_zero:
        items.append(PaymentItem("deposit", "Security deposit (refundable)", quote.deposit))
    return tuple(items)


@attrs.frozen
class _Terms:
    """What a deal asks its customer to pay, as a payment and the checkout need it."""

    kind: DealKind
    deal_id: str
    seller_id: str
    amount: Money
    revenue: Money
    commission_rate: Decimal
    expires_at: datetime
    items: tuple[PaymentItem, ...]


def _not_awaiting_payment(machine: str, state: str) -> InvalidTransition:
    return InvalidTransition(machine, state, "pay", reason="not awaiting payment")


def _policy_or_default(policy: BookingPolicy | None) -> BookingPolicy:
    return policy or BookingPolicy()


@attrs.define(eq=False)
class PaymentCheckout:
    """Creating and reading payments; :class:`~.gateway_notifications.Payments` adds the
    notifications."""

    uow_factory: UnitOfWorkFactory
    gateway: PaymentGateway
    clock: Clock
    ids: IdGenerator
    random: RandomSource
    config: PaymentConfig
    policy: BookingPolicy = attrs.field(default=None, converter=_policy_or_default)

    async def create_payment(
        self,
        customer_id: str,
        *,
        rental_booking_id: str | None = None,
        sale_order_id: str | None = None,
    ) -> Payment:
        """The deal's live payment, or a new one with an open checkout; see the module doc."""
        if (rental_booking_id is None) == (sale_order_id is None):
            raise ValidationFailed("pay for exactly one of rental_booking_id and sale_order_id")
        now = self.clock.now()
        async with self.uow_factory() as uow:
            terms = await self._terms(uow, customer_id, rental_booking_id, sale_order_id, now)
            payment = self._open(terms, customer_id, now)
            customer = await self._customer(uow, customer_id)
            request = self._request(payment, terms.items, customer, now)
            live = await uow.payments.live_for(payment.kind, payment.deal_id)
            if live is not None:
                return live
            try:
                await uow.payments.add(payment)
            except Conflict:
                added = False  # a concurrent request won the race: answer its payment
            else:
                await uow.commit()
                added = True
        if not added:
            return await self._live(payment)
        try:
            session = await self.gateway.create_transaction(request)
        except PaymentGatewayError as error:
            reason = error.code
            await self._save(payment.id, lambda p: p.voided(at=self.clock.now(), reason=reason))
            raise
        return await self._save(
            payment.id, lambda p: p.opened(token=session.token, redirect_url=session.redirect_url)
        )

    async def _save(self, payment_id: str, change: Callable[[Payment], Payment]) -> Payment:
        """Apply ``change`` to the stored row: a notification may have moved it meanwhile (the
        checkout is open before this runs), so the status on record is kept."""
        async with self.uow_factory() as uow:
            current = await uow.payments.get(payment_id, for_update=True)
            if current is None:
                raise PaymentNotReady("the payment vanished", details={"id": payment_id})
            changed = change(current)
            if changed.void and current.status is not PaymentState.PENDING:
                return current  # it was paid or failed meanwhile: not void after all
            await uow.payments.update(changed)
            await uow.commit()
        return changed

    async def _live(self, payment: Payment) -> Payment:
        async with self.uow_factory() as uow:
            live = await uow.payments.live_for(payment.kind, payment.deal_id)
        if live is None:
            raise Conflict("another payment request for this deal is in progress; try again")
        return live

    async def _customer(self, uow: UnitOfWork, user_id: str) -> PaymentCustomer:
        user = await uow.users.get(user_id)
        if user is None:
            raise NotFound(f"no user {user_id}", details={"id": user_id})
        return PaymentCustomer(user.name or user.email, user.email)

    def _open(self, terms: _Terms, customer_id: str, now: datetime) -> Payment:
        return Payment.open(
            payment_id=self.ids.new_id(),
            order_id=new_order_id(self.random),
            kind=terms.kind,
            deal_id=terms.deal_id,
            customer_id=customer_id,
            seller_id=terms.seller_id,
            amount=terms.amount,
            revenue=terms.revenue,
            commission_rate=terms.commission_rate,
            expires_at=terms.expires_at,
            created_at=now,
        )

    def _request(
        self,
        payment: Payment,
        items: tuple[PaymentItem, ...],
        customer: PaymentCustomer,
        now: datetime,
    ) -> PaymentRequest:
        minutes = max(1, math.ceil((payment.expires_at - now).total_seconds() / 60))
        return PaymentRequest(
            order_id=payment.order_id,
            gross_amount=payment.amount,
            items=items,
            customer=customer,
            expiry_minutes=minutes,
            enabled_payments=self.config.enabled_payments,
        )

    async def _terms(
        self,
        uow: UnitOfWork,
        customer_id: str,
        booking_id: str | None,
        order_id: str | None,
        now: datetime,
    ) -> _Terms:
        """What the customer's rental booking, or else sale order, asks them to pay."""
        if booking_id is not None:
            booking = await uow.rentals.get(booking_id)
            if booking is None or booking.customer_id != customer_id:
                raise NotFound(f"no rental {booking_id}", details={"id": booking_id})
            if booking.status is not RentalState.PENDING_PAYMENT or booking.hold_expired(now):
                raise _not_awaiting_payment("rental", booking.status.value)
            return _Terms(
                kind=DealKind.RENTAL,
                deal_id=booking.id,
                seller_id=booking.seller_id,
                amount=booking.quote.total,
                revenue=booking.quote.revenue,
                commission_rate=booking.commission_rate,
                expires_at=booking.hold_expires_at,
                items=rental_items(booking),
            )
        assert order_id is not None
        order = await uow.sale_orders.get(order_id)
        if order is None or order.buyer_id != customer_id:
            raise NotFound(f"no sale order {order_id}", details={"id": order_id})
        if order.status is not SaleOrderState.PENDING_PAYMENT or order.agreed_price is None:
            raise _not_awaiting_payment("sale_order", order.status.value)
        price = order.agreed_price
        return _Terms(
            kind=DealKind.SALE,
            deal_id=order.id,
            seller_id=order.seller_id,
            amount=price,
            revenue=price,
            commission_rate=order.commission_rate,
            expires_at=now + self.config.sale_payment_window,
            items=(PaymentItem("vehicle", "Vehicle purchase", price),),
        )

    async def get_payment(
        self, payment_id: str, user_id: str, *, is_admin: bool = False
    ) -> Payment:
        """The payment, for its customer, the deal's seller or an admin; NotFound otherwise."""
        async with self.uow_factory() as uow:
            payment = await uow.payments.get(payment_id)
        if payment is None or not visible_to(payment, user_id, is_admin=is_admin):
            raise NotFound(f"no payment {payment_id}", details={"id": payment_id})
        return payment


__all__ = ["Outcome", "PaymentCheckout", "PaymentConfig", "new_order_id", "rental_items"]
