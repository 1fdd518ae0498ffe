"""The transactional outbox: events stored in the same transaction as the change they report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import attrs

from bigauto.domain.shared.events import DomainEvent


@attrs.frozen
class OutboxRecord:
    """An event waiting in the outbox, with how often publishing it has been tried."""

    event: DomainEvent
    attempts: int = 0
    published_at: datetime | None = None


class OutboxRepository(Protocol):
    async def add(self, event: DomainEvent) -> None:
        """Store an event in the current transaction."""

    async def pending(self, limit: int = 100) -> Sequence[OutboxRecord]:
        """Unpublished events, oldest first."""

    async def mark_published(self, event_ids: Sequence[str], at: datetime) -> None: ...

    async def mark_failed(self, event_id: str) -> None:
        """Count one more failed publishing attempt."""
