"""In-memory notifications, email preferences and chat email windows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import ClassVar

import attrs

from bigauto.adapters.memory._paging import newest_first, window
from bigauto.adapters.memory._repository import MemoryRepository, insert_new, stored_json
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.notifications.inbox import Notification, NotificationPreferences
from bigauto.ports.notifications.repositories import ChatEmailWindow


class MemoryNotificationRepository(MemoryRepository):
    """Notifications keyed by id; listings newest first, as the SQL one orders them."""

    tables: ClassVar[TableDeclarations] = {"notifications": dict[str, Notification]}

    async def add(self, notification: Notification) -> None:
        stored = attrs.evolve(notification, data=stored_json(notification.data))
        insert_new(self._t.notifications, notification.id, stored, "notification")

    async def get(self, notification_id: str) -> Notification | None:
        return self._t.notifications.get(notification_id)

    def _of(self, user_id: str, unread_only: bool) -> list[Notification]:
        return [
            n
            for n in self._t.notifications.values()
            if n.user_id == user_id and not (unread_only and n.is_read)
        ]

    async def list_for_user(
        self, user_id: str, *, unread_only: bool = False, limit: int = 20, offset: int = 0
    ) -> Sequence[Notification]:
        mine = newest_first(self._of(user_id, unread_only), lambda n: (n.created_at, n.id))
        return window(mine, offset, limit)

    async def count_for_user(self, user_id: str, *, unread_only: bool = False) -> int:
        return len(self._of(user_id, unread_only))

    async def mark_read(
        self, notification_id: str, user_id: str, at: datetime
    ) -> Notification | None:
        found = self._t.notifications.get(notification_id)
        if found is None or found.user_id != user_id:
            return None
        read = found.read(at)
        self._t.notifications[notification_id] = read
        return read

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        unread = self._of(user_id, unread_only=True)
        for notification in unread:
            self._t.notifications[notification.id] = notification.read(at)
        return len(unread)


class MemoryNotificationPreferenceRepository(MemoryRepository):
    """Preferences keyed by user id."""

    tables: ClassVar[TableDeclarations] = {
        "notification_preferences": dict[str, NotificationPreferences]
    }

    async def get(self, user_id: str) -> NotificationPreferences:
        return self._t.notification_preferences.get(user_id) or NotificationPreferences(user_id)

    async def save(self, preferences: NotificationPreferences) -> None:
        self._t.notification_preferences[preferences.user_id] = preferences


class MemoryChatEmailThrottleRepository(MemoryRepository):
    """Chat email windows keyed by (conversation, recipient)."""

    tables: ClassVar[TableDeclarations] = {
        # (conversation_id, recipient_id) -> the chat emails' window.
        "chat_email_windows": dict[tuple[str, str], ChatEmailWindow],
    }

    async def get(self, conversation_id: str, recipient_id: str) -> ChatEmailWindow | None:
        return self._t.chat_email_windows.get((conversation_id, recipient_id))

    async def save(self, window: ChatEmailWindow) -> None:
        self._t.chat_email_windows[(window.conversation_id, window.recipient_id)] = window

    async def due(
        self, now: datetime, interval: timedelta, limit: int = 100
    ) -> Sequence[ChatEmailWindow]:
        ready = [
            w
            for w in self._t.chat_email_windows.values()
            if w.pending > 0 and w.last_sent_at <= now - interval
        ]
        ready.sort(key=lambda w: (w.last_sent_at, w.conversation_id, w.recipient_id))
        return ready[:limit]


__all__ = [
    "MemoryChatEmailThrottleRepository",
    "MemoryNotificationPreferenceRepository",
    "MemoryNotificationRepository",
]
