"""The in-memory outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository, stored_json
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.runtime.outbox import OutboxRecord


class MemoryOutboxRepository(MemoryRepository):
    """Events kept with the rest of the unit of work's changes."""

    tables: ClassVar[TableDeclarations] = {"outbox": dict[str, OutboxRecord]}

    async def add(self, event: DomainEvent) -> None:
        payload = stored_json(event.payload)
        if event.event_id in self._t.outbox:
            raise Conflict(f"event {event.event_id} is already in the outbox")
        self._t.outbox[event.event_id] = OutboxRecord(attrs.evolve(event, payload=payload))

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        waiting = [r for r in self._t.outbox.values() if r.published_at is None]
        waiting.sort(key=lambda r: (r.event.occurred_at, r.event.event_id))
        return waiting[:limit]

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None:
        for event_id in event_ids:
            record = self._t.outbox.get(event_id)
            if record is not None:
                self._t.outbox[event_id] = attrs.evolve(record, published_at=at)

    async def mark_failed(self, event_id: str) -> None:
        record = self._t.outbox.get(event_id)
        if record is not None:
            self._t.outbox[event_id] = attrs.evolve(record, attempts=record.attempts + 1)
