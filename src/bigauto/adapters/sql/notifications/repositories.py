"""SQL notifications, email preferences and chat email windows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.notifications.tables import (
    chat_email_throttle,
    notification_preferences,
    notifications,
)
from bigauto.domain.notifications.inbox import Notification, NotificationPreferences
from bigauto.domain.shared.errors import Conflict
from bigauto.ports.notifications.repositories import ChatEmailWindow


def _notification(row: Any) -> Notification:
    return Notification(**row._mapping)


class SqlNotificationRepository:
    """Notifications; a user's list is read newest first through (user_id, created_at)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, notification: Notification) -> None:
        row = attrs.asdict(notification, recurse=False)
        row["category"] = notification.category.value
        row["data"] = dict(notification.data)
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(notifications).values(row))
        except IntegrityError:
            raise Conflict(f"notification {notification.id} cannot be added") from None

    async def get(self, notification_id: str) -> Notification | None:
        query = select(notifications).where(notifications.c.id == notification_id)
        row = (await self._conn.execute(query)).first()
        return _notification(row) if row else None

    def _mine(self, user_id: str, unread_only: bool) -> Any:
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
        return [_notification(row) for row in await self._conn.execute(query)]

    async def count_for_user(self, user_id: str, *, unread_only: bool = False) -> int:
        query = select(func.count()).select_from(notifications)
        return int(await self._conn.scalar(query.where(self._mine(user_id, unread_only))) or 0)

    async def mark_read(
        self, notification_id: str, user_id: str, at: datetime
    ) -> Notification | None:
        mine = (notifications.c.id == notification_id) & (notifications.c.user_id == user_id)
        await self._conn.execute(
            update(notifications).where(mine & notifications.c.read_at.is_(None)).values(read_at=at)
        )
        row = (await self._conn.execute(select(notifications).where(mine))).first()
        return _notification(row) if row else None

    async def mark_all_read(self, user_id: str, at: datetime) -> int:
        result = await self._conn.execute(
            update(notifications).where(self._mine(user_id, True)).values(read_at=at)
        )
        return int(result.rowcount)


class SqlNotificationPreferenceRepository:
    """One row per user who changed a default; no row means every email on."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def get(self, user_id: str) -> NotificationPreferences:
        query = select(notification_preferences.c.email_off).where(
            notification_preferences.c.user_id == user_id
        )
        off = await self._conn.scalar(query)
        return NotificationPreferences(user_id, off or ())

    async def save(self, preferences: NotificationPreferences) -> None:
        off = sorted(c.value for c in preferences.email_off)
        table = notification_preferences
        done = await self._conn.execute(
            update(table).where(table.c.user_id == preferences.user_id).values(email_off=off)
        )
        if done.rowcount == 0:
            await self._conn.execute(
                insert(table).values(user_id=preferences.user_id, email_off=off)
            )


def _window(row: Any) -> ChatEmailWindow:
    return ChatEmailWindow(**row._mapping)


class SqlChatEmailThrottleRepository:
    """Chat email windows keyed by (conversation, recipient)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    def _key(self, conversation_id: str, recipient_id: str) -> Any:
        return (chat_email_throttle.c.conversation_id == conversation_id) & (
            chat_email_throttle.c.recipient_id == recipient_id
        )

    async def get(self, conversation_id: str, recipient_id: str) -> ChatEmailWindow | None:
        query = select(chat_email_throttle).where(self._key(conversation_id, recipient_id))
        row = (await self._conn.execute(query)).first()
        return _window(row) if row else None

    async def save(self, window: ChatEmailWindow) -> None:
        row = attrs.asdict(window, recurse=False)
        key = self._key(window.conversation_id, window.recipient_id)
        done = await self._conn.execute(update(chat_email_throttle).where(key).values(row))
        if done.rowcount == 0:
            await self._conn.execute(insert(chat_email_throttle).values(row))

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
        return [_window(row) for row in await self._conn.execute(query)]
