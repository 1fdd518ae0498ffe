"""Chat tables (revision 0007): conversations, their participants, messages, attachments.

A conversation's history is read newest first through ``(conversation_id, id)`` (ids are
UUIDv7, so that is time order; PostgreSQL walks the index backwards). The client id of a
message is unique per conversation and sender, which makes resending idempotent. Read and
delivery marks live on the participant row, so receipts cost one row per person, not one per
message and person. Search on PostgreSQL uses a trigram GIN index for ``ILIKE '%…%'``; on
SQLite that index is declared with ``WHERE 0`` — kept empty, since SQLite scans anyway.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, text

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

CONTENT_TRGM_INDEX = "ix_messages_content_trgm"

conversations = Table(
    "conversations",
    metadata,
    Column("id", ID, primary_key=True),
    # vehicle|order|customer|seller: one conversation per subject and pair.
    Column("subject_key", String(300), nullable=False),
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), nullable=False),
    Column("order_kind", String(10)),
    Column("order_id", String(64)),
    Column("customer_id", ID, ForeignKey("users.id"), nullable=False),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_message_at", UtcDateTime),
    Index("uq_conversations_subject_key", "subject_key", unique=True),
)

conversation_participants = Table(
    "conversation_participants",
    metadata,
    Column("conversation_id", ID, ForeignKey("conversations.id"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("last_read_message_id", ID),
    Column("last_read_at", UtcDateTime),
    Column("last_delivered_message_id", ID),
    Index("ix_conversation_participants_user_id", "user_id"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", ID, primary_key=True),
    Column("conversation_id", ID, ForeignKey("conversations.id"), nullable=False),
    Column("sender_id", ID, ForeignKey("users.id"), nullable=False),
    Column("content", Text, nullable=False),
    Column("client_id", String(64)),
    # The attachments the message carries, as shown to clients (a JSON list).
    Column("attachments", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("edited_at", UtcDateTime),
    Column("deleted_at", UtcDateTime),
    Index("ix_messages_conversation_id_id", "conversation_id", "id"),
    Index("uq_messages_client_id", "conversation_id", "sender_id", "client_id", unique=True),
    Index(
        CONTENT_TRGM_INDEX,
        "content",
        postgresql_using="gin",
        postgresql_ops={"content": "gin_trgm_ops"},
        sqlite_where=text("0"),
    ),
)

chat_attachments = Table(
    "chat_attachments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("conversation_id", ID, ForeignKey("conversations.id"), nullable=False),
    Column("uploader_id", ID, ForeignKey("users.id"), nullable=False),
    Column("storage_key", String(300), nullable=False),
    Column("url", String(1000), nullable=False),
    Column("thumbnail", String(1000), nullable=False),
    Column("content_type", String(50), nullable=False),
    Column("size", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("message_id", ID, ForeignKey("messages.id")),
)

__all__ = [
    "CONTENT_TRGM_INDEX",
    "chat_attachments",
    "conversation_participants",
    "conversations",
    "messages",
]
