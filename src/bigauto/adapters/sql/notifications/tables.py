"""Notification tables (revision 0006): notifications, preferences, the chat email throttle."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

EVENT_ID = String(64)


notifications = Table(
    "notifications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("category", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", String(500)),
    Column("data", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("read_at", UtcDateTime),
    Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
)


notification_preferences = Table(
    "notification_preferences",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    # The categories whose emails are off, as a JSON list of names.
    Column("email_off", Json, nullable=False),
)


chat_email_throttle = Table(
    "chat_email_throttle",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("recipient_id", ID, primary_key=True),
    Column("last_sent_at", UtcDateTime, nullable=False),
    Column("last_event_id", EVENT_ID, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("pending_since", UtcDateTime),
    Column("last_sender_id", ID),
)
