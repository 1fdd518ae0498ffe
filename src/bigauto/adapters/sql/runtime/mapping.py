"""Outbox events between table rows and domain events, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.runtime.outbox import OutboxRecord

Row = Mapping[Any, Any]


def event_to_row(event: DomainEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "name": event.name,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "payload": dict(event.payload),
        "occurred_at": event.occurred_at,
        "attempts": 0,
        "published_at": None,
    }


def outbox_record_from_row(row: Row) -> OutboxRecord:
    event = DomainEvent(
        name=row["name"],
        event_id=row["event_id"],
        occurred_at=row["occurred_at"],
        aggregate_type=row["aggregate_type"],
        aggregate_id=row["aggregate_id"],
        payload=row["payload"],
    )
    return OutboxRecord(event=event, attempts=row["attempts"], published_at=row["published_at"])
