"""Chat tables (revision 0007): conversations, their participants, messages, attachments.

A conversation's history is read newest first through ``(conversation_id, id)`` (ids are
UUIDv7, so that is time order; PostgreSQL walks the index backwards). The client id of a
message is unique per conversation and sender, which makes resending idempotent. Read and
delivery marks live on the participant row, so receipts cost one row per person, not one per
message and person. Search on PostgreSQL uses a trigram GIN index for ``ILIKE '%…%'``; on
SQLite that index is declared with ``WHERE 0`` — kept empty, since SQLite scans anyway.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Text, text

from bigauto.adapters.sql._columns import instant, keyed_table, media_columns, reference, table
from bigauto.adapters.sql.tables import ID
from bigauto.adapters.sql.types import Json

CONTENT_TRGM_INDEX = "ix_messages_content_trgm"

conversations = keyed_table(
    "conversations",
    # vehicle|order|customer|seller: one conversation per subject and pair.
    Column("subject_key", String(300), nullable=False),
    reference("vehicle_id", "vehicles"),
    Column("order_kind", String(10)),
    Column("order_id", String(64)),
    reference("customer_id", "users"),
    reference("seller_id", "users"),
    instant("created_at"),
    instant("last_message_at", nullable=True),
    Index("uq_conversations_subject_key", "subject_key", unique=True),
)

conversation_participants = table(
    "conversation_participants",
    reference("conversation_id", "conversations", primary_key=True),
    reference("user_id", "users", primary_key=True),
    Column("role", String(10), nullable=False),
    instant("joined_at"),
    Column("last_read_message_id", ID),
    instant("last_read_at", nullable=True),
    Column("last_delivered_message_id", ID),
    Index("ix_conversation_participants_user_id", "user_id"),
)

messages = keyed_table(
    "messages",
    reference("conversation_id", "conversations"),
    reference("sender_id", "users"),
    Column("content", Text, nullable=False),
    Column("client_id", String(64)),
    # The attachments the message carries, as shown to clients (a JSON list).
    Column("attachments", Json, nullable=False),
    instant("created_at"),
    instant("edited_at", nullable=True),
    instant("deleted_at", nullable=True),
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

chat_attachments = keyed_table(
    "chat_attachments",
    reference("conversation_id", "conversations"),
    reference("uploader_id", "users"),
    *media_columns(content_type_length=50),
    Column("size", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    instant("created_at"),
    reference("message_id", "messages", nullable=True),
)

__all__ = [
    "CONTENT_TRGM_INDEX",
    "chat_attachments",
    "conversation_participants",
    "conversations",
    "messages",
]
