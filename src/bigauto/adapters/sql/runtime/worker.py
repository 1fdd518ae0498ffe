"""SQL bookkeeping of the worker: processed events, dead letters and timer runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select, update

from bigauto.adapters.event_codec import decode_event, encode_event
from bigauto.adapters.sql._rows import SqlRepository, from_row, to_row
from bigauto.adapters.sql.runtime.tables import dead_letters, processed_events, timer_runs
from bigauto.ports.runtime.worker import DeadLetter


class SqlProcessedEventRepository(SqlRepository):
    """(handler, event id) rows; the primary key makes a second record lose."""

    def _key(self, handler: str, event_id: str) -> ColumnElement[bool]:
        return (processed_events.c.handler == handler) & (processed_events.c.event_id == event_id)

    async def seen(self, handler: str, event_id: str) -> bool:
        query = select(processed_events.c.handler).where(self._key(handler, event_id))
        return (await self._conn.scalar(query)) is not None

    async def record(self, handler: str, event_id: str, at: datetime) -> bool:
        if await self.seen(handler, event_id):
            return False
        # False when another worker recorded it first.
        row = {"handler": handler, "event_id": event_id, "processed_at": at}
        return await self._insert_new(processed_events, row)

    async def purge_before(self, at: datetime) -> int:
        result = await self._conn.execute(
            delete(processed_events).where(processed_events.c.processed_at < at)
        )
        return int(result.rowcount)


def _letter(row: Any) -> DeadLetter:
    event = decode_event(json.dumps(row.event).encode())
    return from_row(DeadLetter, row._mapping, event=event)


class SqlDeadLetterRepository(SqlRepository):
    """Dead letters, unique per (event id, handler)."""

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
            event = letter.event
            row = to_row(
                letter,
                event=json.loads(encode_event(event)),
                event_id=event.event_id,
                event_name=event.name,
            )
            await self._conn.execute(insert(t).values(row))
        return _letter((await self._conn.execute(select(t).where(key))).one())

    async def get(self, letter_id: str) -> DeadLetter | None:
        return await self._first(
            select(dead_letters).where(dead_letters.c.id == letter_id), _letter
        )

    async def list(
        self, *, include_replayed: bool = False, limit: int = 100
    ) -> Sequence[DeadLetter]:
        query = select(dead_letters)
        if not include_replayed:
            query = query.where(dead_letters.c.replayed_at.is_(None))
        query = query.order_by(dead_letters.c.first_failed_at, dead_letters.c.id).limit(limit)
        return await self._all(query, _letter)

    async def mark_replayed(self, letter_id: str, at: datetime) -> None:
        await self._conn.execute(
            update(dead_letters).where(dead_letters.c.id == letter_id).values(replayed_at=at)
        )


class SqlTimerRunRepository(SqlRepository):
    """When each job last ran; ``claim`` is one conditional UPDATE (or a first INSERT)."""

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
        # False when another worker made the first run.
        return await self._insert_new(t, {"name": name, "last_run_at": now})

    async def last_run(self, name: str) -> datetime | None:
        found: datetime | None = await self._conn.scalar(
            select(timer_runs.c.last_run_at).where(timer_runs.c.name == name)
        )
        return found
