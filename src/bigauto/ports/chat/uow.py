"""The repositories chat adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.chat.repositories import (
    AttachmentRepository,
    ConversationRepository,
    MessageRepository,
)


class ChatRepositories(Protocol):
    """Conversations, their messages and the files attached to them."""

    conversations: ConversationRepository
    messages: MessageRepository
    chat_attachments: AttachmentRepository
