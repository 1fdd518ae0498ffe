"""What chat routes take and answer: request bodies, response views, and their converters.

A body is a :class:`~bigauto.entrypoints.http.contract.Body` with bounded fields (the domain
checks the rest: a message's text once trimmed, a client id's characters); a view is a
:class:`~bigauto.entrypoints.http.contract.View` made from a domain object by one small
function (``message_view``, ``conversation_view``...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile
from litestar.params import KwargDefinition

from bigauto.domain.chat.conversations import (
    MAX_ATTACHMENTS_PER_MESSAGE,
    MAX_CLIENT_ID_CHARACTERS,
    Attachment,
    Conversation,
    DeliveryStatus,
    Message,
    Participant,
    ParticipantRole,
)
from bigauto.entrypoints.http.contract import Body, Id, View, copied
from bigauto.services.chat.conversations import ConversationView as Listed

#: A message's text as sent: the domain trims it and allows 1 to 4,000 characters.
MessageText = Annotated[
    str,
    msgspec.Meta(
        max_length=10_000,
        description="The text; 1 to 4,000 characters once trimmed, no control characters",
        examples=["Apakah mobilnya masih ada?"],
    ),
]
#: A client's id for a message, so that a resend is not stored twice. (Written out rather than
#: with ``contract.bounded``, which mypy does not take as a type; the KwargDefinition shows the
#: bounds inside ``ClientId | None``.)
ClientId = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_CLIENT_ID_CHARACTERS,
        description="The client's id for this message: a resend with it answers the same one",
        examples=["c-1"],
    ),
    KwargDefinition(min_length=1, max_length=MAX_CLIENT_ID_CHARACTERS),
]
#: The attachments a message carries: ids of files uploaded into its conversation.
AttachmentIds = Annotated[list[Id], msgspec.Meta(max_length=MAX_ATTACHMENTS_PER_MESSAGE)]


class OpenConversationBody(Body):
    """The vehicle to talk about (its seller is the other participant)."""

    vehicle_id: Id


class SendMessageBody(Body):
    """A message: its text, and optionally uploaded attachments and a client id."""

    content: MessageText
    attachments: AttachmentIds = []
    client_id: ClientId | None = None


class EditMessageBody(Body):
    """A message's new text."""

    content: MessageText


class ReadBody(Body):
    """Everything up to this message (included) is read."""

    up_to_message_id: Id


class AttachmentUpload(msgspec.Struct, kw_only=True):
    """A multipart upload: the file in the field ``file`` (an image or a PDF, 10 MB at most)."""

    file: UploadFile


class AttachmentView(View):
    """A file in a conversation; ``id`` goes in a message's ``attachments``."""

    id: str
    url: str
    thumbnail: str
    content_type: str
    size: int
    name: str


class MessageView(View):
    """A message; a deleted one keeps its place (``deleted``) but not its text."""

    id: str
    conversation_id: str
    sender_id: str
    content: str
    client_id: str | None
    attachments: list[AttachmentView]
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    deleted_at: datetime | None


class HistoryMessageView(MessageView):
    """A message in the history; ``status`` is how far it got, on the caller's own messages
    (null on the others')."""

    status: DeliveryStatus | None


class MessageHistoryView(View):
    """A page of history, newest first; ``next_before`` is the cursor of the next (older)
    page, null on the last one."""

    data: list[HistoryMessageView]
    next_before: str | None


class ParticipantView(View):
    """Someone in a conversation and how far they have read."""

    user_id: str
    role: ParticipantRole
    joined_at: datetime
    last_read_message_id: str | None
    last_read_at: datetime | None


class ReadMarkView(ParticipantView):
    """The caller's read mark in a conversation, after moving it."""

    conversation_id: str


class OrderView(View):
    """The order a conversation is about."""

    kind: str | None
    id: str


class ConversationView(View):
    """A conversation about a vehicle (and perhaps an order of it)."""

    id: str
    vehicle_id: str
    order: OrderView | None
    customer_id: str
    seller_id: str
    participants: list[ParticipantView]
    created_at: datetime
    last_message_at: datetime | None


class ConversationSummaryView(ConversationView):
    """A conversation in the caller's list: with its last message and their unread count."""

    last_message: MessageView | None
    unread_count: int


class ChatStatsView(View):
    """The caller's chat figures."""

    conversations: int
    messages_sent: int
    messages_received: int
    unread: int


def attachment_view(a: Attachment) -> AttachmentView:
    return copied(AttachmentView, a)


def message_view(m: Message) -> MessageView:
    return copied(
        MessageView,
        m,
        attachments=[attachment_view(a) for a in m.attachments],
        deleted=m.is_deleted,
    )


def history_message_view(m: Message, status: DeliveryStatus | None) -> HistoryMessageView:
    return HistoryMessageView(**msgspec.structs.asdict(message_view(m)), status=status)


def participant_view(p: Participant) -> ParticipantView:
    return copied(ParticipantView, p)


def read_mark_view(conversation_id: str, p: Participant) -> ReadMarkView:
    return ReadMarkView(
        conversation_id=conversation_id,
        **msgspec.structs.asdict(participant_view(p)),
    )


def conversation_view(c: Conversation) -> ConversationView:
    subject = c.subject
    order = OrderView(kind=subject.order_kind, id=subject.order_id) if subject.order_id else None
    return ConversationView(
        id=c.id,
        vehicle_id=subject.vehicle_id,
        order=order,
        customer_id=c.customer_id,
        seller_id=c.seller_id,
        participants=[participant_view(p) for p in c.participants],
        created_at=c.created_at,
        last_message_at=c.last_message_at,
    )


def conversation_summary_view(listed: Listed) -> ConversationSummaryView:
    last = listed.last_message
    return ConversationSummaryView(
        **msgspec.structs.asdict(conversation_view(listed.conversation)),
        last_message=message_view(last) if last is not None else None,
        unread_count=listed.unread,
    )


__all__ = [
    "AttachmentIds",
    "AttachmentUpload",
    "AttachmentView",
    "ChatStatsView",
    "ClientId",
    "ConversationSummaryView",
    "ConversationView",
    "EditMessageBody",
    "HistoryMessageView",
    "MessageHistoryView",
    "MessageText",
    "MessageView",
    "OpenConversationBody",
    "ParticipantView",
    "ReadBody",
    "ReadMarkView",
    "SendMessageBody",
    "attachment_view",
    "conversation_summary_view",
    "conversation_view",
    "history_message_view",
    "message_view",
    "participant_view",
    "read_mark_view",
]
