"""Durable events on NATS JetStream: the outbox relay publishes, the worker consumes.

Publishing sets the ``Nats-Msg-Id`` header to the event id, so the server stores an event the
relay publishes twice (it crashed before marking it published) only once. Consuming is a durable
pull consumer with explicit acks: the worker fetches when it has room, and what it has not
acknowledged is redelivered, with ``num_delivered`` as the attempt number.
"""

from __future__ import annotations

import contextlib

import nats.errors
import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext

from bigauto.adapters.event_codec import EventDecodeError, decode_event, encode_event
from bigauto.adapters.nats.connection import NatsConnection, unavailable_on_nats_errors
from bigauto.adapters.nats.provisioning import StreamSpec, ensure_consumer, ensure_stream
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import Delivery

log = structlog.get_logger(__name__)

MSG_ID_HEADER = "Nats-Msg-Id"


class _StreamReady:
    """Makes sure the stream exists once per connection (again after a failure)."""

    def __init__(self, connection: NatsConnection, spec: StreamSpec) -> None:
        self.connection = connection
        self.spec = spec
        self._ready = False

    async def jetstream(self) -> JetStreamContext:
        js = await self.connection.jetstream()
        if not self._ready:
            with unavailable_on_nats_errors("set up the events stream"):
                await ensure_stream(js, self.spec)
            self._ready = True
        return js

    def forget(self) -> None:
        self._ready = False


class JetStreamPublisher:
    """Implements ``EventPublisher`` on JetStream; waits for the server to store each event."""

    def __init__(
        self, connection: NatsConnection, spec: StreamSpec | None = None, *, timeout: float = 5.0
    ) -> None:
        self._stream = _StreamReady(connection, spec or StreamSpec())
        self._timeout = timeout

    async def publish(self, event: DomainEvent) -> None:
        js = await self._stream.jetstream()
        spec = self._stream.spec
        try:
            with unavailable_on_nats_errors(f"publish {event.name}"):
                await js.publish(
                    spec.subject(event.name),
                    encode_event(event),
                    timeout=self._timeout,
                    stream=spec.name,
                    headers={MSG_ID_HEADER: event.event_id},
                )
        except Exception:
            # The stream may have been deleted or the server replaced; check again next time.
            self._stream.forget()
            raise


class JetStreamDelivery:
    """One message of a durable pull consumer, decoded."""

    def __init__(self, event: DomainEvent, message: Msg) -> None:
        self._event = event
        self._message = message

    @property
    def event(self) -> DomainEvent:
        return self._event

    @property
    def attempt(self) -> int:
        return self._message.metadata.num_delivered

    async def ack(self) -> None:
        await self._settle("ack")

    async def nak(self, delay: float = 0.0) -> None:
        await self._settle("nak", delay if delay > 0 else None)

    async def term(self) -> None:
        await self._settle("term")

    async def in_progress(self) -> None:
        with unavailable_on_nats_errors("extend the ack deadline"):
            await self._message.in_progress()

    async def _settle(self, how: str, delay: float | None = None) -> None:
        with (
            unavailable_on_nats_errors(f"{how} {self._event.event_id}"),
            contextlib.suppress(nats.errors.MsgAlreadyAckdError),
        ):
            if how == "ack":
                await self._message.ack()
            elif how == "nak":
                await self._message.nak(delay=delay)
            else:
                await self._message.term()


class JetStreamEventConsumer:
    """A bound pull subscription on one durable consumer."""

    def __init__(self, subscription: JetStreamContext.PullSubscription, durable: str) -> None:
        self._subscription = subscription
        self.durable = durable
        self._closed = False

    async def fetch(self, batch: int = 10, wait: float = 1.0) -> list[Delivery]:
        if batch < 1:
            raise ValueError("batch must be at least 1")
        if self._closed:
            return []
        with unavailable_on_nats_errors(f"fetch for {self.durable}"):
            try:
                messages = await self._subscription.fetch(batch, timeout=max(wait, 0.01))
            except TimeoutError:
                return []  # nothing arrived in time (or the connection is reconnecting)
        deliveries: list[Delivery] = []
        for message in messages:
            try:
                event = decode_event(message.data)
            except EventDecodeError as exc:
                # A message no version of the code can read would come back forever.
                log.error(
                    "terminating an undecodable event", subject=message.subject, error=str(exc)
                )
                with contextlib.suppress(nats.errors.Error):
                    await message.term()
                continue
            deliveries.append(JetStreamDelivery(event, message))
        return deliveries

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # Unsubscribing discards what was fetched into the inbox but not handed out; being
        # unacknowledged, the server redelivers it after ack_wait.
        with contextlib.suppress(nats.errors.Error):
            await self._subscription.unsubscribe()


class JetStreamEventStream:
    """Implements ``EventStream`` with durable pull consumers on the events stream."""

    def __init__(self, connection: NatsConnection, spec: StreamSpec | None = None) -> None:
        self._stream = _StreamReady(connection, spec or StreamSpec())
        self._consumers: list[JetStreamEventConsumer] = []

    async def consumer(
        self,
        durable: str,
        *,
        names: str = ">",
        ack_wait: float = 30.0,
        max_deliver: int | None = None,
    ) -> JetStreamEventConsumer:
        js = await self._stream.jetstream()
        spec = self._stream.spec
        with unavailable_on_nats_errors(f"open the consumer {durable}"):
            await ensure_consumer(
                js, spec, durable, names=names, ack_wait=ack_wait, max_deliver=max_deliver
            )
            subscription = await js.pull_subscribe_bind(durable=durable, stream=spec.name)
        consumer = JetStreamEventConsumer(subscription, durable)
        self._consumers.append(consumer)
        return consumer

    async def close(self) -> None:
        """Close every consumer opened here (before the connection drains)."""
        consumers, self._consumers = self._consumers, []
        for consumer in consumers:
            await consumer.close()


__all__ = [
    "MSG_ID_HEADER",
    "JetStreamDelivery",
    "JetStreamEventConsumer",
    "JetStreamEventStream",
    "JetStreamPublisher",
]
