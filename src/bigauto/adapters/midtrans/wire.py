"""Midtrans' wire format: the Snap request body, Core API answers, and errors as domain errors.

Snap answers errors with an HTTP 4xx/5xx and ``{"error_messages": [...]}``. The Core API often
answers HTTP 200 and puts the real outcome in the body's ``status_code`` (``"404"``, ``"412"``,
...); ``"407"`` is an expired transaction, which is a status, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from bigauto.domain.payments.errors import (
    PaymentGatewayAuthFailed,
    PaymentGatewayConflict,
    PaymentGatewayError,
    PaymentGatewayNotFound,
    PaymentGatewayRejected,
    PaymentGatewayUnavailable,
)
from bigauto.domain.payments.midtrans_notifications import parse_gross_amount
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    ITEM_NAME_LIMIT,
    GatewayStatus,
    PaymentRequest,
    RefundResult,
)

_WIB = timezone(timedelta(hours=7))
# Snap refuses a reused order id with a 400 in English or Indonesian.
_DUPLICATE = ("already been taken", "sudah digunakan", "already used")


def snap_body(request: PaymentRequest, *, now: datetime) -> dict[str, Any]:
    """The ``POST /snap/v1/transactions`` body for ``request``, its expiry counted from ``now``."""
    customer: dict[str, Any] = {
        "first_name": request.customer.first_name,
        "email": request.customer.email,
    }
    if request.customer.phone:
        customer["phone"] = request.customer.phone
    body: dict[str, Any] = {
        "transaction_details": {
            "order_id": request.order_id,
            "gross_amount": request.gross_amount.amount,
        },
        "item_details": [
            {
                "id": item.id[:ITEM_NAME_LIMIT],
                "price": item.price.amount,
                "quantity": item.quantity,
                "name": item.name[:ITEM_NAME_LIMIT],
            }
            for item in request.items
        ],
        "customer_details": customer,
        "enabled_payments": list(request.enabled_payments),
        # The hold starts when the booking is made, not when the customer picks a method.
        "expiry": {
            "start_time": now.astimezone(_WIB).strftime("%Y-%m-%d %H:%M:%S %z"),
            "unit": "minutes",
            "duration": request.expiry_minutes,
        },
    }
    if "credit_card" in request.enabled_payments:
        body["credit_card"] = {"secure": True}
    if request.finish_url:
        body["callbacks"] = {"finish": request.finish_url}
    return body


def _messages(body: Mapping[str, Any]) -> list[str]:
    found = body.get("error_messages") or body.get("validation_messages")
    if isinstance(found, Sequence) and not isinstance(found, str):
        return [str(message) for message in found]
    message = body.get("status_message")
    return [str(message)] if message else []


def error_for(status: int, body: Mapping[str, Any]) -> PaymentGatewayError:
    """The domain error for a Midtrans status code (HTTP or the body's ``status_code``)."""
    messages = _messages(body)
    text = "; ".join(messages) or f"Midtrans answered {status}"
    details = {"gateway_status": str(status), "messages": messages}
    kind: type[PaymentGatewayError]
    if status == 401:
        kind = PaymentGatewayAuthFailed
        text = "Midtrans refused the server key: " + text
    elif status == 404:
        kind = PaymentGatewayNotFound
    elif status in (406, 409, 412) or any(d in m for m in messages for d in _DUPLICATE):
        kind = PaymentGatewayConflict
    elif status == 429 or status >= 500:
        kind = PaymentGatewayUnavailable
    else:
        kind = PaymentGatewayRejected
    return kind(text, details=details)


def core_error(http_status: int, body: Mapping[str, Any]) -> PaymentGatewayError | None:
    """The error a Core API answer stands for, if any (HTTP status first, then the body's)."""
    if http_status >= 400:
        return error_for(http_status, body)
    try:
        status = int(str(body.get("status_code", "200")))
    except ValueError:
        return PaymentGatewayError(
            "Midtrans answered an unreadable status_code",
            details={"status_code": str(body.get("status_code"))},
        )
    if status >= 400 and status != 407:
        return error_for(status, body)
    return None


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise PaymentGatewayError(
            f"Midtrans answered without {name}", details={"field": name, "body": dict(body)}
        )
    return value


def _optional(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    return str(value) if value not in (None, "") else None


def parse_status(body: Mapping[str, Any]) -> GatewayStatus:
    """A Core API transaction status (status, cancel) as a ``GatewayStatus``."""
    refunded = body.get("refund_amount")
    return GatewayStatus(
        order_id=_text(body, "order_id"),
        transaction_status=_text(body, "transaction_status"),
        status_code=_text(body, "status_code"),
        gross_amount=parse_gross_amount(_text(body, "gross_amount")).amount,
        fraud_status=_optional(body, "fraud_status"),
        payment_type=_optional(body, "payment_type"),
        transaction_id=_optional(body, "transaction_id"),
        status_message=_optional(body, "status_message"),
        refund_amount=parse_gross_amount(refunded).amount if refunded else 0,
        raw=dict(body),
    )


def parse_refund(
    body: Mapping[str, Any], *, order_id: str, refund_key: str, requested: Money
) -> RefundResult:
    """The refund API's answer as a ``RefundResult`` (its own amount, else the requested one)."""
    amount = body.get("refund_amount")
    return RefundResult(
        order_id=_optional(body, "order_id") or order_id,
        refund_key=_optional(body, "refund_key") or refund_key,
        refund_amount=parse_gross_amount(amount) if amount else requested,
        transaction_status=_text(body, "transaction_status"),
        status_code=_text(body, "status_code"),
        raw=dict(body),
    )


__all__ = ["core_error", "error_for", "parse_refund", "parse_status", "snap_body"]
