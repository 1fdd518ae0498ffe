"""The repositories the runtime machinery adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.runtime.idempotency import IdempotencyRepository
from bigauto.ports.runtime.outbox import OutboxRepository
from bigauto.ports.runtime.worker import (
    DeadLetterRepository,
    ProcessedEventRepository,
    TimerRunRepository,
)


class RuntimeRepositories(Protocol):
    """The transactional outbox, the worker's bookkeeping (processed events, dead letters, timer
    runs) and idempotency keys."""

    outbox: OutboxRepository
    processed_events: ProcessedEventRepository
    dead_letters: DeadLetterRepository
    timer_runs: TimerRunRepository
    idempotency: IdempotencyRepository
