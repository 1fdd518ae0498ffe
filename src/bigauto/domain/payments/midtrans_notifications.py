"""The rules of Midtrans payment notifications, pure: signatures, amounts and status mapping.

Midtrans signs every HTTP notification with ``signature_key`` = SHA-512 hex of
``order_id + status_code + gross_amount + server_key``, where ``gross_amount`` is the decimal
string exactly as sent (``"150000.00"`` for IDR). Its ``transaction_status`` (and, for cards,
``fraud_status``) maps onto the payment lifecycle's states; statuses only move forward, which
:func:`bigauto.domain.payments.lifecycle.payment_status_change` decides.

>>> key = "sandbox-server-key"
>>> signature = sign_notification("ORDER-1", "200", "150000.00", key)
>>> verify_signature("ORDER-1", "200", "150000.00", key, signature)
True
>>> verify_signature("ORDER-1", "200", "150001.00", key, signature)
False
>>> map_midtrans_status("capture", "challenge")
<PaymentState.PENDING: 'pending'>
>>> parse_gross_amount("150000.00")
Money(amount=150000, currency='IDR')
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.shared.errors import ValidationFailed, one_of
from bigauto.domain.shared.money import MAX_AMOUNT, Money


class TransactionStatus(enum.StrEnum):
    """Midtrans' ``transaction_status`` values."""

    AUTHORIZE = "authorize"
    CAPTURE = "capture"
    SETTLEMENT = "settlement"
    PENDING = "pending"
    DENY = "deny"
    CANCEL = "cancel"
    EXPIRE = "expire"
    FAILURE = "failure"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    CHARGEBACK = "chargeback"
    PARTIAL_CHARGEBACK = "partial_chargeback"


class FraudStatus(enum.StrEnum):
    """Midtrans' ``fraud_status`` (its fraud detection's verdict on a card capture)."""

    ACCEPT = "accept"
    CHALLENGE = "challenge"
    DENY = "deny"


_T, _F, _S = TransactionStatus, FraudStatus, PaymentState

# Statuses whose meaning does not depend on the fraud verdict. A chargeback returns the money
# to the customer just as a refund does, so the ledger must treat it as one.
_PLAIN: Mapping[TransactionStatus, PaymentState] = {
    _T.AUTHORIZE: _S.PENDING,
    _T.SETTLEMENT: _S.PAID,
    _T.PENDING: _S.PENDING,
    _T.DENY: _S.FAILED,
    _T.CANCEL: _S.FAILED,
    _T.FAILURE: _S.FAILED,
    _T.EXPIRE: _S.EXPIRED,
    _T.REFUND: _S.REFUNDED,
    _T.PARTIAL_REFUND: _S.PARTIALLY_REFUNDED,
    _T.CHARGEBACK: _S.REFUNDED,
    _T.PARTIAL_CHARGEBACK: _S.PARTIALLY_REFUNDED,
}

# A card capture: money taken unless fraud detection holds it for review (challenge, which the
# merchant approves or denies later) or denies it. No verdict means no fraud detection ran.
_CAPTURE: Mapping[FraudStatus | None, PaymentState] = {
    None: _S.PAID,
    _F.ACCEPT: _S.PAID,
    _F.CHALLENGE: _S.PENDING,
    _F.DENY: _S.FAILED,
}


_Choice = TypeVar("_Choice", bound=enum.Enum)


def _choice(enum_type: type[_Choice], field: str, value: str) -> _Choice:
    message = f"{value!r} is not a Midtrans {field}"
    return one_of(enum_type, value, message, field=field, value=value)


def map_midtrans_status(transaction_status: str, fraud_status: str | None = None) -> PaymentState:
    """The payment state a Midtrans ``transaction_status`` (and ``fraud_status``) stands for.

    ``capture`` + ``accept`` (or no verdict) and ``settlement`` are paid; ``capture`` +
    ``challenge`` stays pending; deny, cancel and failure fail; ``expire`` expires; refunds map
    to refunded or partially refunded. An unknown value is a ValidationFailed.
    """
    status: TransactionStatus = _choice(TransactionStatus, "transaction_status", transaction_status)
    fraud: FraudStatus | None = (
        _choice(FraudStatus, "fraud_status", fraud_status) if fraud_status else None
    )
    if status is TransactionStatus.CAPTURE:
        return _CAPTURE[fraud]
    return _PLAIN[status]


