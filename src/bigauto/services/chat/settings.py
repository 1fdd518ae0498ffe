"""Chat's settings: editing, presence, typing and the socket's limits."""

from __future__ import annotations

import attrs

from bigauto.domain.shared.ratelimit import RateRule
from bigauto.services.chat.session import FRAME_RULE
from bigauto.services.shared.settings import setting


@attrs.frozen
class ChatSettings:
    """How long a message stays editable, how presence and typing are paced (seconds), and what
    one socket may send (``RATE_LIMIT_CHAT_MESSAGES`` limits the messages themselves)."""

    edit_window_minutes: int = setting(
        env="BIGAUTO_CHAT_EDIT_WINDOW_MINUTES", default=15, low=0, high=7 * 24 * 60
    )
    presence_ttl: float = setting(env="BIGAUTO_CHAT_PRESENCE_TTL", default=60.0, low=1, high=3600)
    typing_interval: float = setting(
        env="BIGAUTO_CHAT_TYPING_INTERVAL", default=2.0, low=0, high=60
    )
    max_frame_bytes: int = setting(
        env="BIGAUTO_CHAT_MAX_FRAME_BYTES", default=16 * 1024, low=256, high=1024 * 1024
    )
    #: Every frame of one socket, whatever its kind (a flood guard, not a quota).
    frame_rate: RateRule = setting(env="BIGAUTO_CHAT_FRAME_RATE", default=FRAME_RULE)


__all__ = ["ChatSettings"]
