"""Chat in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.chat.repositories import (
    SqlAttachmentRepository,
    SqlConversationRepository,
    SqlMessageRepository,
)

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "conversations": SqlConversationRepository,
    "messages": SqlMessageRepository,
    "chat_attachments": SqlAttachmentRepository,
}

__all__ = ["REPOSITORIES"]
