"""Where conversations, messages and attachments are kept (memory, SQLite, PostgreSQL).

Messages are ordered by id everywhere (ids are UUIDv7: creation-time order). Search is a
case-insensitive substring match on the text of messages that are not deleted, in the
conversations the searcher takes part in; every adapter answers the same rows for the same query
(PostgreSQL through a trigram index, SQLite and memory by scanning).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bigauto.domain.chat.conversations import (
    Attachment,
    ChatStats,
    Conversation,
    Message,
    Participant,
)


class ConversationRepository(Protocol):
    async def add(self, conversation: Conversation) -> None:
        """Store a new conversation and its participants; ``Conflict`` if its id or its
        subject key (:attr:`Conversation.subject_key`) is taken."""

    async def get(self, conversation_id: str) -> Conversation | None: ...

    async def by_subject(self, subject_key: str) -> Conversation | None: ...

    async def save_participant(self, conversation_id: str, participant: Participant) -> None:
        """Add ``participant`` to the conversation, or replace their marks if already in it."""

    async def touch(self, conversation_id: str, at: datetime) -> None:
        """A message was sent at ``at``: the conversation's last activity moves forward."""

    async def of_user(
        self, user_id: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Conversation]:
        """The user's conversations, latest activity first (last message, else creation),
        ties broken by id, newest first."""

    async def count_of_user(self, user_id: str) -> int: ...


class MessageRepository(Protocol):
    async def add(self, message: Message) -> None:
        """Store ``message``; ``Conflict`` when its id, or its (conversation, sender,
        client_id) when it has a client id, is taken."""

    async def get(self, message_id: str) -> Message | None: ...

    async def by_client_id(
        self, conversation_id: str, sender_id: str, client_id: str
    ) -> Message | None: ...

    async def update(self, message: Message) -> None:
        """Store an edited or deleted message (its text, attachments and two times)."""

    async def history(
        self, conversation_id: str, *, before: str | None = None, limit: int = 50
    ) -> Sequence[Message]:
        """Up to ``limit`` messages of the conversation, newest first, with ids below
        ``before`` when given (the cursor of the next page)."""

    async def latest(self, conversation_ids: Sequence[str]) -> dict[str, Message]:
        """The newest message of each of ``conversation_ids`` that has one."""

    async def unread_counts(self, user_id: str, conversation_ids: Sequence[str]) -> dict[str, int]:
        """Per conversation: messages of others, not deleted, after the user's read mark."""

    async def search(
        self, user_id: str, query: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[Message]:
        """Messages containing ``query`` (case-insensitive) in the user's conversations,
        newest first."""

    async def count_search(self, user_id: str, query: str) -> int: ...

    async def stats(self, user_id: str) -> ChatStats:
        """The user's conversations, messages sent and received (not deleted), and unread."""


class AttachmentRepository(Protocol):
    async def add(self, attachment: Attachment) -> None: ...

    async def get(self, attachment_id: str) -> Attachment | None: ...

    async def attach(self, attachment_ids: Sequence[str], message_id: str) -> None:
        """Mark the attachments as carried by ``message_id``."""


__all__ = ["AttachmentRepository", "ConversationRepository", "MessageRepository"]
