"""Live frames between tasks of this process: the embedded default of the live channel.

Like core NATS: publishing does not wait for subscribers, each subscription gets its frames one
at a time in publish order (a queue and a task of its own), and a failing callback is logged
without troubling the publisher or the other subscriptions.
"""

from __future__ import annotations

import asyncio

import structlog

from bigauto.adapters.memory.bus import subject_matches
from bigauto.ports.shared.messaging import LiveCallback

log = structlog.get_logger(__name__)


class MemoryLiveSubscription:
    """One subscription of a :class:`MemoryLiveChannel`."""

    def __init__(self, channel: MemoryLiveChannel, pattern: str, callback: LiveCallback) -> None:
        self.pattern = pattern
        self._channel = channel
        self._callback = callback
        # None is the stop sentinel.
        self._queue: asyncio.Queue[tuple[str, bytes] | None] = asyncio.Queue()
        self._active = True
        self._task = asyncio.create_task(self._pump(), name=f"live:{pattern}")

    def _offer(self, subject: str, payload: bytes) -> None:
        if self._active:
            self._queue.put_nowait((subject, payload))

    async def _pump(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None or not self._active:
                return
            subject, payload = item
            try:
                await self._callback(subject, payload)
            except Exception:
                log.exception("live callback failed", subject=subject)

    async def unsubscribe(self) -> None:
        if not self._active:
            return
        # The flag stops delivery at once, even of frames already queued; the sentinel lets the
        # pump finish the callback in hand (which may be the one unsubscribing) and end.
        self._active = False
        self._channel._forget(self)
        self._queue.put_nowait(None)


class MemoryLiveChannel:
    """Implements ``LiveChannel`` within one process (NATS subject wildcards)."""

    def __init__(self) -> None:
        self._subscriptions: list[MemoryLiveSubscription] = []

    async def publish(self, subject: str, payload: bytes) -> None:
        for subscription in list(self._subscriptions):
            if subject_matches(subscription.pattern, subject):
                subscription._offer(subject, payload)

    async def subscribe(self, subject: str, callback: LiveCallback) -> MemoryLiveSubscription:
        subscription = MemoryLiveSubscription(self, subject, callback)
        self._subscriptions.append(subscription)
        return subscription

    async def close(self) -> None:
        """Unsubscribe everything (the process is stopping)."""
        for subscription in list(self._subscriptions):
            await subscription.unsubscribe()

    def _forget(self, subscription: MemoryLiveSubscription) -> None:
        if subscription in self._subscriptions:
            self._subscriptions.remove(subscription)


__all__ = ["MemoryLiveChannel", "MemoryLiveSubscription"]
