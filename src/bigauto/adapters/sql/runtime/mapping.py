"""Outbox events between table rows and domain events, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bigauto.adapters.sql._rows import from_row
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.runtime.outbox import OutboxRecord

Row = Mapping[Any, Any]


def event_to_row(event: DomainEvent) -> dict[str, Any]:
    # Written out rather than with to_row: every command stores its events.
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
    return from_row(OutboxRecord, row, event=from_row(DomainEvent, row))
