"""Chat in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.chat.repositories import (
    MemoryAttachmentRepository,
    MemoryConversationRepository,
    MemoryMessageRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "conversations": MemoryConversationRepository,
    "messages": MemoryMessageRepository,
    "chat_attachments": MemoryAttachmentRepository,
}

__all__ = ["REPOSITORIES"]
