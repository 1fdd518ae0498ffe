"""Chat use cases: conversations, messages, receipts, search, attachments.

Sending stores the message and a ``chat.message_sent`` event (the worker's offline emails) in
one unit of work, then publishes the live ``message`` frame through the :class:`ChatHub`: the
sockets of this instance get it at once, the other instances through NATS. If the live channel
cannot take it, the message is still sent: a ``chat.fanout_pending`` event goes to the outbox
and the worker republishes the frame when NATS is back (see ``hub.FanoutRetry``).

Order: on one instance, sends to one conversation take turns (a lock per conversation from id to
publish), so the frames of one instance leave in the order of the stored history (ids are
UUIDv7). Across instances the history (by id) is the order; frames from two instances sent in
the same few milliseconds may reach a socket in the other order, and clients place messages by
id.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from bigauto.domain.chat.conversations import (
    DEFAULT_EDIT_WINDOW,
    MAX_ATTACHMENTS_PER_MESSAGE,
    Attachment,
    ChatStats,
    Conversation,
    ConversationSubject,
    Message,
    Participant,
    ParticipantRole,
    check_attachment,
    client_message_id,
    message_text,
)
from bigauto.domain.chat.events import ChatEvents
from bigauto.domain.shared.errors import Conflict, NotFound, ValidationFailed
from bigauto.domain.shared.uploads import EXTENSIONS
from bigauto.ports.shared.external import MediaStorage
from bigauto.ports.shared.messaging import chat_subject
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.chat.frames import (
    deleted_frame,
    edited_frame,
    message_frame,
    read_receipt_frame,
    typing_frame,
)
from bigauto.services.chat.hub import ChatHub
from bigauto.services.shared.events import new_event

#: How long a send trusts the participants it read last.
PARTICIPANTS_TTL = timedelta(seconds=5)


@attrs.frozen
class ChatConfig:
    """Chat settings (``BIGAUTO_CHAT_*``)."""

    edit_window: timedelta = DEFAULT_EDIT_WINDOW
    presence_ttl: float = 60.0
    typing_interval: float = 2.0


@attrs.frozen
class ConversationView:
    """A conversation in someone's list: its last message and their unread count."""

    conversation: Conversation
    last_message: Message | None
    unread: int


@attrs.frozen
class Sent:
    """The answer to a send: the stored message, and whether this call stored it (False when a
    resent client id found the earlier one)."""

    message: Message
    created: bool


def _not_found(conversation_id: str) -> NotFound:
    return NotFound(
        f"no conversation {conversation_id}", details={"conversation_id": conversation_id}
    )


