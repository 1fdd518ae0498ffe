"""In-memory bookkeeping of the worker: processed events, dead letters, timer runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import ClassVar

import attrs

from bigauto.adapters.memory._repository import MemoryRepository, insert_once, purge, stored_json
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.ports.runtime.worker import DeadLetter


class MemoryProcessedEventRepository(MemoryRepository):
    """(handler, event id) → when it was finished."""

    tables: ClassVar[TableDeclarations] = {
        # (handler, event_id) -> when it was handled.
        "processed_events": dict[tuple[str, str], datetime],
    }

    async def seen(self, handler: str, event_id: str) -> bool:
        return (handler, event_id) in self._t.processed_events

    async def record(self, handler: str, event_id: str, at: datetime) -> bool:
        return insert_once(self._t.processed_events, (handler, event_id), at)

    async def purge_before(self, at: datetime) -> int:
        return purge(self._t.processed_events, lambda done: done < at)


class MemoryDeadLetterRepository(MemoryRepository):
    """Dead letters keyed by id, one per (event id, handler)."""

    tables: ClassVar[TableDeclarations] = {"dead_letters": dict[str, DeadLetter]}

    async def record(self, letter: DeadLetter) -> DeadLetter:
        payload = stored_json(letter.event.payload)
        letter = attrs.evolve(letter, event=attrs.evolve(letter.event, payload=payload))
        existing = next(
            (
                d
                for d in self._t.dead_letters.values()
                if d.event.event_id == letter.event.event_id and d.handler == letter.handler
            ),
            None,
        )
        if existing is not None:
            letter = attrs.evolve(
                existing,
                error=letter.error,
                attempts=existing.attempts + letter.attempts,
                last_failed_at=letter.last_failed_at,
                replayed_at=None,
            )
        self._t.dead_letters[letter.id] = letter
        return letter

    async def get(self, letter_id: str) -> DeadLetter | None:
        return self._t.dead_letters.get(letter_id)

    async def list(
        self, *, include_replayed: bool = False, limit: int = 100
    ) -> Sequence[DeadLetter]:
        letters = [
            d for d in self._t.dead_letters.values() if include_replayed or d.replayed_at is None
        ]
        letters.sort(key=lambda d: (d.first_failed_at, d.id))
        return letters[:limit]

    async def mark_replayed(self, letter_id: str, at: datetime) -> None:
        letter = self._t.dead_letters.get(letter_id)
        if letter is not None:
            self._t.dead_letters[letter_id] = attrs.evolve(letter, replayed_at=at)


class MemoryTimerRunRepository(MemoryRepository):
    """Job name → when it last ran."""

    tables: ClassVar[TableDeclarations] = {"timer_runs": dict[str, datetime]}

    async def claim(self, name: str, now: datetime, interval: timedelta) -> bool:
        last = self._t.timer_runs.get(name)
        if last is not None and last > now - interval:
            return False
        self._t.timer_runs[name] = now
        return True

    async def last_run(self, name: str) -> datetime | None:
        return self._t.timer_runs.get(name)


__all__ = [
    "MemoryDeadLetterRepository",
    "MemoryProcessedEventRepository",
    "MemoryTimerRunRepository",
]
