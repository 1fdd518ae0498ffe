"""SQL notifications, email preferences and chat email windows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update

from bigauto.adapters.sql._rows import SqlRepository, conflict, reader, to_row
from bigauto.adapters.sql.notifications.tables import (
    chat_email_throttle,
    notification_preferences,
    notifications,
)
from bigauto.domain.notifications.inbox import Notification, NotificationPreferences
from bigauto.ports.notifications.repositories import ChatEmailWindow

_notification, _window = reader(Notification), reader(ChatEmailWindow)


class SqlNotificationRepository(SqlRepository):
    """Notifications; a user's list is read newest first through (user_id, created_at)."""

    async def add(self, notification: Notification) -> None:
        row = to_row(notification, data=dict(notification.data))
        refused = conflict(f"notification {notification.id} cannot be added")
        await self._insert(notifications, row, refused)

    async def get(self, notification_id: str) -> Notification | None:
        query = select(notifications).where(notifications.c.id == notification_id)
        return await self._first(query, _notification)

    def _mine(self, user_id: str, unread_only: bool) -> ColumnElement[bool]:
        condition = notifications.c.user_id == user_id
        if unread_only:
            condition = condition & notifications.c.read_at.is_(None)
        return condition

    async def list_for_user(
        self, user_id: str, *, unread_only: bool = False, limit: int = 20, offset: int = 0
    ) -> Sequence[Notification]:
        query = (
            select(notifications)
            .where(self._mine(user_id, unread_only))
            .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return await self._all(query, _notification)

    async def count_for_user(self, user_id: str, *, unread_only: bool = False) -> int:
        return await self._count(notifications, self._mine(user_id, unread_only))

    async def mark_read(
        self, notification_id: str, user_id: str, at: datetime
    ) -> Notification | None:
        mine = (notifications.c.id == notification_id) & (notifications.c.user_id == user_id)
        await self._conn.execute(
            update(notifications).where(mine & notifications.c.read_at.is_(None)).values(read_at=at)
        )
        return await self._first(select(notifications).where(mine), _notification)

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        return await self._update(notifications, self._mine(user_id, True), {"read_at": at})


class SqlNotificationPreferenceRepository(SqlRepository):
    """One row per user who changed a default; no row means every email on."""

    async def get(self, user_id: str) -> NotificationPreferences:
        query = select(notification_preferences.c.email_off).where(
            notification_preferences.c.user_id == user_id
        )
        off = await self._conn.scalar(query)
        return NotificationPreferences(user_id, off or ())

    async def save(self, preferences: NotificationPreferences) -> None:
        off = sorted(c.value for c in preferences.email_off)
        table = notification_preferences
        where = table.c.user_id == preferences.user_id
        await self._replace(table, where, {"user_id": preferences.user_id, "email_off": off})


class SqlChatEmailThrottleRepository(SqlRepository):
    """Chat email windows keyed by (conversation, recipient)."""

    def _key(self, conversation_id: str, recipient_id: str) -> ColumnElement[bool]:
        return (chat_email_throttle.c.conversation_id == conversation_id) & (
            chat_email_throttle.c.recipient_id == recipient_id
        )

    async def get(self, conversation_id: str, recipient_id: str) -> ChatEmailWindow | None:
        query = select(chat_email_throttle).where(self._key(conversation_id, recipient_id))
        return await self._first(query, _window)

    async def save(self, window: ChatEmailWindow) -> None:
        key = self._key(window.conversation_id, window.recipient_id)
        await self._replace(chat_email_throttle, key, to_row(window))

    async def due(
        self, now: datetime, interval: timedelta, limit: int = 100
    ) -> Sequence[ChatEmailWindow]:
        t = chat_email_throttle
        query = (
            select(t)
            .where((t.c.pending > 0) & (t.c.last_sent_at <= now - interval))
            .order_by(t.c.last_sent_at, t.c.conversation_id, t.c.recipient_id)
            .limit(limit)
        )
        return await self._all(query, _window)
