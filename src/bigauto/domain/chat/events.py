"""The names of the chat context's domain events (wire names, see ``bookings.events``)."""

from __future__ import annotations

import enum


class ChatEvents(enum.StrEnum):
    """What a conversation announces.

    ``FANOUT_PENDING`` is a live frame that could not reach the other instances when it was
    sent; the worker publishes it again from the outbox.
    """

    MESSAGE_SENT = "chat.message_sent"
    FANOUT_PENDING = "chat.fanout_pending"


__all__ = ["ChatEvents"]