def sign_notification(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """The ``signature_key`` Midtrans puts on a notification: lower-case SHA-512 hex."""
    payload = f"{order_id}{status_code}{gross_amount}{server_key}".encode()
    return hashlib.sha512(payload).hexdigest()


def verify_signature(
    order_id: str, status_code: str, gross_amount: str, server_key: str, signature_key: str
) -> bool:
    """Whether ``signature_key`` signs these fields with ``server_key``, in constant time."""
    expected = sign_notification(order_id, status_code, gross_amount, server_key).encode()
    return hmac.compare_digest(expected, signature_key.encode("utf-8", "surrogatepass"))


_AMOUNT = re.compile(r"(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?")


def parse_gross_amount(text: str | int, currency: str = "IDR") -> Money:
    """A Midtrans ``gross_amount`` (``"150000.00"``) as Money; fractions of a unit are refused.

    Only plain decimals are accepted (no sign, exponent, spaces or separators): a notification
    that spells its amount oddly is not one Midtrans sent.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    match = _AMOUNT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValidationFailed(
            f"{text!r} is not a gross amount", details={"field": "gross_amount", "value": text}
        )
    value = Decimal(text)
    if value != value.to_integral_value():
        raise ValidationFailed(
            f"gross amount {text} is not a whole number of units",
            details={"field": "gross_amount", "value": text},
        )
    if value > MAX_AMOUNT:
        raise ValidationFailed(
            f"gross amount {text} is out of range", details={"field": "gross_amount", "value": text}
        )
    return Money(int(value), currency)


def format_gross_amount(amount: Money | int) -> str:
    """An amount the way Midtrans writes it in statuses and notifications: ``"150000.00"``."""
    units = amount.amount if isinstance(amount, Money) else amount
    return f"{units}.00"


@attrs.frozen
class MidtransNotification:
    """A Midtrans HTTP notification, the fields the engine acts on; build with ``from_payload``.

    ``raw`` keeps the whole payload (VA numbers, refunds, ...) for the record.
    """

    order_id: str
    status_code: str
    gross_amount: str
    signature_key: str
    transaction_status: str
    fraud_status: str | None = None
    payment_type: str | None = None
    transaction_id: str | None = None
    transaction_time: str | None = None
    settlement_time: str | None = None
    status_message: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> MidtransNotification:
        """Read a decoded JSON notification; a missing or non-text field is a ValidationFailed."""
        if not isinstance(payload, Mapping):
            raise ValidationFailed("a notification is a JSON object")

        def required(name: str) -> str:
            value = payload.get(name)
            if not isinstance(value, str) or not value:
                raise ValidationFailed(
                    f"notification field {name} is missing or not text", details={"field": name}
                )
            return value

        def optional(name: str) -> str | None:
            value = payload.get(name)
            if value is not None and not isinstance(value, str):
                raise ValidationFailed(
                    f"notification field {name} is not text", details={"field": name}
                )
            return value or None

        return cls(
            order_id=required("order_id"),
            status_code=required("status_code"),
            gross_amount=required("gross_amount"),
            signature_key=required("signature_key"),
            transaction_status=required("transaction_status"),
            fraud_status=optional("fraud_status"),
            payment_type=optional("payment_type"),
            transaction_id=optional("transaction_id"),
            transaction_time=optional("transaction_time"),
            settlement_time=optional("settlement_time"),
            status_message=optional("status_message"),
            raw=dict(payload),
        )

    def signature_is_valid(self, server_key: str) -> bool:
        """Whether Midtrans (or whoever holds ``server_key``) signed this notification."""
        return verify_signature(
            self.order_id, self.status_code, self.gross_amount, server_key, self.signature_key
        )

    @property
    def amount(self) -> Money:
        """The gross amount as Money (a ValidationFailed when it is not whole rupiah)."""
        return parse_gross_amount(self.gross_amount)

    @property
    def state(self) -> PaymentState:
        """The payment state this notification reports."""
        return map_midtrans_status(self.transaction_status, self.fraud_status)


__all__ = [
    "FraudStatus",
    "MidtransNotification",
    "TransactionStatus",
    "format_gross_amount",
    "map_midtrans_status",
    "parse_gross_amount",
    "sign_notification",
    "verify_signature",
]
