"""Domain events: small, frozen, past-tense records of something that happened.

Every event has an ``event_id`` and ``occurred_at`` given by whoever raises it (the domain has no
clock and no id source of its own), a ``name`` (stable, dotted: ``rental.confirmed``) used as the
outbox subject, and a flat ``payload`` of JSON-friendly values.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs


def plain_dict(values: Mapping[str, Any]) -> dict[str, Any]:
    """A dict of its own for a JSON-like field (an event's payload, an audit entry's details, a
    notification's data), as attrs converter: the caller's mapping is never shared."""
    return dict(values)


@attrs.frozen
class DomainEvent:
    """Something that happened, named in the past tense, with what a handler needs to react."""

    # A plain string even when given a member of a context's event names (a StrEnum).
    name: str = attrs.field(converter=str)
    event_id: str
    occurred_at: datetime
    aggregate_type: str
    aggregate_id: str
    payload: Mapping[str, Any] = attrs.field(factory=dict, converter=plain_dict)

    def __attrs_post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware (UTC)")


class RuntimeEvents(enum.StrEnum):
    """Events of the runtime machinery itself (outbox, worker), not of any context.

    Each context names its own events in its ``events`` module (``domain.bookings.events``...).
    """

    DEAD_LETTER_REPLAYED = "dead_letter.replayed"


__all__ = ["DomainEvent", "RuntimeEvents", "plain_dict"]
