"""In-memory conversations, messages and attachments, ordered and searched as SQL does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

import attrs

from bigauto.adapters.memory._paging import newest_first, window
from bigauto.adapters.memory._repository import MemoryRepository, insert_new, replace_existing
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.chat.conversations import (
    Attachment,
    ChatStats,
    Conversation,
    Message,
    Participant,
)
from bigauto.domain.shared.errors import Conflict, NotFound


class MemoryConversationRepository(MemoryRepository):
    """Conversations keyed by id, participants inside them."""

    tables: ClassVar[TableDeclarations] = {
        # Conversations carry their participants.
        "conversations": dict[str, Conversation],
    }

    async def add(self, conversation: Conversation) -> None:
        if conversation.id in self._t.conversations:
            raise Conflict(f"conversation {conversation.id} already exists")
        if await self.by_subject(conversation.subject_key) is not None:
            raise Conflict("a conversation about this subject already exists")
        self._t.conversations[conversation.id] = conversation

    async def get(self, conversation_id: str) -> Conversation | None:
        return self._t.conversations.get(conversation_id)

    async def by_subject(self, subject_key: str) -> Conversation | None:
        return next(
            (c for c in self._t.conversations.values() if c.subject_key == subject_key), None
        )

    async def save_participant(self, conversation_id: str, participant: Participant) -> None:
        conversation = self._t.conversations.get(conversation_id)
        if conversation is None:
            raise NotFound(f"no conversation {conversation_id}")
        # Replaced in place, or added last: the order participants joined in.
        kept = tuple(
            participant if p.user_id == participant.user_id else p
            for p in conversation.participants
        )
        if not conversation.has(participant.user_id):
            kept += (participant,)
        self._t.conversations[conversation_id] = attrs.evolve(conversation, participants=kept)

    async def touch(self, conversation_id: str, at: datetime) -> None:
        conversation = self._t.conversations.get(conversation_id)
        if conversation is None:
            return
        if conversation.last_message_at is None or conversation.last_message_at < at:
            self._t.conversations[conversation_id] = attrs.evolve(conversation, last_message_at=at)

    def _mine(self, user_id: str) -> list[Conversation]:
        return [c for c in self._t.conversations.values() if c.has(user_id)]

    async def of_user(
        self, user_id: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Conversation]:
        mine = newest_first(
            self._mine(user_id), lambda c: (c.last_message_at or c.created_at, c.id)
        )
        return window(mine, offset, limit)

    async def count_of_user(self, user_id: str) -> int:
        return len(self._mine(user_id))


class MemoryMessageRepository(MemoryRepository):
    """Messages keyed by id; history and search sort by id like the SQL indexes."""

    tables: ClassVar[TableDeclarations] = {"messages": dict[str, Message]}

    async def add(self, message: Message) -> None:
        if message.id in self._t.messages:
            raise Conflict(f"message {message.id} already exists")
        if message.client_id is not None and await self.by_client_id(
            message.conversation_id, message.sender_id, message.client_id
        ):
            raise Conflict("a message with this client_id was already sent")
        self._t.messages[message.id] = message

    async def get(self, message_id: str) -> Message | None:
        return self._t.messages.get(message_id)

    async def by_client_id(
        self, conversation_id: str, sender_id: str, client_id: str
    ) -> Message | None:
        return next(
            (
                m
                for m in self._t.messages.values()
                if m.conversation_id == conversation_id
                and m.sender_id == sender_id
                and m.client_id == client_id
            ),
            None,
        )

    async def update(self, message: Message) -> None:
        replace_existing(self._t.messages, message.id, message, "message")

    def _of(self, conversation_id: str) -> list[Message]:
        return sorted(
            (m for m in self._t.messages.values() if m.conversation_id == conversation_id),
            key=lambda m: m.id,
            reverse=True,
        )

    async def history(
        self, conversation_id: str, *, before: str | None = None, limit: int = 50
    ) -> Sequence[Message]:
        found = self._of(conversation_id)
        if before is not None:
            found = [m for m in found if m.id < before]
        return found[:limit]

    async def latest(self, conversation_ids: Sequence[str]) -> dict[str, Message]:
        latest: dict[str, Message] = {}
        wanted = set(conversation_ids)
        for message in self._t.messages.values():
            if message.conversation_id not in wanted:
                continue
            current = latest.get(message.conversation_id)
            if current is None or message.id > current.id:
                latest[message.conversation_id] = message
        return latest

    def _unread(self, user_id: str, conversation: Conversation) -> int:
        me = conversation.participant(user_id)
        if me is None:
            return 0
        mark = me.last_read_message_id
        return sum(
            1
            for m in self._t.messages.values()
            if m.conversation_id == conversation.id
            and m.sender_id != user_id
            and not m.is_deleted
            and (mark is None or m.id > mark)
        )

    async def unread_counts(self, user_id: str, conversation_ids: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for conversation_id in conversation_ids:
            conversation = self._t.conversations.get(conversation_id)
            if conversation is not None:
                counts[conversation_id] = self._unread(user_id, conversation)
        return counts

    def _found(self, user_id: str, query: str) -> list[Message]:
        mine = {c.id for c in self._t.conversations.values() if c.has(user_id)}
        needle = query.lower()
        return sorted(
            (
                m
                for m in self._t.messages.values()
                if m.conversation_id in mine and not m.is_deleted and needle in m.content.lower()
            ),
            key=lambda m: m.id,
            reverse=True,
        )

    async def search(
        self, user_id: str, query: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Message]:
        return window(self._found(user_id, query), offset, limit)

    async def count_search(self, user_id: str, query: str) -> int:
        return len(self._found(user_id, query))

    async def stats(self, user_id: str) -> ChatStats:
        mine = {c.id: c for c in self._t.conversations.values() if c.has(user_id)}
        live = [m for m in self._t.messages.values() if m.conversation_id in mine]
        live = [m for m in live if not m.is_deleted]
        return ChatStats(
            conversations=len(mine),
            messages_sent=sum(1 for m in live if m.sender_id == user_id),
            messages_received=sum(1 for m in live if m.sender_id != user_id),
            unread=sum(self._unread(user_id, c) for c in mine.values()),
        )


class MemoryAttachmentRepository(MemoryRepository):
    """Uploaded chat attachments keyed by id."""

    tables: ClassVar[TableDeclarations] = {"chat_attachments": dict[str, Attachment]}

    async def add(self, attachment: Attachment) -> None:
        insert_new(self._t.chat_attachments, attachment.id, attachment, "attachment")

    async def get(self, attachment_id: str) -> Attachment | None:
        return self._t.chat_attachments.get(attachment_id)

    async def attach(self, attachment_ids: Sequence[str], message_id: str) -> None:
        for attachment_id in attachment_ids:
            found = self._t.chat_attachments.get(attachment_id)
            if found is not None:
                self._t.chat_attachments[attachment_id] = attrs.evolve(found, message_id=message_id)


__all__ = [
    "MemoryAttachmentRepository",
    "MemoryConversationRepository",
    "MemoryMessageRepository",
]
