"""Live fan-out of chat frames: this process's sockets first, other instances through the
live channel (NATS subject ``chat.{conversation_id}``, ``user.{user_id}``).

Every instance keeps a :class:`ChatHub`. A socket joins the subjects it listens to (its
conversation and its user); the first local member of a subject makes the hub subscribe to it on
the live channel, the last one to leave unsubscribes. Publishing a frame

1. hands it at once to the local members of the subject (no round trip: local sockets are served
   even when NATS is down), then
2. publishes an envelope ``{"o": instance_id, "s": skip_user, "f": frame}`` on the live channel
   for the other instances. The hub drops envelopes of its own instance when they come back, and
   message frames it has delivered already (by message id), so a frame republished later by the
   outbox (see :class:`FanoutRetry`) reaches only the sockets that missed it.

When the live channel cannot take a frame (NATS down), :meth:`ChatHub.publish` answers False
and stops trying for ``retry_after`` seconds (so a send does not wait on a dead server each
time); subscriptions that failed are retried in the background until they succeed. Payloads on a
subject that are not envelopes (the worker's ``notification`` frames on ``user.{id}``) are
forwarded as they are.

Frames reach a member through its bounded queue; a member that falls too far behind is marked
``overflowed`` and its socket is closed by the edge (the client catches up from the history).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import attrs
import structlog

from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.messaging import LiveChannel, LiveSubscription
from bigauto.services.runtime.registry import HandlerRegistry

log = structlog.get_logger(__name__)

#: The origin of frames republished from the outbox (by whichever worker handles them).
OUTBOX_ORIGIN = "outbox"


@attrs.define(eq=False)
class Member:
    """One socket's inbox: frames as JSON text, in order."""

    user_id: str
    connection_id: str
    queue: asyncio.Queue[str] = attrs.field(factory=lambda: asyncio.Queue(maxsize=1000))
    overflowed: bool = False
    #: The newest message of someone else handed to this member (for delivery receipts).
    delivered_message_id: str | None = None

    def offer(self, text: str) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True


