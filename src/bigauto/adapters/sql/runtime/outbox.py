"""The SQL outbox: events stored in the unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select, update

from bigauto.adapters.sql._rows import SqlRepository
from bigauto.adapters.sql.runtime import mapping
from bigauto.adapters.sql.runtime.tables import outbox
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.runtime.outbox import OutboxRecord


class SqlOutboxRepository(SqlRepository):
    """Events stored in the same transaction as the change that raised them."""

    async def add(self, event: DomainEvent) -> None:
        await self._conn.execute(insert(outbox).values(mapping.event_to_row(event)))

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        # Ids are UUIDv7 (time-ordered), so they break ties between events of the same instant
        # in the order they were raised.
        query = (
            select(outbox)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.occurred_at, outbox.c.event_id)
            .limit(limit)
        )
        return await self._all(query, lambda row: mapping.outbox_record_from_row(row._mapping))

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None:
        if not event_ids:
            return
        await self._conn.execute(
            update(outbox).where(outbox.c.event_id.in_(list(event_ids))).values(published_at=at)
        )

    async def mark_failed(self, event_id: str) -> None:
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.event_id == event_id)
            .values(attempts=outbox.c.attempts + 1)
        )
