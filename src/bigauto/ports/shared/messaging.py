"""Moving events and live frames between parts of the system (NATS or in-process).

Three kinds of traffic, three ports:

- :class:`EventPublisher`: durable domain events, the outbox relay's target. Subject
  ``events.{event.name}`` on NATS JetStream, or the in-process log of the embedded default.
- :class:`EventStream`: consuming those events at least once, pull style, for the worker. A
  consumer fetches a batch of :class:`Delivery` objects and settles each one: ``ack`` when done,
  ``nak(delay)`` to have it again later, ``term`` to give up on it. What is not settled comes
  back after the consumer's ``ack_wait``, to whichever process holds the durable consumer then.
- :class:`LiveChannel`: ephemeral frames (chat messages to open sockets, notification frames),
  at most once, in order per subject. Subjects ``chat.{conversation_id}`` and
  ``user.{user_id}``. The persisted record is the source of truth; a lost frame is recovered by
  reading it, so nothing here is stored.

Subject patterns follow NATS: dotted tokens, ``*`` matches one token, a final ``>`` one or more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bigauto.domain.shared.events import DomainEvent

EventHandler = Callable[[DomainEvent], Awaitable[None]]

LiveCallback = Callable[[str, bytes], Awaitable[None]]
"""Called with ``(subject, payload)`` for each live frame a subscription receives."""


class EventPublisher(Protocol):
    """Where the outbox relay hands events: a durable bus."""

    async def publish(self, event: DomainEvent) -> None:
        """Deliver ``event`` at least once; raise ``ServiceUnavailable`` when the bus is down.

        Publishing the same ``event_id`` again (a relay retry) must not make a second event.
        """


class Delivery(Protocol):
    """One event handed to a consumer, waiting to be settled exactly once."""

    @property
    def event(self) -> DomainEvent: ...

    @property
    def attempt(self) -> int:
        """1 on first delivery, then one more for each redelivery."""

    async def ack(self) -> None:
        """Done: never deliver this event to this consumer again."""

    async def nak(self, delay: float = 0.0) -> None:
        """Not done: deliver it again after ``delay`` seconds, with ``attempt`` one higher."""

    async def term(self) -> None:
        """Give up: never deliver it again (after the caller recorded it as dead)."""

    async def in_progress(self) -> None:
        """Still working on it: restart the ``ack_wait`` clock so it is not redelivered yet."""


class EventConsumer(Protocol):
    """A durable consumer's handle in this process; pull deliveries with :meth:`fetch`."""

    async def fetch(self, batch: int = 10, wait: float = 1.0) -> list[Delivery]:
        """Up to ``batch`` deliveries, oldest first; ``[]`` if none came within ``wait`` seconds.

        Raise ``ServiceUnavailable`` when the stream cannot be reached.
        """

    async def close(self) -> None:
        """Stop fetching. Settles nothing: unsettled deliveries return after ``ack_wait``."""


class EventStream(Protocol):
    """The durable event log, read through named consumers that remember their position."""

    async def consumer(
        self,
        durable: str,
        *,
        names: str = ">",
        ack_wait: float = 30.0,
        max_deliver: int | None = None,
    ) -> EventConsumer:
        """Open (creating or updating it) the durable consumer ``durable``.

        It sees the events whose name matches ``names`` (NATS wildcards over event names, e.g.
        ``rental.*``), from the oldest retained one. A delivery not settled within ``ack_wait``
        seconds is delivered again; after ``max_deliver`` deliveries (``None``: no limit) it is
        not. Two handles on one durable share its work; each delivery goes to one of them.
        """


class LiveSubscription(Protocol):
    """A live subscription; frames stop arriving once :meth:`unsubscribe` returns."""

    async def unsubscribe(self) -> None: ...


class LiveChannel(Protocol):
    """Ephemeral fan-out of frames to every process subscribed to a subject."""

    async def publish(self, subject: str, payload: bytes) -> None:
        """Send ``payload`` to the subscribers of ``subject``, without waiting for them.

        Raise ``ServiceUnavailable`` when the frame cannot even be handed over.
        """

    async def subscribe(self, subject: str, callback: LiveCallback) -> LiveSubscription:
        """Call ``callback(subject, payload)`` for each frame on ``subject`` (wildcards allowed),
        one at a time, in the order they were published."""


def event_subject(event_name: str) -> str:
    """The bus subject an event of ``event_name`` travels on."""
    return f"events.{event_name}"


def chat_subject(conversation_id: str) -> str:
    """The live subject of a conversation's frames."""
    return f"chat.{conversation_id}"


def user_subject(user_id: str) -> str:
    """The live subject of frames for one user (notifications, presence of others)."""
    return f"user.{user_id}"


__all__ = [
    "Delivery",
    "EventConsumer",
    "EventHandler",
    "EventPublisher",
    "EventStream",
    "LiveCallback",
    "LiveChannel",
    "LiveSubscription",
    "chat_subject",
    "event_subject",
    "user_subject",
]
