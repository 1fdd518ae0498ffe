"""The names of the chat context's domain events (wire names: see ``domain.bookings.events``).

>>> ChatEvents.MESSAGE_SENT
'chat.message_sent'
"""

from __future__ import annotations

from typing import Final


class ChatEvents:
    """What a conversation announces.

    ``FANOUT_PENDING`` is a live frame that could not reach the other instances when it was
    sent; the worker publishes it again from the outbox.
    """

    MESSAGE_SENT: Final = "chat.message_sent"
    FANOUT_PENDING: Final = "chat.fanout_pending"


__all__ = ["ChatEvents"]
