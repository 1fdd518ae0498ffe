"""The names of the money context's domain events (wire names: see ``domain.bookings.events``).

>>> WithdrawalEvents.PAID
'withdrawal.paid'
"""

from __future__ import annotations

from typing import Final


class WithdrawalEvents:
    """What a seller's withdrawal announces on its way from request to payout."""

    REQUESTED: Final = "withdrawal.requested"
    APPROVED: Final = "withdrawal.approved"
    REJECTED: Final = "withdrawal.rejected"
    PAID: Final = "withdrawal.paid"


__all__ = ["WithdrawalEvents"]
