"""The payment gateway port: Snap-style hosted checkout plus the Core API status calls.

Two adapters implement it: ``bigauto.adapters.midtrans.MidtransGateway`` (the real Midtrans over
HTTP) and ``bigauto.adapters.local.SandboxGateway`` (the embedded default, in memory). Both tell
the outcome of a payment through signed notifications; ``get_status`` is the challenge a
notification handler makes before acting on one.

>>> request = PaymentRequest(
...     order_id="RENT-1",
...     gross_amount=Money(450_000),
...     items=(
...         PaymentItem("rental", "Avanza, 3 days", Money(150_000), quantity=3),
...     ),
...     customer=PaymentCustomer("Budi", "budi@example.com"),
...     expiry_minutes=30,
... )
>>> request.enabled_payments[:3]
('bca_va', 'bni_va', 'bri_va')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.midtrans_notifications import map_midtrans_status
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money

#: The Snap ``enabled_payments`` offered by default: virtual accounts (BCA, BNI, BRI, Mandiri
#: bill payment ``echannel``, Permata), GoPay, ShopeePay, QRIS (Snap calls it ``other_qris``)
#: and cards.
DEFAULT_ENABLED_PAYMENTS: tuple[str, ...] = (
    "bca_va",
    "bni_va",
    "bri_va",
    "echannel",
    "permata_va",
    "gopay",
    "shopeepay",
    "other_qris",
    "credit_card",
)
#: Methods Midtrans offers only to merchants who have them activated; opt in by configuration.
OPTIONAL_PAYMENTS: tuple[str, ...] = ("ovo", "dana")
KNOWN_PAYMENTS: frozenset[str] = frozenset(DEFAULT_ENABLED_PAYMENTS + OPTIONAL_PAYMENTS)

#: Midtrans limits: order ids of at most 50 characters from letters, digits and ``-_~.``;
#: item names of at most 50 characters (adapters shorten longer names).
ORDER_ID = re.compile(r"[A-Za-z0-9\-_~.]{1,50}")
ITEM_NAME_LIMIT = 50


def _invalid(message: str, **details: Any) -> ValidationFailed:
    return ValidationFailed(message, details=details)


@attrs.frozen
class PaymentItem:
    """One line of what is paid for; a negative price is a discount line (Midtrans allows it)."""

    id: str
    name: str
    price: Money
    quantity: int = 1

    def __attrs_post_init__(self) -> None:
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise _invalid("an item quantity is a whole number", item=self.id)
        if self.quantity < 1:
            raise _invalid("an item quantity is at least 1", item=self.id)
        if not self.name.strip():
            raise _invalid("an item needs a name", item=self.id)

    @property
    def subtotal(self) -> Money:
        return self.price * self.quantity


@attrs.frozen
class PaymentCustomer:
    """Who pays, as the checkout page shows it."""

    first_name: str
    email: str
    phone: str | None = None


@attrs.frozen
class PaymentRequest:
    """A request for a hosted checkout of ``gross_amount``; its items must add up to it.

    ``expiry_minutes`` is how long the customer has to pay (the booking hold); ``finish_url`` is
    where the checkout sends the customer afterwards.
    """

    order_id: str
    gross_amount: Money
    items: tuple[PaymentItem, ...]
    customer: PaymentCustomer
    expiry_minutes: int
    enabled_payments: tuple[str, ...] = DEFAULT_ENABLED_PAYMENTS
    finish_url: str | None = None

    def __attrs_post_init__(self) -> None:
        if not ORDER_ID.fullmatch(self.order_id):
            raise _invalid("an order id is 1 to 50 letters, digits or -_~.", order_id=self.order_id)
        if self.gross_amount.amount <= 0:
            raise _invalid("a payment is for a positive amount", amount=self.gross_amount.amount)
        if not self.items:
            raise _invalid("a payment lists at least one item", order_id=self.order_id)
        total = Money.sum((item.subtotal for item in self.items), self.gross_amount.currency)
        if total != self.gross_amount:
            raise _invalid(
                f"the items add up to {total}, not the gross amount {self.gross_amount}",
                items_total=total.amount,
                gross_amount=self.gross_amount.amount,
            )
        if isinstance(self.expiry_minutes, bool) or not isinstance(self.expiry_minutes, int):
            raise _invalid("expiry_minutes is a whole number of minutes")
        if self.expiry_minutes < 1:
            raise _invalid("a payment expires at least a minute after it is created")
        if not self.enabled_payments:
            raise _invalid("a payment enables at least one method")
        unknown = sorted(set(self.enabled_payments) - KNOWN_PAYMENTS)
        if unknown:
            raise _invalid(f"unknown payment methods {unknown}", unknown=unknown)


@attrs.frozen
class PaymentSession:
    """A hosted checkout: its token (for Snap JS) and the page to send the customer to."""

    token: str
    redirect_url: str


@attrs.frozen
class GatewayStatus:
    """A transaction as the gateway reports it (Midtrans ``GET /v2/{order_id}/status``).

    ``gross_amount`` and ``refund_amount`` (the total refunded so far) are whole rupiah;
    ``raw`` is the whole answer, kept for the record.
    """

    order_id: str
    transaction_status: str
    status_code: str
    gross_amount: int
    fraud_status: str | None = None
    payment_type: str | None = None
    transaction_id: str | None = None
    status_message: str | None = None
    refund_amount: int = 0
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def state(self) -> PaymentState:
        """The payment state this status stands for."""
        return map_midtrans_status(self.transaction_status, self.fraud_status)

    @property
    def amount(self) -> Money:
        return Money(self.gross_amount)


@attrs.frozen
class RefundResult:
    """An accepted refund: ``refund_amount`` is this refund's, ``transaction_status`` the
    transaction's after it (``refund`` when fully refunded, else ``partial_refund``)."""

    order_id: str
    refund_key: str
    refund_amount: Money
    transaction_status: str
    status_code: str
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def state(self) -> PaymentState:
        return map_midtrans_status(self.transaction_status)


class PaymentGateway(Protocol):
    """A payment gateway with hosted checkout, status challenge, refunds and cancellation.

    Failures are ``PaymentGatewayError`` subclasses: ``PaymentGatewayUnavailable`` (try again),
    ``PaymentGatewayAuthFailed`` (bad server key), ``PaymentGatewayRejected`` (bad content),
    ``PaymentGatewayConflict`` (duplicate order id, status that cannot change) and
    ``PaymentGatewayNotFound`` (no such transaction — including a checkout where no payment
    method has been chosen yet).
    """

    async def create_transaction(self, request: PaymentRequest) -> PaymentSession:
        """Open a hosted checkout; an order id can be used once only."""
        ...

    async def get_status(self, order_id: str) -> GatewayStatus:
        """The transaction's current status, straight from the gateway."""
        ...

    async def refund(
        self, order_id: str, amount: Money, *, reason: str, refund_key: str
    ) -> RefundResult:
        """Refund ``amount`` of a settled payment; the same ``refund_key`` never refunds twice."""
        ...

    async def cancel(self, order_id: str) -> GatewayStatus:
        """Void a transaction that is not yet settled (pending, authorised, captured)."""
        ...


__all__ = [
    "DEFAULT_ENABLED_PAYMENTS",
    "ITEM_NAME_LIMIT",
    "KNOWN_PAYMENTS",
    "OPTIONAL_PAYMENTS",
    "ORDER_ID",
    "GatewayStatus",
    "PaymentCustomer",
    "PaymentGateway",
    "PaymentItem",
    "PaymentRequest",
    "PaymentSession",
    "RefundResult",
]
