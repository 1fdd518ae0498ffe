"""One open chat socket: its frames in, its frames out, its presence and receipts.

The edge (``entrypoints/http/chat/socket.py``) authenticates, accepts, decodes each client
frame (its shapes are the tagged Structs of ``entrypoints/http/chat/frames.py``) and calls the
session's method for it: :meth:`ChatSession.ping`, :meth:`~ChatSession.typing`,
:meth:`~ChatSession.read` or :meth:`~ChatSession.say`, after :meth:`~ChatSession.count_frame`.
Everything the client should see comes out of ``session.member.queue`` as JSON text.

A refused frame raises its error (``InvalidMessage``, ``RateLimited``, ``NotFound``...); the edge
answers with an ``error`` frame, from the same mapping that turns errors into HTTP responses,
and keeps the socket open. Message frames count against the chat rate limit of the user (the
same budget as ``POST .../messages``); all frames together against a per-socket flood limit.

Presence: a heartbeat (TTL ``presence_ttl``) on open, then every third of the TTL, and on each
``ping``; a goodbye on close. Opening tells the others ``online`` and tells the newcomer who of
them is online; closing the last connection tells the others ``offline``. Messages from others
that reach this socket are recorded as delivered, at most every ``delivered_every`` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

import structlog

from bigauto.domain.shared.errors import RateLimited
from bigauto.domain.shared.ratelimit import BucketState, RateRule, decide
from bigauto.ports.chat.presence import PresenceStore
from bigauto.ports.identity.security import RateCheck, RateLimiter
from bigauto.ports.shared.messaging import chat_subject, user_subject
from bigauto.ports.shared.system import Clock
from bigauto.services.chat.conversations import Chat
from bigauto.services.chat.frames import message_frame, presence_frame
from bigauto.services.chat.hub import Member, encode

log = structlog.get_logger(__name__)

#: Every frame of one socket, whatever its type: 20 a second, bursts of 40.
FRAME_RULE = RateRule(20, 1, 40)


class ChatSession:
    """A participant's socket on one conversation (see the module doc)."""

    def __init__(
        self,
        chat: Chat,
        presence: PresenceStore,
        limiter: RateLimiter,
        clock: Clock,
        *,
        user_id: str,
        conversation_id: str,
        connection_id: str,
        chat_rule: RateRule,
        frame_rule: RateRule = FRAME_RULE,
        delivered_every: float = 2.0,
    ) -> None:
        self.chat = chat
        self.user_id = user_id
        self.conversation_id = conversation_id
        self.member = Member(user_id, connection_id)
        self._presence = presence
        self._limiter = limiter
        self._clock = clock
        self._chat_rule = chat_rule
        self._frame_rule = frame_rule
        self._frames: BucketState | None = None
        self._delivered_every = delivered_every
        self._recorded: str | None = None
        self._others: list[str] = []
        self._ticker: asyncio.Task[None] | None = None
        self._subjects = (chat_subject(conversation_id), user_subject(user_id))

    async def open(self) -> None:
        """Join the conversation's frames (``NotFound`` for a non-participant)."""
        conversation = await self.chat.conversation(self.user_id, self.conversation_id)
        self._others = conversation.others(self.user_id)
        for subject in self._subjects:
            await self.chat.hub.join(subject, self.member)
        await self._beat()
        now = self._clock.now()
        online = await self._presence.online(self._others, now=now)
        for other in self._others:
            seen = None if other in online else await self._presence.last_seen(other)
            self.member.offer(encode(presence_frame(other, other in online, seen)))
        await self.chat.hub.publish(
            self._subjects[0], presence_frame(self.user_id, True), skip_user=self.user_id
        )
        self._ticker = asyncio.create_task(self._tick(), name=f"chat-session:{self.member}")

    async def _beat(self) -> None:
        await self._presence.heartbeat(
            self.user_id,
            self.member.connection_id,
            now=self._clock.now(),
            ttl_seconds=self.chat.config.presence_ttl,
        )

    async def _tick(self) -> None:
        beat_every = max(self.chat.config.presence_ttl / 3, 0.05)
        waited = 0.0
        step = min(self._delivered_every, beat_every)
        while True:
            await asyncio.sleep(step)
            waited += step
            try:
                if waited >= beat_every:
                    waited = 0.0
                    await self._beat()
                await self._record_delivery()
            except Exception:  # a failed beat or mark must not end the socket
                log.warning("chat session housekeeping failed", exc_info=True)

    async def _record_delivery(self) -> None:
        delivered = self.member.delivered_message_id
        if delivered is not None and delivered != self._recorded:
            await self.chat.mark_delivered(self.user_id, self.conversation_id, delivered)
            self._recorded = delivered

    def count_frame(self) -> None:
        """Count one frame of this socket, whatever it is (``RateLimited`` beyond the flood
        limit)."""
        now = self._clock.now().timestamp()
        decision, [self._frames] = decide([(self._frame_rule, self._frames)], now)
        if not decision.allowed:
            raise RateLimited("too many frames; slow down")

    async def ping(self) -> None:
        """The client is there: renew its presence (the edge answers ``pong``)."""
        await self._beat()

    async def typing(self, is_typing: bool) -> None:
        await self.chat.typing(self.user_id, self.conversation_id, is_typing)

    async def read(self, message_id: str) -> None:
        await self.chat.mark_read(self.user_id, self.conversation_id, message_id)

    async def say(
        self, content: str, *, client_id: str | None = None, attachments: Sequence[str] = ()
    ) -> None:
        """Send a message, within the user's chat rate limit."""
        decision = await self._limiter.check(
            [RateCheck(f"chat_messages:user:{self.user_id}", self._chat_rule)]
        )
        if not decision.allowed:
            retry = decision.headers().get("Retry-After", "?")
            raise RateLimited(f"too many messages; try again in {retry} seconds")
        sent = await self.chat.send(
            self.user_id,
            self.conversation_id,
            content,
            client_id=client_id,
            attachment_ids=attachments,
        )
        if not sent.created:
            # A resend: the earlier frame went out already; confirm to this socket only.
            self.member.offer(encode(message_frame(sent.message)))

    async def close(self) -> None:
        """Leave the frames, say goodbye; the others hear ``offline`` if this was the last
        connection of the user."""
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        for subject in self._subjects:
            await self.chat.hub.leave(subject, self.member)
        try:
            await self._record_delivery()
            now = self._clock.now()
            await self._presence.disconnect(self.user_id, self.member.connection_id, now=now)
            if not await self._presence.is_online(self.user_id, now=now):
                await self.chat.hub.publish(
                    self._subjects[0],
                    presence_frame(self.user_id, False, now),
                    skip_user=self.user_id,
                )
        except Exception:  # the socket is gone either way; presence expires by its TTL
            log.warning("chat session close failed", exc_info=True)


__all__ = ["FRAME_RULE", "ChatSession"]
