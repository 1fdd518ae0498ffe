"""Publishing domain events to the rest of the system (NATS JetStream or in-process)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bigauto.domain.events import DomainEvent

EventHandler = Callable[[DomainEvent], Awaitable[None]]


class EventPublisher(Protocol):
    async def publish(self, event: DomainEvent) -> None:
        """Deliver ``event`` at least once; raise ``ServiceUnavailable`` when the bus is down."""


class EventSubscriber(Protocol):
    async def subscribe(self, subject: str, handler: EventHandler) -> None:
        """Call ``handler`` for each event whose name matches ``subject`` (NATS wildcards)."""
