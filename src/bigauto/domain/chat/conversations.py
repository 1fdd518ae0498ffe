"""Chat: conversations about a vehicle (or an order) and the messages in them.

A :class:`Conversation` is between a vehicle's seller and one customer, about that vehicle and
optionally one rental booking or sale order; an admin may join it later (support, a dispute).
Only participants read or write. Messages are ordered by id: ids are UUIDv7, so id order is
creation-time order (millisecond resolution, monotonic within one id generator).

Each participant remembers how far they have read (``last_read_message_id``) and how far
messages have reached one of their devices (``last_delivered_message_id``); a message's status
for a recipient follows from those two marks (:func:`delivery_status`), so nothing is stored per
message and recipient.

>>> message_text("  Halo, masih ada?  ")
'Halo, masih ada?'
>>> message_text("\\x07")
Traceback (most recent call last):
...
bigauto.domain.chat.errors.InvalidMessage: a message may not contain control characters
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from bigauto.domain.chat.errors import EditWindowClosed, InvalidMessage, NotMessageSender
from bigauto.domain.shared.errors import PayloadTooLarge, ValidationFailed
from bigauto.domain.shared.uploads import sniff_attachment, sniffed_type

MAX_MESSAGE_CHARACTERS = 4000
MAX_CLIENT_ID_CHARACTERS = 64
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_MESSAGE = 10
ATTACHMENT_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
DEFAULT_EDIT_WINDOW = timedelta(minutes=15)
# Newlines and tabs are text, and so are the zero-width joiners inside emoji and some scripts;
# every other control or format character (bidi overrides, say) and lone surrogates are not.
_ALLOWED_CONTROLS = frozenset("\n\t\u200c\u200d")


class ParticipantRole(enum.StrEnum):
    """Why someone is in a conversation."""

    CUSTOMER = "customer"
    SELLER = "seller"
    ADMIN = "admin"


class DeliveryStatus(enum.StrEnum):
    """How far a message got with one recipient: stored, on a device, seen."""

    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"


def message_text(raw: str) -> str:
    """The text of a message: trimmed, 1–4,000 characters, no control characters but ``\\n``
    and ``\\t`` (a ``\\r\\n`` is taken as ``\\n``); else :class:`InvalidMessage`."""
    text = raw.replace("\r\n", "\n").strip()
    if not text:
        raise InvalidMessage("a message needs some text", details={"field": "content"})
    if len(text) > MAX_MESSAGE_CHARACTERS:
        raise InvalidMessage(
            f"a message is at most {MAX_MESSAGE_CHARACTERS} characters; this one has {len(text)}",
            details={"field": "content", "max_length": MAX_MESSAGE_CHARACTERS},
        )
    for character in text:
        if character in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(character) in ("Cc", "Cs", "Cf"):
            raise InvalidMessage(
                "a message may not contain control characters",
                details={"field": "content", "character": f"U+{ord(character):04X}"},
            )
    return text


def client_message_id(raw: str | None) -> str | None:
    """A client's de-duplication id: 1–64 printable characters, or None when not given."""
    if raw is None:
        return None
    if not 0 < len(raw) <= MAX_CLIENT_ID_CHARACTERS or not raw.isprintable():
        raise ValidationFailed(
            f"client_id must be 1–{MAX_CLIENT_ID_CHARACTERS} printable characters",
            details={"field": "client_id"},
        )
    return raw


