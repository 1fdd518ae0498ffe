"""The events stream and its durable consumers on JetStream, created or updated idempotently.

Every process that publishes or consumes makes sure the stream exists with the configuration
below, so no manual set-up is needed and a changed setting is applied on the next start.
"""

from __future__ import annotations

import attrs
from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import BadRequestError

EVENTS_STREAM = "BIGAUTO_EVENTS"
EVENTS_PREFIX = "events"

# JetStream's code for "stream name already in use with a different configuration".
_STREAM_NAME_IN_USE = 10058


@attrs.frozen
class StreamSpec:
    """The events stream: its name, subject prefix and limits.

    Events travel on ``{prefix}.{event.name}``. They are kept ``max_age`` seconds (consumers
    that fell behind longer than that lose them; the outbox still holds every event), and a
    republished ``event_id`` within ``duplicate_window`` seconds is stored once.
    """

    name: str = EVENTS_STREAM
    prefix: str = EVENTS_PREFIX
    max_age: float = 7 * 24 * 3600.0
    duplicate_window: float = 120.0
    memory: bool = False

    def subject(self, event_name: str) -> str:
        return f"{self.prefix}.{event_name}"

    def config(self) -> StreamConfig:
        return StreamConfig(
            name=self.name,
            subjects=[f"{self.prefix}.>"],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.MEMORY if self.memory else StorageType.FILE,
            max_age=self.max_age,
            duplicate_window=self.duplicate_window,
        )


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> None:
    """Create the stream, or bring an existing one to ``spec``."""
    try:
        await js.add_stream(spec.config())
    except BadRequestError as exc:
        if exc.err_code != _STREAM_NAME_IN_USE:
            raise
        await js.update_stream(spec.config())


async def ensure_consumer(
    js: JetStreamContext,
    spec: StreamSpec,
    durable: str,
    *,
    names: str,
    ack_wait: float,
    max_deliver: int | None,
) -> None:
    """Create the durable pull consumer, or update it to these settings."""
    await js.add_consumer(
        spec.name,
        ConsumerConfig(
            name=durable,
            durable_name=durable,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=ack_wait,
            max_deliver=-1 if max_deliver is None else max_deliver,
            filter_subject=spec.subject(names),
        ),
    )


__all__ = ["EVENTS_PREFIX", "EVENTS_STREAM", "StreamSpec", "ensure_consumer", "ensure_stream"]
