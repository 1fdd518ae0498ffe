"""Emails about chat messages to people who are offline, batched per conversation.

At most one email per conversation per recipient per ``interval`` (15 minutes by default,
``BIGAUTO_CHAT_EMAIL_INTERVAL``), and only while the recipient is offline (``PresenceStore``):

- the first message after a quiet interval opens a window (``chat_email_throttle``): it is
  emailed at once and gets an in-app notification;
- messages inside the window are counted, not emailed;
- when the window has passed with messages counted, the ``chat.email_digest`` timer sends one
  digest ("3 new messages") and opens the next window; a recipient who came online meanwhile
  has read them in the chat, so the count is dropped instead.

Handlers: ``chat.email_window`` (transactional: the window and the in-app notification, exactly
once) then ``chat.email`` (sends the email if this event opened the window; idempotency key
``{event_id}:{recipient_id}``). The ``chat.message_sent`` payload read here::

    {"conversation_id", "message_id", "sender_id", "recipient_ids": [...] (or "recipient_id"),
     "content", "sender_name"?}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs
import structlog

from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.notifications.inbox import Notification, NotificationCategory
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.chat.presence import PresenceStore
from bigauto.ports.notifications.repositories import ChatEmailWindow
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.notifications.handlers import (
    NoticeChannels,
    Prepared,
    prepare,
    store_notification,
)
from bigauto.services.notifications.render import render
from bigauto.services.notifications.rules import Notice
from bigauto.services.notifications.templates import FALLBACKS
from bigauto.services.runtime.registry import AfterCommit, HandlerRegistry
from bigauto.services.runtime.timers import Timer

log = structlog.get_logger(__name__)

CHAT = NotificationCategory.CHAT
PREVIEW_CHARACTERS = 140


def recipients(payload: Mapping[str, Any]) -> list[str]:
    """The recipients a message event names, without its sender."""
    many = payload.get("recipient_ids")
    found = [str(r) for r in many] if isinstance(many, list) else []
    one = payload.get("recipient_id")
    if isinstance(one, str) and one not in found:
        found.append(one)
    return [r for r in found if r != payload.get("sender_id")]


def preview(content: Any) -> str:
    text = " ".join(str(content or "").split())
    return text if len(text) <= PREVIEW_CHARACTERS else text[: PREVIEW_CHARACTERS - 1] + "…"


@attrs.define(eq=False, kw_only=True)
class ChatEmails(NoticeChannels):
    """The chat handlers and the digest timer (see the module doc)."""

    WINDOW = "chat.email_window"
    EMAIL = "chat.email"
    DIGEST = "chat.email_digest"

    _presence: PresenceStore
    _interval: timedelta = timedelta(minutes=15)

    def register(self, registry: HandlerRegistry) -> None:
        registry.on_transaction(ChatEvents.MESSAGE_SENT, name=self.WINDOW, handler=self.open_window)
        registry.on(ChatEvents.MESSAGE_SENT, name=self.EMAIL, handler=self.send_message_email)

    def timer(self, every: timedelta = timedelta(minutes=1)) -> Timer:
        """The digest job, to schedule with the worker's timers."""
        return Timer(self.DIGEST, every, self.send_digests)

    async def _notice(
        self, uow: UnitOfWork, event: DomainEvent, recipient: str, template: str, **params: Any
    ) -> Prepared | None:
        p = event.payload
        sender_name = p.get("sender_name")
        if not isinstance(sender_name, str):
            sender = await uow.users.get(str(p.get("sender_id")))
            sender_name = sender.name if sender else None
        conversation = str(p.get("conversation_id"))
        notice = Notice(
            recipient,
            CHAT,
            template,
            f"/chat/{conversation}",
            {"sender": sender_name, "conversation_id": conversation, **params},
        )
        prepared = await prepare(uow, event, notice)
        if prepared is not None and sender_name is None:
            someone = FALLBACKS.get(prepared.user.locale, FALLBACKS["id"])["someone"]
            prepared = attrs.evolve(
                prepared,
                rendered=render(template, prepared.user.locale, {**params, "sender": someone}),
            )
        return prepared

    async def open_window(self, event: DomainEvent, uow: UnitOfWork) -> AfterCommit | None:
        """Open a window (and notify in-app) or count the message into the open one."""
        p = event.payload
        conversation = str(p.get("conversation_id"))
        now = self._clock.now()
        stored: list[tuple[Notification, int]] = []
        for recipient in recipients(p):
            preferences = await uow.notification_preferences.get(recipient)
            if not preferences.wants_email(CHAT):
                continue
            if await self._presence.is_online(recipient, now=now):
                continue
            window = await uow.chat_email_throttle.get(conversation, recipient)
            if window is not None and window.last_sent_at > now - self._interval:
                await uow.chat_email_throttle.save(
                    attrs.evolve(
                        window,
                        pending=window.pending + 1,
                        pending_since=window.pending_since or now,
                        last_sender_id=str(p.get("sender_id")),
                    )
                )
                continue
            await uow.chat_email_throttle.save(
                ChatEmailWindow(conversation, recipient, now, event.event_id)
            )
            prepared = await self._notice(
                uow, event, recipient, "chat.message", preview=preview(p.get("content"))
            )
            if prepared is not None:
                stored.append(await store_notification(uow, self._ids, self._clock, prepared))
        return self.pusher(stored) if stored else None

    async def send_message_email(self, event: DomainEvent) -> None:
        """Email the recipients whose window this event opened."""
        p = event.payload
        conversation = str(p.get("conversation_id"))
        for recipient in recipients(p):
            async with self._uow_factory() as uow:
                window = await uow.chat_email_throttle.get(conversation, recipient)
                if window is None or window.last_event_id != event.event_id:
                    continue
                prepared = await self._notice(
                    uow, event, recipient, "chat.message", preview=preview(p.get("content"))
                )
            if prepared is not None:
                await self.send_email(prepared, f"{event.event_id}:{recipient}", event.name)

    async def send_digests(self, now: datetime) -> int:
        """Send one digest per window that passed with messages counted; answer how many."""
        async with self._uow_factory() as uow:
            due = list(await uow.chat_email_throttle.due(now, self._interval))
        sent = 0
        for window in due:
            online = await self._presence.is_online(window.recipient_id, now=now)
            if not online:
                await self._send_digest(window)
                sent += 1
            async with self._uow_factory() as uow:
                current = await uow.chat_email_throttle.get(
                    window.conversation_id, window.recipient_id
                )
                if current != window:
                    continue  # a message moved it meanwhile; the next round sees it
                await uow.chat_email_throttle.save(
                    attrs.evolve(
                        window,
                        last_sent_at=now if not online else window.last_sent_at,
                        last_event_id=f"digest:{now.isoformat()}"[:64]
                        if not online
                        else window.last_event_id,
                        pending=0,
                        pending_since=None,
                    )
                )
                await uow.commit()
        return sent

    async def _send_digest(self, window: ChatEmailWindow) -> None:
        wrapper = DomainEvent(
            name=ChatEvents.MESSAGE_SENT,
            event_id=window.last_event_id,
            occurred_at=window.pending_since or window.last_sent_at,
            aggregate_type="conversation",
            aggregate_id=window.conversation_id,
            payload={
                "conversation_id": window.conversation_id,
                "sender_id": window.last_sender_id,
            },
        )
        async with self._uow_factory() as uow:
            prepared = await self._notice(
                uow, wrapper, window.recipient_id, "chat.digest", count=window.pending
            )
        if prepared is None:
            return
        # The window's last email time names this digest: a repeat after a crash reuses the key.
        key = f"chat-digest:{window.conversation_id}:{window.recipient_id}:"
        await self.send_email(prepared, key + window.last_sent_at.isoformat(), self.DIGEST)


__all__ = ["ChatEmails", "preview", "recipients"]
