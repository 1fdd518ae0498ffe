"""The runtime machinery in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from datetime import datetime

from bigauto.adapters.memory.runtime.idempotency import MemoryIdempotencyRepository
from bigauto.adapters.memory.runtime.outbox import MemoryOutboxRepository
from bigauto.adapters.memory.runtime.worker import (
    MemoryDeadLetterRepository,
    MemoryProcessedEventRepository,
    MemoryTimerRunRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.ports.runtime.idempotency import IdempotencyRecord
from bigauto.ports.runtime.outbox import OutboxRecord
from bigauto.ports.runtime.worker import DeadLetter

TABLES: TableDeclarations = {
    "outbox": dict[str, OutboxRecord],
    # (handler, event_id) -> when it was handled.
    "processed_events": dict[tuple[str, str], datetime],
    "dead_letters": dict[str, DeadLetter],
    "timer_runs": dict[str, datetime],
    # (user_id, route, key) -> record.
    "idempotency": dict[tuple[str, str, str], IdempotencyRecord],
}

REPOSITORIES: RepositoryDeclarations = {
    "outbox": MemoryOutboxRepository,
    "processed_events": MemoryProcessedEventRepository,
    "dead_letters": MemoryDeadLetterRepository,
    "timer_runs": MemoryTimerRunRepository,
    "idempotency": MemoryIdempotencyRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
