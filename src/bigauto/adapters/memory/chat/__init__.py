"""Chat in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from bigauto.adapters.memory.chat.repositories import (
    MemoryAttachmentRepository,
    MemoryConversationRepository,
    MemoryMessageRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.chat.conversations import Attachment, Conversation, Message

TABLES: TableDeclarations = {
    # Conversations carry their participants.
    "conversations": dict[str, Conversation],
    "messages": dict[str, Message],
    "chat_attachments": dict[str, Attachment],
}

REPOSITORIES: RepositoryDeclarations = {
    "conversations": MemoryConversationRepository,
    "messages": MemoryMessageRepository,
    "chat_attachments": MemoryAttachmentRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
