"""Dead letters: listing them and replaying them through the normal path.

Replaying does not publish the failed event again (the stream would take the same event id for
a duplicate, and handlers that did succeed on it must not run twice). It writes a
``dead_letter.replayed`` event to the outbox, carrying the original event and the handler's
name; the relay publishes it like any other, and the worker unwraps it and runs that one handler
on the original event, still idempotent by the original event id. If it fails again as often
as allowed, the same dead letter comes back (attempts added up, no longer marked replayed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.domain.shared.events import DomainEvent, RuntimeEvents
from bigauto.ports.runtime.worker import DeadLetter
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.shared.events import new_event


def event_to_json(event: DomainEvent) -> dict[str, Any]:
    """The event as a JSON-friendly dict (the bus's wire form)."""
    return {
        "event_id": event.event_id,
        "name": event.name,
        "occurred_at": event.occurred_at.isoformat(),
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "payload": dict(event.payload),
    }


def event_from_json(data: Mapping[str, Any]) -> DomainEvent:
    """The event :func:`event_to_json` wrote."""
    return DomainEvent(
        name=str(data["name"]),
        event_id=str(data["event_id"]),
        occurred_at=datetime.fromisoformat(str(data["occurred_at"])),
        aggregate_type=str(data["aggregate_type"]),
        aggregate_id=str(data["aggregate_id"]),
        payload=dict(data.get("payload") or {}),
    )


def replay_event(letter: DeadLetter, *, ids: IdGenerator, at: datetime) -> DomainEvent:
    """The outbox event that asks the worker to run ``letter.handler`` on its event again."""
    facts = {
        "dead_letter_id": letter.id,
        "handler": letter.handler,
        "event": event_to_json(letter.event),
    }
    return new_event(ids, RuntimeEvents.DEAD_LETTER_REPLAYED, at, "dead_letter", letter.id, facts)


@attrs.frozen
class Replay:
    """What a replay event asks for: run ``handler`` on ``event``."""

    handler: str
    event: DomainEvent

    @classmethod
    def of(cls, wrapper: DomainEvent) -> Replay:
        return cls(str(wrapper.payload["handler"]), event_from_json(wrapper.payload["event"]))


async def list_dead_letters(
    uow_factory: UnitOfWorkFactory, *, include_replayed: bool = False, limit: int = 100
) -> Sequence[DeadLetter]:
    """Dead letters, oldest first (only those not yet replayed, unless asked)."""
    async with uow_factory() as uow:
        return list(await uow.dead_letters.list(include_replayed=include_replayed, limit=limit))


async def replay_dead_letters(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    *,
    letter_id: str | None = None,
    every: bool = False,
) -> list[DeadLetter]:
    """Queue one dead letter (``letter_id``) or ``every`` unreplayed one for another try.

    Answers the letters queued, marked replayed. ``NotFound`` for an unknown id; a letter
    replayed already is queued again only when named by id.
    """
    if (letter_id is None) == (not every):
        raise ValidationFailed("name one dead letter by id, or ask for all of them")
    now = clock.now()
    async with uow_factory() as uow:
        if letter_id is not None:
            letter = await uow.dead_letters.get(letter_id)
            if letter is None:
                raise NotFound(f"no dead letter {letter_id}", details={"id": letter_id})
            letters = [letter]
        else:
            letters = list(await uow.dead_letters.list(limit=10_000))
        for letter in letters:
            await uow.outbox.add(replay_event(letter, ids=ids, at=now))
            await uow.dead_letters.mark_replayed(letter.id, now)
        await uow.commit()
    return [attrs.evolve(letter, replayed_at=now) for letter in letters]


__all__ = [
    "Replay",
    "event_from_json",
    "event_to_json",
    "list_dead_letters",
    "replay_dead_letters",
    "replay_event",
]
