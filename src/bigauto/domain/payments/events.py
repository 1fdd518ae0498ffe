"""The names of the payments context's domain events (wire names: see ``domain.bookings.events``).

>>> PaymentEvents.PAID
'payment.paid'
"""

from __future__ import annotations

from typing import Final


class PaymentEvents:
    """What a payment announces: its outcome, and a refund waiting for the gateway."""

    PAID: Final = "payment.paid"
    FAILED: Final = "payment.failed"
    EXPIRED: Final = "payment.expired"
    REFUNDED: Final = "payment.refunded"
    PARTIALLY_REFUNDED: Final = "payment.partially_refunded"
    REFUND_REQUESTED: Final = "payment.refund_requested"


__all__ = ["PaymentEvents"]
