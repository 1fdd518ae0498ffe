"""What the payment routes answer: a payment, and what a gateway notification did.

``payment_view`` is the one place where the JSON of a payment is decided. A payment names the
deal it pays for by ``rental_booking_id`` or ``sale_order_id``, whichever its ``kind`` is; the
other key is absent.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.payment import DealKind, Payment
from bigauto.entrypoints.http.contract import Instant, View, copied


class PaymentView(View, kw_only=True):  # kw_only again: type checkers do not inherit it
    """A checkout for one deal: where to pay it (``redirect_url``, or ``snap_token`` for the
    Snap popup), how much, and where it is."""

    payment_id: str
    order_id: str
    snap_token: str | None
    redirect_url: str | None
    amount: int
    status: PaymentState
    kind: DealKind
    rental_booking_id: str | msgspec.UnsetType = msgspec.UNSET
    sale_order_id: str | msgspec.UnsetType = msgspec.UNSET
    method: str | None
    refunded_amount: int
    expires_at: Instant
    created_at: Instant
    paid_at: Instant | None


class NotificationAnswer(View):
    """What a gateway notification did: ``changed`` when it moved the payment forward;
    ``status`` is ``flagged`` when its amount did not match (recorded, nothing changed)."""

    status: Literal["ok", "flagged"]
    changed: bool


def payment_view(payment: Payment) -> PaymentView:
    deal = (
        {"rental_booking_id": payment.deal_id}
        if payment.kind is DealKind.RENTAL
        else {"sale_order_id": payment.deal_id}
    )
    return copied(
        PaymentView,
        payment,
        payment_id=payment.id,
        amount=payment.amount.amount,
        **deal,
        refunded_amount=payment.refunded.amount,
        expires_at=payment.expires_at.isoformat(),
        created_at=payment.created_at.isoformat(),
        paid_at=payment.paid_at.isoformat() if payment.paid_at else None,
    )


__all__ = ["NotificationAnswer", "PaymentView", "payment_view"]
