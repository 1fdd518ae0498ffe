"""What the worker keeps in the database: handled events, dead letters and timer runs.

- :class:`ProcessedEventRepository`: one row per (handler, event id) that a handler finished.
  A handler with database effects records it in the same transaction as those effects, so an
  event redelivered after a crash finds it and changes nothing twice.
- :class:`DeadLetterRepository`: events a handler failed on too often, kept for an admin to
  read and replay (``bigauto dead-letters list|replay``).
- :class:`TimerRunRepository`: when each periodic job last ran, claimed with a conditional
  update so that of several workers only one runs a job per interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from bigauto.domain.shared.events import DomainEvent


@attrs.frozen
class DeadLetter:
    """An event that ``handler`` failed on ``attempts`` times; ``replayed_at`` once replayed."""

    id: str
    event: DomainEvent
    handler: str
    error: str
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime
    replayed_at: datetime | None = None


class ProcessedEventRepository(Protocol):
    async def seen(self, handler: str, event_id: str) -> bool:
        """Whether ``handler`` already finished the event ``event_id``."""

    async def record(self, handler: str, event_id: str, at: datetime) -> bool:
        """Record that ``handler`` finished ``event_id``; False (and nothing written) when it
        was recorded already, by this transaction or a committed one."""

    async def purge_before(self, at: datetime) -> int:
        """Forget records older than ``at`` (far older than any redelivery); answer how many."""


class DeadLetterRepository(Protocol):
    async def record(self, letter: DeadLetter) -> DeadLetter:
        """Store a dead letter. If one for the same event and handler exists, it is updated
        instead (attempts added, error and last failure replaced, no longer replayed) and the
        updated one is answered: one letter per event and handler."""

    async def get(self, letter_id: str) -> DeadLetter | None: ...

    async def list(
        self, *, include_replayed: bool = False, limit: int = 100
    ) -> Sequence[DeadLetter]:
        """Dead letters, oldest failure first; replayed ones only when asked."""

    async def mark_replayed(self, letter_id: str, at: datetime) -> None: ...


class TimerRunRepository(Protocol):
    async def claim(self, name: str, now: datetime, interval: timedelta) -> bool:
        """Take the run of job ``name`` at ``now`` if it last ran at least ``interval`` ago (or
        never); False when another worker already took it. A compare-and-set."""

    async def last_run(self, name: str) -> datetime | None: ...


__all__ = [
    "DeadLetter",
    "DeadLetterRepository",
    "ProcessedEventRepository",
    "TimerRunRepository",
]
