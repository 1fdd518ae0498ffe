"""Midtrans' side of a payment, in memory: one state model for the sandbox and the fake server.

A ``TransactionBook`` behaves as Midtrans documents it. Opening a Snap checkout creates no
transaction: the status API answers 404 until the customer picks a payment method (``choose``),
which makes it ``pending``. Paying settles it (a card is ``capture`` with a fraud verdict
instead), failing denies it, and at its expiry a pending transaction ``expire``s. Cancel voids
what is not yet settled; refunds apply to settled payments of refundable methods only, at most
up to what is left, and a repeated ``refund_key`` refunds nothing twice.

Failures are the domain's ``PaymentGatewayError`` subclasses with the Midtrans status code in
``details["gateway_status"]``: the sandbox raises them as they are, the fake server writes them
back onto the wire.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bigauto.adapters.local.payment_records import (
    PAYMENT_TYPES,
    REFUNDABLE,
    SandboxRefund,
    SandboxTransaction,
    cannot_modify,
    gateway_error,
    not_found,
)
from bigauto.adapters.memory.clock import SystemClock
from bigauto.domain.payments.errors import PaymentGatewayConflict, PaymentGatewayRejected
from bigauto.domain.payments.midtrans_notifications import format_gross_amount
from bigauto.ports.shared.system import Clock

_OPEN = {"pending", "authorize", "capture"}
_REFUND_KEY = re.compile(r"[A-Za-z0-9\-_]{1,100}")


class TransactionBook:
    """Every checkout and transaction of one merchant, as Midtrans keeps them."""

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock: Clock = clock or SystemClock()
        self._transactions: dict[str, SandboxTransaction] = {}
        self._chargebacks = 0

    def now(self) -> datetime:
        return self._clock.now()

    def open_checkout(
        self,
        *,
        order_id: str,
        gross_amount: int,
        enabled_payments: tuple[str, ...],
        expiry_minutes: int,
        starts_at: datetime | None = None,
        request: Mapping[str, Any] | None = None,
    ) -> SandboxTransaction:
        """A new Snap checkout; an order id is taken once and for all.

        It expires ``expiry_minutes`` after ``starts_at`` (default: now), as Snap's ``expiry``
        with a ``start_time`` does.
        """
        if order_id in self._transactions:
            raise gateway_error(
                PaymentGatewayConflict,
                "406",
                "transaction_details.order_id has already been taken",
            )
        now = self.now()
        record = SandboxTransaction(
            order_id=order_id,
            gross_amount=gross_amount,
            token=str(uuid.uuid4()),
            transaction_id=str(uuid.uuid4()),
            created_at=now,
            expires_at=(starts_at or now) + timedelta(minutes=expiry_minutes),
            enabled_payments=enabled_payments,
            request=dict(request or {}),
        )
        self._transactions[order_id] = record
        return record

    def checkout(self, order_id: str) -> SandboxTransaction:
        """The checkout for ``order_id``, whether or not a transaction exists yet."""
        record = self._transactions.get(order_id)
        if record is None:
            raise not_found(order_id)
        self._expire_if_due(record)
        return record

    def get(self, order_id: str) -> SandboxTransaction:
        """The transaction, as the status API sees it: 404 until a method is chosen."""
        record = self.checkout(order_id)
        if not record.exists:
            raise not_found(order_id)
        return record

    def _expire_if_due(self, record: SandboxTransaction) -> None:
        if record.transaction_status == "pending" and self.now() >= record.expires_at:
            record.transaction_status = "expire"

    def _method(self, record: SandboxTransaction, method: str | None) -> str:
        if method is None:
            if record.method is not None:
                return record.method
            refundable = [m for m in record.enabled_payments if m in REFUNDABLE]
            return (refundable or list(record.enabled_payments))[0]
        if method not in record.enabled_payments:
            raise gateway_error(
                PaymentGatewayRejected, "402", f"payment method {method!r} is not enabled"
            )
        return method

    def choose(self, order_id: str, method: str | None = None) -> SandboxTransaction:
        """The customer picks a method: the transaction now exists and is pending."""
        record = self.checkout(order_id)
        if record.exists:
            if record.transaction_status not in _OPEN:
                raise cannot_modify()
            return record
        if self.now() >= record.expires_at:
            raise gateway_error(PaymentGatewayConflict, "407", "the checkout has expired")
        record.method = self._method(record, method)
        record.transaction_status = "pending"
        record.transaction_time = self.now()
        return record

    def _open(self, order_id: str, method: str | None) -> SandboxTransaction:
        record = self.choose(order_id, method)
        if record.transaction_status not in _OPEN:
            raise cannot_modify()
        return record

    def pay(self, order_id: str, method: str | None = None) -> SandboxTransaction:
        """The customer pays: settled, or for a card captured and accepted by fraud detection."""
        record = self._open(order_id, method)
        if record.method == "credit_card":
            record.transaction_status, record.fraud_status = "capture", "accept"
        else:
            return self.settle(order_id)
        return record

    def settle(self, order_id: str, method: str | None = None) -> SandboxTransaction:
        """The money arrives: ``settlement`` (a card capture settles too)."""
        record = self._open(order_id, method)
        record.transaction_status = "settlement"
        if record.method == "credit_card":
            record.fraud_status = "accept"
        record.settlement_time = self.now()
        return record

    def challenge(self, order_id: str) -> SandboxTransaction:
        """A card capture that fraud detection holds for the merchant's review."""
        record = self._open(order_id, "credit_card")
        if record.transaction_status != "pending" or record.method != "credit_card":
            raise cannot_modify()
        record.transaction_status, record.fraud_status = "capture", "challenge"
        return record

    def deny(self, order_id: str, method: str | None = None) -> SandboxTransaction:
        """The bank or fraud detection refuses the payment (an accepted capture stays paid)."""
        record = self._open(order_id, method)
        if record.transaction_status == "capture" and record.fraud_status != "challenge":
            raise cannot_modify()
        record.transaction_status = "deny"
        if record.method == "credit_card":
            record.fraud_status = "deny" if record.fraud_status == "challenge" else "accept"
        return record

    def expire(self, order_id: str, method: str | None = None) -> SandboxTransaction:
        """The customer never paid: a pending transaction expires."""
        record = self.checkout(order_id)
        if not record.exists:
            record.method = self._method(record, method)
            record.transaction_time = self.now()
        elif record.transaction_status != "pending":
            raise cannot_modify()
        record.transaction_status = "expire"
        return record

    def cancel(self, order_id: str) -> SandboxTransaction:
        """The merchant voids what is not yet settled."""
        record = self.get(order_id)
        if record.transaction_status not in _OPEN:
            raise cannot_modify()
        record.transaction_status = "cancel"
        return record

    def refund(
        self, order_id: str, *, amount: int | None, refund_key: str, reason: str
    ) -> tuple[SandboxTransaction, SandboxRefund]:
        """Refund part or all of a settled payment; a known ``refund_key`` answers the original."""
        record = self.get(order_id)
        if not _REFUND_KEY.fullmatch(refund_key):
            raise gateway_error(
                PaymentGatewayRejected, "400", "refund_key may hold letters, digits, - and _"
            )
        for earlier in record.refunds:
            if earlier.refund_key == refund_key:
                if amount is not None and amount != earlier.amount:
                    raise gateway_error(
                        PaymentGatewayConflict,
                        "412",
                        "refund_key was already used for a different amount",
                    )
                return record, earlier
        if record.transaction_status not in {"settlement", "partial_refund"}:
            raise cannot_modify()
        method = record.method or ""
        if method not in REFUNDABLE:
            raise gateway_error(
                PaymentGatewayConflict,
                "412",
                f"payment type {PAYMENT_TYPES.get(method)} cannot be refunded through the API",
            )
        remaining = record.gross_amount - record.refunded
        value = remaining if amount is None else amount
        if not 0 < value <= remaining:
            raise gateway_error(
                PaymentGatewayRejected,
                "400",
                f"refund amount must be between 1 and the remaining {remaining}",
            )
        self._chargebacks += 1
        refund = SandboxRefund(refund_key, value, reason, self._chargebacks, self.now())
        record.refunds.append(refund)
        record.transaction_status = "refund" if value == remaining else "partial_refund"
        return record, refund

    def refund_body(
        self, record: SandboxTransaction, refund: SandboxRefund, server_key: str
    ) -> dict[str, Any]:
        """The refund API's answer."""
        body = record.body(server_key, message="Success, refund request is approved")
        body.update(
            refund_chargeback_id=refund.chargeback_id,
            refund_amount=format_gross_amount(refund.amount),
            refund_key=refund.refund_key,
        )
        return body


__all__ = ["SandboxRefund", "SandboxTransaction", "TransactionBook"]
