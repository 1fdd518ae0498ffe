"""The process's NATS connection: opened on first use, shared, reconnecting on its own.

One connection per process carries the event publisher, the event stream and the live channel.
It is opened lazily (nothing connects at import or container build) and, if the server is away
at that moment, the next use tries again. Once connected, the client reconnects by itself for as
long as it takes and re-creates its subscriptions; while it is away, publishing raises
``ServiceUnavailable`` (the outbox keeps the events) and ``/ready`` reports NATS as down.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import nats
import nats.errors
import structlog
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext

from bigauto.domain.shared.errors import ServiceUnavailable

log = structlog.get_logger(__name__)


async def connect(url: str, name: str, *, connect_timeout: float = 2.0) -> NatsClient:
    """A connected client for ``url`` (comma-separated for a cluster), labelled ``name``.

    After the first connection it reconnects forever, every second, and detects a dead server
    within about a minute of silence (pings every 20 s, three missed).
    """

    async def on_error(exc: Exception) -> None:
        log.warning("nats error", connection=name, error=str(exc))

    async def on_disconnected() -> None:
        log.warning("nats disconnected", connection=name)

    async def on_reconnected() -> None:
        log.info("nats reconnected", connection=name)

    client = await nats.connect(
        servers=[server.strip() for server in url.split(",") if server.strip()],
        name=name,
        connect_timeout=connect_timeout,
        allow_reconnect=True,
        # The client's first connect honours these too, and with "forever" it would never give
        # up on a server that is not there; so: two quick tries now, forever once connected.
        max_reconnect_attempts=1,
        reconnect_time_wait=0.2,
        ping_interval=20,
        max_outstanding_pings=3,
        # Shutdown waits this long at most for subscriptions to finish what they hold.
        drain_timeout=5,
        error_cb=on_error,
        disconnected_cb=on_disconnected,
        reconnected_cb=on_reconnected,
    )
    client.options["max_reconnect_attempts"] = -1
    client.options["reconnect_time_wait"] = 1
    return client


@contextmanager
def unavailable_on_nats_errors(what: str) -> Iterator[None]:
    """Turn NATS client failures (including timeouts) into ``ServiceUnavailable``."""
    try:
        yield
    except (nats.errors.Error, OSError) as exc:
        raise ServiceUnavailable(
            f"NATS is unavailable: could not {what}", details={"reason": type(exc).__name__}
        ) from exc


class NatsConnection:
    """The lazily opened, shared connection; close it with :meth:`close` at shutdown."""

    def __init__(self, url: str, name: str = "bigauto", *, connect_timeout: float = 2.0) -> None:
        self.url = url
        self.name = name
        self._connect_timeout = connect_timeout
        self._client: NatsClient | None = None
        self._lock: asyncio.Lock | None = None

    async def client(self) -> NatsClient:
        """The connected client, connecting first if needed; ``ServiceUnavailable`` if NATS is
        not answering."""
        if self._client is not None and not self._client.is_closed:
            return self._client
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._client is None or self._client.is_closed:
                with unavailable_on_nats_errors("connect"):
                    self._client = await connect(
                        self.url, self.name, connect_timeout=self._connect_timeout
                    )
        return self._client

    async def jetstream(self) -> JetStreamContext:
        """A JetStream context on the shared client."""
        return (await self.client()).jetstream()

    @property
    def is_connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    async def probe(self) -> None:
        """Raise unless the server answers a round trip on the shared connection now."""
        client = await self.client()
        if not client.is_connected:
            raise ServiceUnavailable("NATS is unavailable: reconnecting")
        with unavailable_on_nats_errors("flush"):
            await client.flush(timeout=1)

    async def close(self) -> None:
        """Drain (let pending publishes and callbacks finish) and close; safe to repeat."""
        client, self._client = self._client, None
        if client is None or client.is_closed:
            return
        try:
            if client.is_connected:
                await client.drain()
            else:
                await client.close()
        except Exception:  # a stop must go on whatever the server does now
            log.warning("closing the NATS connection failed", exc_info=True)
            await client.close()


__all__ = ["NatsConnection", "connect", "unavailable_on_nats_errors"]
