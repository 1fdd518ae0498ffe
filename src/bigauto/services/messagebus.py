"""Dispatching domain events to in-process handlers once a command has committed.

A command changes state in a unit of work and returns its events; after the commit, the caller
hands them to ``MessageBus.dispatch``. Handlers react (send an email, update a read model). Their
failures are logged, never raised: the command already happened, and reporting it as failed
would be a lie. Anything that must not be lost goes through the outbox instead.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import EventHandler

log = logging.getLogger(__name__)


class MessageBus:
    """Handlers registered per event name, called in registration order."""

    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[EventHandler]] = defaultdict(list)

    def register(self, event_name: str, handler: EventHandler) -> None:
        """Call ``handler`` for every dispatched event called ``event_name``."""
        self._handlers[event_name].append(handler)

    def handlers_for(self, event_name: str) -> tuple[EventHandler, ...]:
        return tuple(self._handlers.get(event_name, ()))

    async def dispatch(self, events: Iterable[DomainEvent]) -> int:
        """Run the handlers of each event in order; answer how many handler calls failed."""
        failures = 0
        for event in events:
            for handler in self.handlers_for(event.name):
                try:
                    await handler(event)
                except Exception:
                    failures += 1
                    log.exception(
                        "handler %s failed on %s %s",
                        getattr(handler, "__qualname__", repr(handler)),
                        event.name,
                        event.event_id,
                    )
        return failures


__all__ = ["MessageBus"]
