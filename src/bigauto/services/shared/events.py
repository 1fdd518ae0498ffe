"""Events a use case writes itself, beside those its aggregates' lifecycles return.

A use case names the event, the moment and the aggregate it is about; the event id is always a
fresh one from the ``IdGenerator`` port, as the domain has no id source of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.system import IdGenerator


def new_event(
    ids: IdGenerator,
    name: str,
    at: datetime,
    aggregate_type: str,
    aggregate_id: str,
    payload: Mapping[str, Any],
) -> DomainEvent:
    """The event ``name`` about ``aggregate_type`` ``aggregate_id`` at ``at``, with a new id."""
    return DomainEvent(
        name=name,
        event_id=ids.new_id(),
        occurred_at=at,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        payload=payload,
    )


__all__ = ["new_event"]
