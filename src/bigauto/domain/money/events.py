"""The names of the money context's domain events (wire names, see ``bookings.events``)."""

from __future__ import annotations

import enum


class WithdrawalEvents(enum.StrEnum):
    """What a seller's withdrawal announces on its way from request to payout."""

    REQUESTED = "withdrawal.requested"
    APPROVED = "withdrawal.approved"
    REJECTED = "withdrawal.rejected"
    PAID = "withdrawal.paid"


__all__ = ["WithdrawalEvents"]
