"""SQL notifications, preferences, chat email windows, and the worker's bookkeeping.

Processed events and timer runs are compare-and-sets: an insert that loses to a unique key
(inside a savepoint, so the caller's transaction goes on), and an UPDATE conditioned on the
last run, whose row count says who won.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.event_codec import decode_event, encode_event
from bigauto.adapters.sql.tables_notifications import (
    chat_email_throttle,
    dead_letters,
    notification_preferences,
    notifications,
    processed_events,
    timer_runs,
)
from bigauto.domain.errors import Conflict
from bigauto.domain.notifications import Notification, NotificationPreferences
from bigauto.ports.notifications import ChatEmailWindow
from bigauto.ports.worker import DeadLetter


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


class SqlProcessedEventRepository:
    """(handler, event id) rows; the primary key makes a second record lose."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    def _key(self, handler: str, event_id: str) -> Any:
        return (processed_events.c.handler == handler) & (processed_events.c.event_id == event_id)

    async def seen(self, handler: str, event_id: str) -> bool:
        query = select(processed_events.c.handler).where(self._key(handler, event_id))
        return (await self._conn.scalar(query)) is not None

    async def record(self, handler: str, event_id: str, at: datetime) -> bool:
        if await self.seen(handler, event_id):
            return False
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(
                    insert(processed_events).values(
                        handler=handler, event_id=event_id, processed_at=at
                    )
                )
        except IntegrityError:
            return False  # another worker committed it first
        return True

    async def purge_before(self, at: datetime) -> int:
        result = await self._conn.execute(
            delete(processed_events).where(processed_events.c.processed_at < at)
        )
        return int(result.rowcount)


def _letter(row: Any) -> DeadLetter:
    m = row._mapping
    return DeadLetter(
        id=m["id"],
        event=decode_event(json.dumps(m["event"]).encode()),
        handler=m["handler"],
        error=m["error"],
        attempts=m["attempts"],
        first_failed_at=m["first_failed_at"],
        last_failed_at=m["last_failed_at"],
        replayed_at=m["replayed_at"],
    )


class SqlDeadLetterRepository:
    """Dead letters, unique per (event id, handler)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def record(self, letter: DeadLetter) -> DeadLetter:
        t = dead_letters
        key = (t.c.event_id == letter.event.event_id) & (t.c.handler == letter.handler)
        done = await self._conn.execute(
            update(t)
            .where(key)
            .values(
                error=letter.error,
                attempts=t.c.attempts + letter.attempts,
                last_failed_at=letter.last_failed_at,
                replayed_at=None,
            )
        )
        if done.rowcount == 0:
            await self._conn.execute(
                insert(t).values(
                    id=letter.id,
                    event_id=letter.event.event_id,
                    event_name=letter.event.name,
                    handler=letter.handler,
                    event=json.loads(encode_event(letter.event)),
                    error=letter.error,
                    attempts=letter.attempts,
                    first_failed_at=letter.first_failed_at,
                    last_failed_at=letter.last_failed_at,
                    replayed_at=letter.replayed_at,
                )
            )
        row = (await self._conn.execute(select(t).where(key))).one()
        return _letter(row)

    async def get(self, letter_id: str) -> DeadLetter | None:
        row = (
            await self._conn.execute(select(dead_letters).where(dead_letters.c.id == letter_id))
        ).first()
        return _letter(row) if row else None

    async def list(
        self, *, include_replayed: bool = False, limit: int = 100
    ) -> Sequence[DeadLetter]:
        query = select(dead_letters)
        if not include_replayed:
            query = query.where(dead_letters.c.replayed_at.is_(None))
        query = query.order_by(dead_letters.c.first_failed_at, dead_letters.c.id).limit(limit)
        return [_letter(row) for row in await self._conn.execute(query)]

    async def mark_replayed(self, letter_id: str, at: datetime) -> None:
        await self._conn.execute(
            update(dead_letters).where(dead_letters.c.id == letter_id).values(replayed_at=at)
        )


class SqlTimerRunRepository:
    """When each job last ran; ``claim`` is one conditional UPDATE (or a first INSERT)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def claim(self, name: str, now: datetime, interval: timedelta) -> bool:
        t = timer_runs
        done = await self._conn.execute(
            update(t)
            .where((t.c.name == name) & (t.c.last_run_at <= now - interval))
            .values(last_run_at=now)
        )
        if done.rowcount:
            return True
        if await self.last_run(name) is not None:
            return False
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(t).values(name=name, last_run_at=now))
        except IntegrityError:
            return False  # another worker made the first run
        return True

    async def last_run(self, name: str) -> datetime | None:
        found: datetime | None = await self._conn.scalar(
            select(timer_runs.c.last_run_at).where(timer_runs.c.name == name)
        )
        return found


__all__ = [
    "SqlChatEmailThrottleRepository",
    "SqlDeadLetterRepository",
    "SqlNotificationPreferenceRepository",
    "SqlNotificationRepository",
    "SqlProcessedEventRepository",
    "SqlTimerRunRepository",
]