def encode(frame: Mapping[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def envelope(origin: str, frame: Mapping[str, Any], skip_user: str | None = None) -> bytes:
    """The live-channel payload of ``frame`` from ``origin``."""
    return encode({"o": origin, "s": skip_user, "f": frame}).encode()


def _dedupe_key(frame: Mapping[str, Any]) -> str | None:
    # Only message frames are ever sent twice on purpose (the outbox retry).
    if frame.get("type") == "message" and isinstance(frame.get("id"), str):
        return f"message:{frame['id']}"
    return None


class ChatHub:
    """Local fan-out plus the live channel; one per process (see the module doc)."""

    def __init__(
        self,
        live: LiveChannel,
        *,
        instance_id: str,
        retry_after: float = 2.0,
        remember: int = 10_000,
    ) -> None:
        self.instance_id = instance_id
        self._live = live
        self._retry_after = retry_after
        self._remember = remember
        self._members: dict[str, list[Member]] = {}
        self._remote: dict[str, LiveSubscription] = {}
        self._pending: set[str] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._down_until = 0.0
        self._retrier: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    @property
    def remote_ok(self) -> bool:
        """False while the live channel is known to be failing."""
        return time.monotonic() >= self._down_until

    def members(self, subject: str) -> list[Member]:
        return list(self._members.get(subject, ()))

    async def join(self, subject: str, member: Member) -> None:
        """Deliver frames on ``subject`` to ``member`` from now on."""
        async with self._lock:
            members = self._members.setdefault(subject, [])
            members.append(member)
            if len(members) == 1:
                await self._subscribe(subject)

    async def leave(self, subject: str, member: Member) -> None:
        async with self._lock:
            members = self._members.get(subject, [])
            if member in members:
                members.remove(member)
            if members:
                return
            self._members.pop(subject, None)
            self._pending.discard(subject)
            remote = self._remote.pop(subject, None)
        if remote is not None:
            await remote.unsubscribe()

    async def publish(
        self, subject: str, frame: Mapping[str, Any], *, skip_user: str | None = None
    ) -> bool:
        """Deliver ``frame`` to local members, then to other instances; False when the live
        channel could not take it (the local members have it all the same)."""
        key = _dedupe_key(frame)
        if key is not None:
            self._remember_key(key)
        self._deliver(subject, encode(frame), skip_user, frame)
        return await self.publish_remote(subject, envelope(self.instance_id, frame, skip_user))

    async def publish_remote(self, subject: str, payload: bytes) -> bool:
        if not self.remote_ok:
            return False
        try:
            await self._live.publish(subject, payload)
        except ServiceUnavailable:
            self._down_until = time.monotonic() + self._retry_after
            log.warning("live channel down; frames are local only for now", subject=subject)
            return False
        return True

    def _deliver(
        self, subject: str, text: str, skip_user: str | None, frame: Mapping[str, Any]
    ) -> None:
        message_id = frame.get("id") if frame.get("type") == "message" else None
        sender = frame.get("sender_id")
        for member in self._members.get(subject, ()):
            if member.user_id == skip_user:
                continue
            member.offer(text)
            if isinstance(message_id, str) and member.user_id != sender:
                current = member.delivered_message_id
                if current is None or message_id > current:
                    member.delivered_message_id = message_id

    def _remember_key(self, key: str) -> bool:
        """Remember ``key``; False if it was remembered already."""
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        return True

    async def _on_remote(self, subject: str, payload: bytes) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            log.warning("dropping a live frame that is not JSON", subject=subject)
            return
        if not isinstance(data, dict):
            return
        if "o" in data and isinstance(data.get("f"), dict):
            if data["o"] == self.instance_id:
                return
            frame, skip = data["f"], data.get("s")
        else:
            frame, skip = data, None
        key = _dedupe_key(frame)
        if key is not None and not self._remember_key(key):
            return
        self._deliver(subject, encode(frame), skip if isinstance(skip, str) else None, frame)

    async def _subscribe(self, subject: str) -> None:
        if self.remote_ok:
            try:
                self._remote[subject] = await self._live.subscribe(subject, self._on_remote)
                return
            except ServiceUnavailable:
                self._down_until = time.monotonic() + self._retry_after
        # Known down: no socket waits on a dead server; the retrier subscribes later.
        self._pending.add(subject)
        if self._retrier is None or self._retrier.done():
            self._retrier = asyncio.create_task(self._retry(), name="chat-hub-resubscribe")

    async def _retry(self) -> None:
        while self._pending:
            await asyncio.sleep(self._retry_after)
            async with self._lock:
                for subject in list(self._pending):
                    try:
                        subscription = await self._live.subscribe(subject, self._on_remote)
                    except ServiceUnavailable:
                        break
                    self._pending.discard(subject)
                    if subject in self._members:
                        self._remote[subject] = subscription
                    else:
                        await subscription.unsubscribe()
                else:
                    self._down_until = 0.0

    async def close(self) -> None:
        """Stop retrying and drop every remote subscription (the process is stopping)."""
        if self._retrier is not None:
            self._retrier.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retrier
        remote, self._remote = self._remote, {}
        for subscription in remote.values():
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
        self._members.clear()
        self._pending.clear()


class FanoutRetry:
    """The worker's side of "fan-out retried through the outbox".

    When an instance could not publish a message frame, it stores a ``chat.fanout_pending``
    event ``{"subject", "frame"}``; this handler publishes the frame on the live channel once
    NATS is back (raising ``ServiceUnavailable`` meanwhile, so the worker retries it).
    """

    NAME = "chat.fanout"

    def __init__(self, live: LiveChannel) -> None:
        self._live = live

    def register(self, registry: HandlerRegistry) -> None:
        registry.on(ChatEvents.FANOUT_PENDING, name=self.NAME, handler=self.republish)

    async def republish(self, event: DomainEvent) -> None:
        subject = str(event.payload["subject"])
        frame = dict(event.payload["frame"])
        skip = event.payload.get("skip_user")
        await self._live.publish(subject, envelope(OUTBOX_ORIGIN, frame, skip))


__all__ = [
    "OUTBOX_ORIGIN",
    "ChatHub",
    "FanoutRetry",
    "Member",
    "encode",
    "envelope",
]