def check_attachment(data: bytes) -> str:
    """The sniffed type of an acceptable attachment (an image or a PDF, at most 10 MB)."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise PayloadTooLarge(
            f"an attachment is at most {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
            details={"size": len(data), "max_size": MAX_ATTACHMENT_BYTES},
        )
    refusal = "an attachment must be a JPEG, PNG or WebP image or a PDF"
    return sniffed_type(data, sniff_attachment, accepted=ATTACHMENT_TYPES, refusal=refusal)


@attrs.frozen
class ConversationSubject:
    """What a conversation is about: a vehicle, and optionally one order of it."""

    vehicle_id: str
    order_kind: str | None = None  # "rental" or "sale"
    order_id: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.order_kind is None) != (self.order_id is None):
            raise ValidationFailed("an order subject needs both its kind and its id")
        if self.order_kind not in (None, "rental", "sale"):
            raise ValidationFailed(f"unknown order kind {self.order_kind!r}")

    def key(self, customer_id: str, seller_id: str) -> str:
        """The one conversation per subject and pair: the same key finds the same one."""
        order = f"{self.order_kind}:{self.order_id}" if self.order_id else "-"
        return f"{self.vehicle_id}|{order}|{customer_id}|{seller_id}"


@attrs.frozen
class Participant:
    """Someone in a conversation, with how far they have read and received."""

    user_id: str
    role: ParticipantRole
    joined_at: datetime
    last_read_message_id: str | None = None
    last_read_at: datetime | None = None
    last_delivered_message_id: str | None = None

    def read_up_to(self, message_id: str, at: datetime) -> Participant:
        """Read up to ``message_id``; a mark never moves back, and reading implies delivery."""
        if self.last_read_message_id is not None and message_id <= self.last_read_message_id:
            return self
        return attrs.evolve(
            self,
            last_read_message_id=message_id,
            last_read_at=at,
            last_delivered_message_id=_later(self.last_delivered_message_id, message_id),
        )

    def delivered_up_to(self, message_id: str) -> Participant:
        """Received up to ``message_id`` (never moves back)."""
        later = _later(self.last_delivered_message_id, message_id)
        if later == self.last_delivered_message_id:
            return self
        return attrs.evolve(self, last_delivered_message_id=later)


def _later(mark: str | None, message_id: str) -> str:
    return message_id if mark is None or message_id > mark else mark


@attrs.frozen
class Conversation:
    """A chat between a customer and a seller about a subject; admins may join."""

    id: str
    subject: ConversationSubject
    customer_id: str
    seller_id: str
    created_at: datetime
    participants: tuple[Participant, ...]
    last_message_at: datetime | None = None

    @classmethod
    def open(
        cls,
        conversation_id: str,
        subject: ConversationSubject,
        *,
        customer_id: str,
        seller_id: str,
        at: datetime,
    ) -> Conversation:
        """A new conversation with its customer and seller as participants."""
        if customer_id == seller_id:
            raise ValidationFailed(
                "a seller cannot open a conversation about their own vehicle with themselves",
                details={"vehicle_id": subject.vehicle_id},
            )
        return cls(
            conversation_id,
            subject,
            customer_id,
            seller_id,
            at,
            (
                Participant(customer_id, ParticipantRole.CUSTOMER, at),
                Participant(seller_id, ParticipantRole.SELLER, at),
            ),
        )

    @property
    def subject_key(self) -> str:
        return self.subject.key(self.customer_id, self.seller_id)

    def participant(self, user_id: str) -> Participant | None:
        return next((p for p in self.participants if p.user_id == user_id), None)

    def has(self, user_id: str) -> bool:
        return self.participant(user_id) is not None

    def others(self, user_id: str) -> list[str]:
        """Every participant but ``user_id``: a message's recipients."""
        return [p.user_id for p in self.participants if p.user_id != user_id]


@attrs.frozen
class Attachment:
    """A file uploaded into a conversation; ``message_id`` once a message carries it."""

    id: str
    conversation_id: str
    uploader_id: str
    storage_key: str
    url: str
    thumbnail: str
    content_type: str
    size: int
    name: str
    created_at: datetime
    message_id: str | None = None


@attrs.frozen
class Message:
    """One message. A deleted message keeps its place in the history but not its text."""

    id: str
    conversation_id: str
    sender_id: str
    content: str
    created_at: datetime
    client_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    edited_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def _check_change(self, user_id: str, at: datetime, window: timedelta) -> None:
        if user_id != self.sender_id:
            raise NotMessageSender(
                "only the sender may change a message", details={"message_id": self.id}
            )
        if self.is_deleted:
            raise EditWindowClosed(
                "this message was deleted", details={"message_id": self.id, "deleted": True}
            )
        if at - self.created_at > window:
            raise EditWindowClosed(
                f"a message can be changed for {int(window.total_seconds() // 60)} minutes "
                "after it was sent",
                details={"message_id": self.id, "window_seconds": int(window.total_seconds())},
            )

    def edit(self, user_id: str, content: str, at: datetime, window: timedelta) -> Message:
        """The message with new text, if ``user_id`` sent it less than ``window`` ago."""
        self._check_change(user_id, at, window)
        return attrs.evolve(self, content=message_text(content), edited_at=at)

    def delete(self, user_id: str, at: datetime, window: timedelta) -> Message:
        """The message without its text and attachments (same rule as :meth:`edit`)."""
        self._check_change(user_id, at, window)
        return attrs.evolve(self, content="", attachments=(), deleted_at=at)


def delivery_status(message: Message, recipient: Participant) -> DeliveryStatus:
    """How far ``message`` got with ``recipient``, from the recipient's two marks."""
    if recipient.last_read_message_id is not None and message.id <= recipient.last_read_message_id:
        return DeliveryStatus.READ
    delivered = recipient.last_delivered_message_id
    if delivered is not None and message.id <= delivered:
        return DeliveryStatus.DELIVERED
    return DeliveryStatus.SENT


def overall_status(message: Message, recipients: Iterable[Participant]) -> DeliveryStatus:
    """The least advanced status over ``recipients`` (read only when everyone has read)."""
    order = list(DeliveryStatus)
    statuses = [delivery_status(message, r) for r in recipients]
    return min(statuses, key=order.index) if statuses else DeliveryStatus.SENT


@attrs.frozen
class ChatStats:
    """One person's chat figures."""

    conversations: int
    messages_sent: int
    messages_received: int
    unread: int


__all__ = [
    "ATTACHMENT_TYPES",
    "DEFAULT_EDIT_WINDOW",
    "MAX_ATTACHMENTS_PER_MESSAGE",
    "MAX_ATTACHMENT_BYTES",
    "MAX_MESSAGE_CHARACTERS",
    "Attachment",
    "ChatStats",
    "Conversation",
    "ConversationSubject",
    "DeliveryStatus",
    "Message",
    "Participant",
    "ParticipantRole",
    "check_attachment",
    "client_message_id",
    "delivery_status",
    "message_text",
    "overall_status",
]
