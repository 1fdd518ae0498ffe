"""The server frames the chat services fan out, as the plain data the hub carries.

These are what the hub hands to this process's sockets and publishes to the other instances on
the live channel (and what the outbox keeps until NATS is back). Their contract (fields, types,
the AsyncAPI document) is the tagged Structs of ``entrypoints/http/chat/frames.py``, through
which the socket encodes each of them on its way out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bigauto.domain.chat.conversations import Attachment, Message


def iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _attachment(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.url,
        "thumbnail": a.thumbnail,
        "content_type": a.content_type,
        "size": a.size,
        "name": a.name,
    }


def message_frame(m: Message) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "type": "message",
        "id": m.id,
        "conversation_id": m.conversation_id,
        "sender_id": m.sender_id,
        "content": m.content,
        "created_at": iso(m.created_at),
    }
    if m.client_id is not None:
        frame["client_id"] = m.client_id
    if m.attachments:
        frame["attachments"] = [_attachment(a) for a in m.attachments]
    return frame


def edited_frame(m: Message) -> dict[str, Any]:
    return {
        "type": "edited",
        "id": m.id,
        "conversation_id": m.conversation_id,
        "content": m.content,
        "edited_at": iso(m.edited_at),
    }


def deleted_frame(m: Message) -> dict[str, Any]:
    return {
        "type": "deleted",
        "id": m.id,
        "conversation_id": m.conversation_id,
        "deleted_at": iso(m.deleted_at),
    }


def typing_frame(user_id: str, is_typing: bool) -> dict[str, Any]:
    return {"type": "typing", "user_id": user_id, "is_typing": is_typing}


def read_receipt_frame(message_id: str, user_id: str, read_at: datetime) -> dict[str, Any]:
    return {
        "type": "read_receipt",
        "message_id": message_id,
        "user_id": user_id,
        "read_at": iso(read_at),
    }


def presence_frame(
    user_id: str, online: bool, last_seen_at: datetime | None = None
) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "presence", "user_id": user_id, "online": online}
    if last_seen_at is not None:
        frame["last_seen_at"] = iso(last_seen_at)
    return frame


__all__ = [
    "deleted_frame",
    "edited_frame",
    "iso",
    "message_frame",
    "presence_frame",
    "read_receipt_frame",
    "typing_frame",
]
