"""The chat socket's frames, each defined once: a tagged msgspec Struct (``"type"`` is the tag).

The same Structs decode and validate what a client sends (:func:`client_frame`), encode what
the server sends (:func:`server_text`), and write the payload schemas of ``/docs/asyncapi.json``
(``entrypoints/http/chat/asyncapi.py``).

The services build the frames they fan out (``services/chat/frames.py``) as plain data: that is
what the hub hands to other instances over the live channel and what the outbox keeps until
NATS is back. On its way out of a socket, each frame goes through its Struct here, so a frame
that drifts from the contract is caught (the socket tests check every frame they receive).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
import structlog

from bigauto.domain.chat.errors import InvalidFrame
from bigauto.entrypoints.http.chat.views import AttachmentIds, AttachmentView, ClientId, MessageText
from bigauto.entrypoints.http.contract import Id

log = structlog.get_logger(__name__)


class Frame(msgspec.Struct, tag_field="type", forbid_unknown_fields=True, omit_defaults=True):
    """A socket frame: a JSON object whose ``type`` says which frame it is."""


# Client -> server


class SendMessage(Frame, tag="message"):
    """Send a message (as ``POST .../messages`` does); counts against the chat rate limit."""

    content: MessageText
    client_id: ClientId | None = None
    attachments: AttachmentIds = []


class Typing(Frame, tag="typing"):
    """The sender started (true) or stopped (false) typing."""

    is_typing: bool


class MarkRead(Frame, tag="read"):
    """Everything up to this message (included) is read."""

    message_id: Id


class Ping(Frame, tag="ping"):
    """Are you there? Renews the sender's presence; answered by ``pong``."""


ClientFrame = SendMessage | Typing | MarkRead | Ping
CLIENT_FRAMES: tuple[type[Frame], ...] = (SendMessage, Typing, MarkRead, Ping)


# Server -> client


class NewMessage(Frame, tag="message"):
    """A message in the conversation (the sender's own sockets get it too: the
    acknowledgement, with its ``client_id``)."""

    id: str
    conversation_id: str
    sender_id: str
    content: str
    created_at: datetime
    client_id: str | None = None
    attachments: list[AttachmentView] = []


class MessageEdited(Frame, tag="edited"):
    """A message's text changed."""

    id: str
    conversation_id: str
    content: str
    edited_at: datetime


class MessageDeleted(Frame, tag="deleted"):
    """A message was deleted (it keeps its place in the history, without its text)."""

    id: str
    conversation_id: str
    deleted_at: datetime


class SomeoneTyping(Frame, tag="typing"):
    """Another participant started or stopped typing."""

    user_id: str
    is_typing: bool


class ReadReceipt(Frame, tag="read_receipt"):
    """A participant read up to this message."""

    message_id: str
    user_id: str
    read_at: datetime


class Presence(Frame, tag="presence"):
    """A participant came online or went offline (``last_seen_at`` when offline)."""

    user_id: str
    online: bool
    last_seen_at: datetime | None = None


class Pong(Frame, tag="pong"):
    """The answer to ``ping``."""


class ErrorFrame(Frame, tag="error"):
    """The last frame was refused: ``code`` as on HTTP (``INVALID_FRAME``, ``INVALID_MESSAGE``,
    ``RATE_LIMITED``, ``NOT_FOUND``...), and a message naming the field at fault. The socket
    stays open."""

    code: str
    message: str


class Notification(Frame, tag="notification"):
    """An in-app notification for the socket's user (as ``GET /api/notifications`` lists it),
    with the user's unread count."""

    id: str
    category: str
    title: str
    body: str
    link: str | None
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None
    unread_count: int


ServerFrame = (
    NewMessage
    | MessageEdited
    | MessageDeleted
    | SomeoneTyping
    | ReadReceipt
    | Presence
    | Pong
    | ErrorFrame
    | Notification
)
SERVER_FRAMES: tuple[type[Frame], ...] = (
    NewMessage,
    MessageEdited,
    MessageDeleted,
    SomeoneTyping,
    ReadReceipt,
    Presence,
    Pong,
    ErrorFrame,
    Notification,
)

_client = msgspec.json.Decoder(ClientFrame)
_server = msgspec.json.Decoder(ServerFrame)
_encoder = msgspec.json.Encoder()
_CLIENT_TYPES = ", ".join(str(f.__struct_config__.tag) for f in CLIENT_FRAMES)


def client_frame(data: str | bytes) -> ClientFrame:
    """The client's frame, or :class:`InvalidFrame` saying what is wrong and where."""
    try:
        return _client.decode(data)
    except msgspec.ValidationError as invalid:
        message = str(invalid)
        if message.endswith("`$.type`") or "field `type`" in message:
            message = f"{message}; a frame's type is one of {_CLIENT_TYPES}"
        raise InvalidFrame(message) from None
    except msgspec.DecodeError:
        raise InvalidFrame("a frame must be JSON") from None


def encoded(frame: Frame) -> str:
    """``frame`` as the text a socket sends."""
    return _encoder.encode(frame).decode()


def server_text(text: str) -> str:
    """A frame the services made, encoded from its Struct. One that does not fit its Struct
    (a bug) is logged and goes out as it is: a client rather gets it than loses a message."""
    try:
        return encoded(_server.decode(text))
    except (msgspec.ValidationError, msgspec.DecodeError) as off:
        log.error("chat frame off its contract", error=str(off))
        return text


__all__ = [
    "CLIENT_FRAMES",
    "SERVER_FRAMES",
    "ClientFrame",
    "ErrorFrame",
    "Frame",
    "MarkRead",
    "MessageDeleted",
    "MessageEdited",
    "NewMessage",
    "Notification",
    "Ping",
    "Pong",
    "Presence",
    "ReadReceipt",
    "SendMessage",
    "ServerFrame",
    "SomeoneTyping",
    "Typing",
    "client_frame",
    "encoded",
    "server_text",
]
