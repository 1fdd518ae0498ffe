"""The runtime machinery in SQL: the repositories it adds to a unit of work (its tables:
``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.runtime.idempotency import SqlIdempotencyRepository
from bigauto.adapters.sql.runtime.outbox import SqlOutboxRepository
from bigauto.adapters.sql.runtime.worker import (
    SqlDeadLetterRepository,
    SqlProcessedEventRepository,
    SqlTimerRunRepository,
)

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "outbox": SqlOutboxRepository,
    "processed_events": SqlProcessedEventRepository,
    "dead_letters": SqlDeadLetterRepository,
    "timer_runs": SqlTimerRunRepository,
    "idempotency": SqlIdempotencyRepository,
}

__all__ = ["REPOSITORIES"]