def _attachment_name(name: str | None, content_type: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(c for c in base if c.isprintable())[:200]
    return base or f"attachment.{EXTENSIONS.get(content_type, 'bin')}"


@attrs.define(eq=False, kw_only=True)
class Chat:
    """The chat service of one process (see the module doc)."""

    _uow_factory: UnitOfWorkFactory
    _clock: Clock
    _ids: IdGenerator
    hub: ChatHub
    _media: MediaStorage
    config: ChatConfig = ChatConfig()
    _locks: weakref.WeakValueDictionary[str, asyncio.Lock] = attrs.field(
        init=False, factory=weakref.WeakValueDictionary
    )
    _typing: dict[tuple[str, str], datetime] = attrs.field(init=False, factory=dict)
    # Participants change rarely (an admin joins): sends reuse them for a few seconds.
    _recent: dict[str, tuple[datetime, Conversation]] = attrs.field(init=False, factory=dict)

    async def _mine(self, uow: UnitOfWork, user_id: str, conversation_id: str) -> Conversation:
        """The conversation if ``user_id`` takes part in it; else 404, as if it did not exist."""
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or not conversation.has(user_id):
            raise _not_found(conversation_id)
        return conversation

    async def _mine_recent(
        self, uow: UnitOfWork, user_id: str, conversation_id: str
    ) -> Conversation:
        """As :meth:`_mine`, from a copy at most ``PARTICIPANTS_TTL`` old when that copy has
        ``user_id`` in it (someone missing is looked up again: they may have just joined)."""
        now = self._clock.now()
        recent = self._recent.get(conversation_id)
        if recent is not None and recent[0] > now and recent[1].has(user_id):
            return recent[1]
        conversation = await self._mine(uow, user_id, conversation_id)
        if len(self._recent) > 10_000:
            self._recent.clear()
        self._recent[conversation_id] = (now + PARTICIPANTS_TTL, conversation)
        return conversation

    async def conversation(self, user_id: str, conversation_id: str) -> Conversation:
        async with self._uow_factory() as uow:
            return await self._mine(uow, user_id, conversation_id)

    async def open_conversation(
        self, user_id: str, subject: ConversationSubject
    ) -> tuple[Conversation, bool]:
        """The conversation of ``user_id`` with the vehicle's seller about ``subject``; True
        when this call opened it, False when it existed already."""
        async with self._uow_factory() as uow:
            vehicle = await uow.vehicles.get(subject.vehicle_id)
            if vehicle is None or vehicle.deleted_at is not None:
                raise NotFound(
                    f"no vehicle {subject.vehicle_id}", details={"vehicle_id": subject.vehicle_id}
                )
            conversation = Conversation.open(
                self._ids.new_id(),
                subject,
                customer_id=user_id,
                seller_id=vehicle.seller_id,
                at=self._clock.now(),
            )
            existing = await uow.conversations.by_subject(conversation.subject_key)
            if existing is not None:
                return existing, False
            try:
                await uow.conversations.add(conversation)
                await uow.commit()
            except Conflict:
                pass  # opened at the same moment elsewhere: answer that one
            else:
                return conversation, True
        async with self._uow_factory() as uow:
            found = await uow.conversations.by_subject(conversation.subject_key)
        if found is None:  # pragma: no cover - the conflict was about this very key
            raise Conflict("the conversation could not be opened; try again")
        return found, False

    async def join_as_admin(self, admin_id: str, conversation_id: str) -> Conversation:
        """An admin joins a conversation (support, a dispute); joining twice changes nothing."""
        async with self._uow_factory() as uow:
            conversation = await uow.conversations.get(conversation_id)
            if conversation is None:
                raise _not_found(conversation_id)
            if conversation.has(admin_id):
                return conversation
            admin = Participant(admin_id, ParticipantRole.ADMIN, self._clock.now())
            await uow.conversations.save_participant(conversation_id, admin)
            await uow.commit()
            return attrs.evolve(conversation, participants=(*conversation.participants, admin))

    async def conversations(
        self, user_id: str, *, limit: int = 20, offset: int = 0
    ) -> tuple[list[ConversationView], int]:
        """A page of the user's conversations, latest activity first, and how many there are."""
        async with self._uow_factory() as uow:
            page = list(await uow.conversations.of_user(user_id, limit=limit, offset=offset))
            total = await uow.conversations.count_of_user(user_id)
            ids = [c.id for c in page]
            latest = await uow.messages.latest(ids)
            unread = await uow.messages.unread_counts(user_id, ids)
        views = [ConversationView(c, latest.get(c.id), unread.get(c.id, 0)) for c in page]
        return views, total

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock

    async def send(
        self,
        user_id: str,
        conversation_id: str,
        content: str,
        *,
        client_id: str | None = None,
        attachment_ids: Sequence[str] = (),
    ) -> Sent:
        """Store a message and fan it out (see the module doc); a resent ``client_id``
        answers the message stored the first time, and sends nothing again."""
        text = message_text(content)
        client_id = client_message_id(client_id)
        if len(attachment_ids) > MAX_ATTACHMENTS_PER_MESSAGE:
            raise ValidationFailed(
                f"a message carries at most {MAX_ATTACHMENTS_PER_MESSAGE} attachments",
                details={"field": "attachments"},
            )
        async with self._lock(conversation_id):
            try:
                sent = await self._store(user_id, conversation_id, text, client_id, attachment_ids)
            except Conflict:
                if client_id is None:
                    raise
                # The same client id won a race on another instance: answer its message.
                async with self._uow_factory() as uow:
                    found = await uow.messages.by_client_id(conversation_id, user_id, client_id)
                if found is None:
                    raise
                return Sent(found, False)
            if sent.created:
                await self._publish(chat_subject(conversation_id), message_frame(sent.message))
        return sent

    async def _store(
        self,
        user_id: str,
        conversation_id: str,
        text: str,
        client_id: str | None,
        attachment_ids: Sequence[str],
    ) -> Sent:
        async with self._uow_factory() as uow:
            conversation = await self._mine_recent(uow, user_id, conversation_id)
            attachments = [
                await self._attachable(uow, user_id, conversation_id, attachment_id)
                for attachment_id in dict.fromkeys(attachment_ids)
            ]
            now = self._clock.now()
            message_id = self._ids.new_id()
            message = Message(
                id=message_id,
                conversation_id=conversation_id,
                sender_id=user_id,
                content=text,
                created_at=now,
                client_id=client_id,
                attachments=tuple(attrs.evolve(a, message_id=message_id) for a in attachments),
            )
            try:
                await uow.messages.add(message)
            except Conflict:
                if client_id is None:
                    raise
                earlier = await uow.messages.by_client_id(conversation_id, user_id, client_id)
                if earlier is None:
                    raise
                return Sent(earlier, False)  # a resend: nothing new is written
            await uow.chat_attachments.attach([a.id for a in attachments], message_id)
            await uow.conversations.touch(conversation_id, now)
            facts = {
                "conversation_id": conversation_id,
                "message_id": message_id,
                "sender_id": user_id,
                "recipient_ids": conversation.others(user_id),
                "content": text,
            }
            await uow.outbox.add(
                new_event(
                    self._ids, ChatEvents.MESSAGE_SENT, now, "conversation", conversation_id, facts
                )
            )
            await uow.commit()
        return Sent(message, True)

    async def _attachable(
        self, uow: UnitOfWork, user_id: str, conversation_id: str, attachment_id: str
    ) -> Attachment:
        found = await uow.chat_attachments.get(attachment_id)
        usable = (
            found is not None
            and found.conversation_id == conversation_id
            and found.uploader_id == user_id
            and found.message_id is None
        )
        if found is None or not usable:
            raise ValidationFailed(
                f"attachment {attachment_id} is not one you uploaded to this conversation, "
                "or a message carries it already",
                details={"field": "attachments", "attachment_id": attachment_id},
            )
        return found

    async def _publish(
        self, subject: str, frame: dict[str, object], skip_user: str | None = None
    ) -> None:
        if await self.hub.publish(subject, frame, skip_user=skip_user):
            return
        if frame.get("type") != "message":
            return  # typing, receipts, presence: ephemeral, and the history shows the rest
        about = str(frame.get("conversation_id"))
        facts = {"subject": subject, "frame": frame, "skip_user": skip_user}
        event = new_event(
            self._ids, ChatEvents.FANOUT_PENDING, self._clock.now(), "conversation", about, facts
        )
        async with self._uow_factory() as uow:
            await uow.outbox.add(event)
            await uow.commit()

    async def _own_message(
        self, uow: UnitOfWork, user_id: str, conversation_id: str, message_id: str
    ) -> Message:
        await self._mine(uow, user_id, conversation_id)
        message = await uow.messages.get(message_id)
        if message is None or message.conversation_id != conversation_id:
            raise NotFound(f"no message {message_id}", details={"message_id": message_id})
        return message

    async def edit(
        self, user_id: str, conversation_id: str, message_id: str, content: str
    ) -> Message:
        """Change a message's text (its sender, within the edit window); ``edited`` frame."""
        async with self._uow_factory() as uow:
            message = await self._own_message(uow, user_id, conversation_id, message_id)
            edited = message.edit(user_id, content, self._clock.now(), self.config.edit_window)
            await uow.messages.update(edited)
            await uow.commit()
        await self._publish(chat_subject(conversation_id), edited_frame(edited))
        return edited

    async def delete(self, user_id: str, conversation_id: str, message_id: str) -> Message:
        """Delete a message (its sender, within the edit window); ``deleted`` frame."""
        async with self._uow_factory() as uow:
            message = await self._own_message(uow, user_id, conversation_id, message_id)
            deleted = message.delete(user_id, self._clock.now(), self.config.edit_window)
            await uow.messages.update(deleted)
            await uow.commit()
        await self._publish(chat_subject(conversation_id), deleted_frame(deleted))
        return deleted

    async def history(
        self, user_id: str, conversation_id: str, *, before: str | None = None, limit: int = 50
    ) -> tuple[Conversation, list[Message]]:
        """Messages newest first (older than ``before``); what others sent counts as delivered."""
        async with self._uow_factory() as uow:
            conversation = await self._mine(uow, user_id, conversation_id)
            found = list(await uow.messages.history(conversation_id, before=before, limit=limit))
            theirs = [m.id for m in found if m.sender_id != user_id]
            me = conversation.participant(user_id)
            if theirs and me is not None:
                moved = me.delivered_up_to(max(theirs))
                if moved != me:
                    await uow.conversations.save_participant(conversation_id, moved)
                    await uow.commit()
        return conversation, found

    async def mark_read(self, user_id: str, conversation_id: str, message_id: str) -> Participant:
        """Read up to ``message_id``; a ``read_receipt`` frame when the mark moved."""
        async with self._uow_factory() as uow:
            conversation = await self._mine(uow, user_id, conversation_id)
            message = await uow.messages.get(message_id)
            if message is None or message.conversation_id != conversation_id:
                raise NotFound(f"no message {message_id}", details={"message_id": message_id})
            me = conversation.participant(user_id)
            assert me is not None
            now = self._clock.now()
            moved = me.read_up_to(message_id, now)
            if moved == me:
                return me
            await uow.conversations.save_participant(conversation_id, moved)
            await uow.commit()
        await self._publish(
            chat_subject(conversation_id), read_receipt_frame(message_id, user_id, now)
        )
        return moved

    async def mark_delivered(self, user_id: str, conversation_id: str, message_id: str) -> None:
        """Messages up to ``message_id`` reached one of the user's devices."""
        async with self._uow_factory() as uow:
            conversation = await self._mine(uow, user_id, conversation_id)
            me = conversation.participant(user_id)
            assert me is not None
            moved = me.delivered_up_to(message_id)
            if moved != me:
                await uow.conversations.save_participant(conversation_id, moved)
                await uow.commit()

    async def typing(self, user_id: str, conversation_id: str, is_typing: bool) -> bool:
        """Tell the others; "typing" at most once per ``typing_interval`` per user and
        conversation ("stopped" always goes). Never stored. True when a frame went out."""
        key = (conversation_id, user_id)
        now = self._clock.now()
        if is_typing:
            last = self._typing.get(key)
            if last is not None and now - last < timedelta(seconds=self.config.typing_interval):
                return False
            self._typing[key] = now
        else:
            self._typing.pop(key, None)
        await self.hub.publish(
            chat_subject(conversation_id), typing_frame(user_id, is_typing), skip_user=user_id
        )
        return True

    async def search(
        self, user_id: str, query: str, *, limit: int = 20, offset: int = 0
    ) -> tuple[list[Message], int]:
        text = query.strip()
        if not text or len(text) > 200:
            raise ValidationFailed("q must be 1–200 characters", details={"field": "q"})
        async with self._uow_factory() as uow:
            found = await uow.messages.search(user_id, text, limit=limit, offset=offset)
            total = await uow.messages.count_search(user_id, text)
        return list(found), total

    async def stats(self, user_id: str) -> ChatStats:
        async with self._uow_factory() as uow:
            return await uow.messages.stats(user_id)

    async def upload_attachment(
        self, user_id: str, conversation_id: str, data: bytes, *, name: str | None = None
    ) -> Attachment:
        """Store a file for a later message of ``user_id`` in the conversation."""
        await self.conversation(user_id, conversation_id)
        content_type = check_attachment(data)
        stored = await self._media.store(
            data, content_type=content_type, folder=f"chat/{conversation_id}"
        )
        attachment = Attachment(
            id=self._ids.new_id(),
            conversation_id=conversation_id,
            uploader_id=user_id,
            storage_key=stored.key,
            url=stored.url,
            thumbnail=stored.thumbnail,
            content_type=content_type,
            size=len(data),
            name=_attachment_name(name, content_type),
            created_at=self._clock.now(),
        )
        async with self._uow_factory() as uow:
            await uow.chat_attachments.add(attachment)
            await uow.commit()
        return attachment


__all__ = ["Chat", "ChatConfig", "ConversationView", "Sent"]
