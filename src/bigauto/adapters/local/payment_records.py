"""Midtrans' record of one payment, in memory, and how Midtrans writes it on the wire.

Shared by the sandbox (``payment_book.TransactionBook``) and the fake Midtrans server. Errors are
the domain's ``PaymentGatewayError`` subclasses carrying the Midtrans status code in
``details["gateway_status"]``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from bigauto.domain.payments.errors import (
    PaymentGatewayConflict,
    PaymentGatewayError,
    PaymentGatewayNotFound,
)
from bigauto.domain.payments.midtrans_notifications import format_gross_amount, sign_notification
from bigauto.ports.payments.gateway import GatewayStatus

#: Snap's ``enabled_payments`` names → the ``payment_type`` the Core API reports.
PAYMENT_TYPES: Mapping[str, str] = {
    "bca_va": "bank_transfer",
    "bni_va": "bank_transfer",
    "bri_va": "bank_transfer",
    "permata_va": "bank_transfer",
    "echannel": "echannel",
    "gopay": "gopay",
    "shopeepay": "shopeepay",
    "other_qris": "qris",
    "credit_card": "credit_card",
    "ovo": "ovo",
    "dana": "dana",
}
#: Methods Midtrans can refund through its API; virtual accounts and bill payments cannot be.
REFUNDABLE = frozenset({"credit_card", "gopay", "shopeepay", "other_qris", "ovo", "dana"})

_STATUS_CODE = {
    "pending": "201",
    "settlement": "200",
    "capture": "200",
    "authorize": "200",
    "deny": "202",
    "failure": "202",
    "cancel": "200",
    "expire": "407",
    "refund": "200",
    "partial_refund": "200",
}
_MESSAGE = "Success, transaction is found"
_WIB = timezone(timedelta(hours=7))  # Midtrans writes its times in Jakarta time


def gateway_error(
    kind: type[PaymentGatewayError], status_code: str, message: str
) -> PaymentGatewayError:
    """A domain error carrying what Midtrans would have said."""
    return kind(message, details={"gateway_status": status_code, "messages": [message]})


def not_found(order_id: str) -> PaymentGatewayError:
    error = gateway_error(PaymentGatewayNotFound, "404", "Transaction doesn't exist.")
    error.details["order_id"] = order_id
    return error


def cannot_modify() -> PaymentGatewayError:
    return gateway_error(
        PaymentGatewayConflict, "412", "Merchant cannot modify the status of the transaction"
    )


def midtrans_time(at: datetime) -> str:
    return at.astimezone(_WIB).strftime("%Y-%m-%d %H:%M:%S")


@attrs.define
class SandboxRefund:
    """One accepted refund."""

    refund_key: str
    amount: int
    reason: str
    chargeback_id: int
    created_at: datetime


@attrs.define
class SandboxTransaction:
    """One Snap checkout and, once a method is chosen, its transaction."""

    order_id: str
    gross_amount: int
    token: str
    transaction_id: str
    created_at: datetime
    expires_at: datetime
    enabled_payments: tuple[str, ...]
    request: Mapping[str, Any] = attrs.field(factory=dict)
    method: str | None = None
    transaction_status: str | None = None  # None: the checkout is open, nothing charged yet
    fraud_status: str | None = None
    transaction_time: datetime | None = None
    settlement_time: datetime | None = None
    refunds: list[SandboxRefund] = attrs.field(factory=list)

    @property
    def exists(self) -> bool:
        """Whether the Core API knows it (a method has been chosen)."""
        return self.transaction_status is not None

    @property
    def refunded(self) -> int:
        return sum(refund.amount for refund in self.refunds)

    @property
    def status_code(self) -> str:
        if self.transaction_status == "capture" and self.fraud_status == "challenge":
            return "201"
        return _STATUS_CODE[self.transaction_status or "pending"]

    def body(self, server_key: str, *, message: str = _MESSAGE) -> dict[str, Any]:
        """The transaction as the Core API (and a notification) writes it, signed."""
        if self.transaction_status is None or self.method is None:
            raise not_found(self.order_id)  # an open checkout has no transaction to show
        gross = format_gross_amount(self.gross_amount)
        body: dict[str, Any] = {
            "status_code": self.status_code,
            "status_message": message,
            "transaction_id": self.transaction_id,
            "order_id": self.order_id,
            "merchant_id": "SANDBOX",
            "gross_amount": gross,
            "currency": "IDR",
            "payment_type": PAYMENT_TYPES[self.method],
            "transaction_time": midtrans_time(self.transaction_time or self.created_at),
            "transaction_status": self.transaction_status,
            "expiry_time": midtrans_time(self.expires_at),
            "signature_key": sign_notification(self.order_id, self.status_code, gross, server_key),
        }
        if self.fraud_status:
            body["fraud_status"] = self.fraud_status
        if self.settlement_time:
            body["settlement_time"] = midtrans_time(self.settlement_time)
        body.update(_method_details(self.method, self.order_id))
        if self.refunds:
            body["refund_amount"] = format_gross_amount(self.refunded)
            body["refunds"] = [
                {
                    "refund_chargeback_id": refund.chargeback_id,
                    "refund_amount": format_gross_amount(refund.amount),
                    "reason": refund.reason,
                    "refund_key": refund.refund_key,
                    "created_at": midtrans_time(refund.created_at),
                }
                for refund in self.refunds
            ]
        return body

    def notification(self, server_key: str) -> dict[str, Any]:
        """The HTTP notification Midtrans posts for the transaction's current status."""
        return self.body(server_key, message="midtrans payment notification")

    def to_status(self, server_key: str) -> GatewayStatus:
        body = self.body(server_key)
        return GatewayStatus(
            order_id=self.order_id,
            transaction_status=body["transaction_status"],
            status_code=body["status_code"],
            gross_amount=self.gross_amount,
            fraud_status=self.fraud_status,
            payment_type=body["payment_type"],
            transaction_id=self.transaction_id,
            status_message=body["status_message"],
            refund_amount=self.refunded,
            raw=body,
        )


def _method_details(method: str, order_id: str) -> dict[str, Any]:
    # Deterministic, plausible payment codes so that a page or a test can show them.
    digits = str(int(hashlib.sha256(order_id.encode()).hexdigest(), 16))[:11].rjust(11, "0")
    if method in {"bca_va", "bni_va", "bri_va"}:
        return {"va_numbers": [{"bank": method.removesuffix("_va"), "va_number": digits}]}
    if method == "permata_va":
        return {"permata_va_number": digits[:10]}
    if method == "echannel":
        return {"bill_key": digits, "biller_code": "70012"}
    if method == "credit_card":
        return {"masked_card": "48111111-1114", "bank": "bni", "card_type": "credit"}
    return {}


__all__ = [
    "PAYMENT_TYPES",
    "REFUNDABLE",
    "SandboxRefund",
    "SandboxTransaction",
    "cannot_modify",
    "gateway_error",
    "midtrans_time",
    "not_found",
]
