"""Stored notifications, email preferences and the chat email throttle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from bigauto.domain.notifications.inbox import Notification, NotificationPreferences


class NotificationRepository(Protocol):
    async def add(self, notification: Notification) -> None: ...

    async def get(self, notification_id: str) -> Notification | None: ...

    async def list_for_user(
        self, user_id: str, *, unread_only: bool = False, limit: int = 20, offset: int = 0
    ) -> Sequence[Notification]:
        """A user's notifications, newest first (ties broken by id, newest first)."""

    async def count_for_user(self, user_id: str, *, unread_only: bool = False) -> int: ...

    async def mark_read(
        self, notification_id: str, user_id: str, at: datetime
    ) -> Notification | None:
        """Mark one of ``user_id``'s notifications read (a read one keeps its first time);
        None when there is no such notification of theirs."""

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        """Mark every unread notification of ``user_id`` read; answer how many changed."""


class NotificationPreferenceRepository(Protocol):
    async def get(self, user_id: str) -> NotificationPreferences:
        """The user's preferences; the defaults (every email on) when none were saved."""

    async def save(self, preferences: NotificationPreferences) -> None: ...


@attrs.frozen
class ChatEmailWindow:
    """The chat emails to one recipient about one conversation: when the last went out, which
    event sent it, and how many messages arrived since without an email of their own."""

    conversation_id: str
    recipient_id: str
    last_sent_at: datetime
    last_event_id: str
    pending: int = 0
    pending_since: datetime | None = None
    last_sender_id: str | None = None


class ChatEmailThrottleRepository(Protocol):
    async def get(self, conversation_id: str, recipient_id: str) -> ChatEmailWindow | None: ...

    async def save(self, window: ChatEmailWindow) -> None:
        """Insert or replace the window of ``(conversation_id, recipient_id)``."""

    async def due(
        self, now: datetime, interval: timedelta, limit: int = 100
    ) -> Sequence[ChatEmailWindow]:
        """Windows with messages pending whose last email is at least ``interval`` old."""


__all__ = [
    "ChatEmailThrottleRepository",
    "ChatEmailWindow",
    "NotificationPreferenceRepository",
    "NotificationRepository",
]
