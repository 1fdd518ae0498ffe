"""NATS adapters: durable events on JetStream, live frames on core NATS, one shared connection.

See docs/operations.md, "Events and NATS", for the stream, subjects and consumers.
"""

from bigauto.adapters.nats.connection import NatsConnection, connect
from bigauto.adapters.nats.jetstream import (
    JetStreamDelivery,
    JetStreamEventConsumer,
    JetStreamEventStream,
    JetStreamPublisher,
)
from bigauto.adapters.nats.live import NatsLiveChannel, NatsLiveSubscription
from bigauto.adapters.nats.provisioning import (
    EVENTS_PREFIX,
    EVENTS_STREAM,
    StreamSpec,
    ensure_consumer,
    ensure_stream,
)

__all__ = [
    "EVENTS_PREFIX",
    "EVENTS_STREAM",
    "JetStreamDelivery",
    "JetStreamEventConsumer",
    "JetStreamEventStream",
    "JetStreamPublisher",
    "NatsConnection",
    "NatsLiveChannel",
    "NatsLiveSubscription",
    "StreamSpec",
    "connect",
    "ensure_consumer",
    "ensure_stream",
]
