"""Live frames over core NATS: every instance hears the subjects its sockets have open.

Core NATS delivers at most once and keeps nothing: a frame published while an instance is
reconnecting may be lost to it, which is acceptable because the persisted message is the source
of truth and clients catch up by reading it. Frames on one subject from one publisher arrive in
order; each subscription's callback runs one frame at a time.
"""

from __future__ import annotations

import asyncio
import contextlib

import nats.errors
import structlog
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

from bigauto.adapters.nats.connection import NatsConnection, unavailable_on_nats_errors
from bigauto.ports.shared.messaging import LiveCallback

log = structlog.get_logger(__name__)


class NatsLiveSubscription:
    """A core NATS subscription; re-created by the client after a reconnect."""

    def __init__(self, subject: str, callback: LiveCallback) -> None:
        self.subject = subject
        self._callback = callback
        self._subscription: Subscription | None = None
        self._active = True
        self._handling: asyncio.Task[object] | None = None
        self._after_callback: Subscription | None = None
        self._closing: asyncio.Task[None] | None = None

    async def _on_message(self, message: Msg) -> None:
        if not self._active:
            return
        self._handling = asyncio.current_task()
        try:
            await self._callback(message.subject, message.data)
        except Exception:
            log.exception("live callback failed", subject=message.subject)
        finally:
            self._handling = None
            if self._after_callback is not None:
                # The client's unsubscribe cancels the task running callbacks (this one), so it
                # runs in a task of its own once this callback is over.
                subscription, self._after_callback = self._after_callback, None
                self._closing = asyncio.create_task(_quietly_unsubscribe(subscription))

    async def unsubscribe(self) -> None:
        if not self._active:
            return
        self._active = False  # no frame reaches the callback from now on
        subscription, self._subscription = self._subscription, None
        if subscription is None:
            return
        if self._handling is not None and self._handling is asyncio.current_task():
            self._after_callback = subscription  # called from our own callback: see above
            return
        await _quietly_unsubscribe(subscription)


async def _quietly_unsubscribe(subscription: Subscription) -> None:
    # The connection may be closing or closed already; the interest ends with it then.
    with contextlib.suppress(nats.errors.Error):
        await subscription.unsubscribe()


class NatsLiveChannel:
    """Implements ``LiveChannel`` on core NATS, over the shared connection."""

    def __init__(self, connection: NatsConnection) -> None:
        self._connection = connection

    async def publish(self, subject: str, payload: bytes) -> None:
        client = await self._connection.client()
        with unavailable_on_nats_errors(f"publish on {subject}"):
            await client.publish(subject, payload)

    async def subscribe(self, subject: str, callback: LiveCallback) -> NatsLiveSubscription:
        client = await self._connection.client()
        live = NatsLiveSubscription(subject, callback)
        with unavailable_on_nats_errors(f"subscribe to {subject}"):
            live._subscription = await client.subscribe(subject, cb=live._on_message)
        return live


__all__ = ["NatsLiveChannel", "NatsLiveSubscription"]
