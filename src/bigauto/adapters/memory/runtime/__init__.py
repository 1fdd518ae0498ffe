"""The runtime in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.runtime.idempotency import MemoryIdempotencyRepository
from bigauto.adapters.memory.runtime.outbox import MemoryOutboxRepository
from bigauto.adapters.memory.runtime.worker import (
    MemoryDeadLetterRepository,
    MemoryProcessedEventRepository,
    MemoryTimerRunRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "outbox": MemoryOutboxRepository,
    "processed_events": MemoryProcessedEventRepository,
    "dead_letters": MemoryDeadLetterRepository,
    "timer_runs": MemoryTimerRunRepository,
    "idempotency": MemoryIdempotencyRepository,
}

__all__ = ["REPOSITORIES"]
