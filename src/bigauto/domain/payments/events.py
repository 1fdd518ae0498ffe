"""The names of the payments context's domain events (wire names, see ``bookings.events``)."""

from __future__ import annotations

import enum


class PaymentEvents(enum.StrEnum):
    """What a payment announces: its outcome, and a refund waiting for the gateway."""

    PAID = "payment.paid"
    FAILED = "payment.failed"
    EXPIRED = "payment.expired"
    REFUNDED = "payment.refunded"
    PARTIALLY_REFUNDED = "payment.partially_refunded"
    REFUND_REQUESTED = "payment.refund_requested"


__all__ = ["PaymentEvents"]
