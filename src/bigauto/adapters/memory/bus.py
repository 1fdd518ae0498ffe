"""An in-process event bus with NATS-style subjects, for the embedded default and tests.

Subjects are dotted names (``rental.confirmed``). A subscription pattern matches them token by
token: ``*`` matches exactly one token, ``>`` (last token only) matches one or more.
"""

from __future__ import annotations

import attrs
import structlog

from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import EventHandler

log = structlog.get_logger(__name__)


def subject_matches(pattern: str, subject: str) -> bool:
    """Whether ``subject`` matches the subscription ``pattern`` (NATS wildcard rules)."""
    wanted = pattern.split(".")
    tokens = subject.split(".")
    for i, token in enumerate(wanted):
        if token == ">":
            return i == len(wanted) - 1 and len(tokens) > i
        if i >= len(tokens):
            return False
        if token not in ("*", tokens[i]):
            return False
    return len(tokens) == len(wanted)


@attrs.frozen
class _Subscription:
    pattern: str
    handler: EventHandler


class InProcessEventBus:
    """Publishes to handlers in this process, in the order they subscribed.

    A handler that fails is logged and skipped: as with a real broker, one consumer's trouble
    is neither the publisher's nor the other consumers' problem.

    With ``redeliver_failures=True`` a failure is also raised to the publisher once every
    handler has run, as a JetStream consumer's nak would ask for redelivery: an outbox relay
    then keeps the event and tries again later. Handlers must be idempotent by event id.
    """

    def __init__(self, *, redeliver_failures: bool = False) -> None:
        self._subscriptions: list[_Subscription] = []
        self._redeliver = redeliver_failures

    async def subscribe(self, subject: str, handler: EventHandler) -> None:
        self._subscriptions.append(_Subscription(subject, handler))

    async def publish(self, event: DomainEvent) -> None:
        failed: Exception | None = None
        for subscription in list(self._subscriptions):
            if not subject_matches(subscription.pattern, event.name):
                continue
            try:
                await subscription.handler(event)
            except Exception as error:
                failed = failed or error
                log.exception(
                    "event handler failed", event_name=event.name, event_id=event.event_id
                )
        if failed is not None and self._redeliver:
            raise failed


__all__ = ["InProcessEventBus", "subject_matches"]
