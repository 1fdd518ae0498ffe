"""Notification tables (revision 0006): notifications, preferences, the chat email throttle."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Text

from bigauto.adapters.sql._columns import instant, keyed_table, reference, table
from bigauto.adapters.sql.tables import ID
from bigauto.adapters.sql.types import Json

EVENT_ID = String(64)


notifications = keyed_table(
    "notifications",
    reference("user_id", "users"),
    Column("category", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", String(500)),
    Column("data", Json, nullable=False),
    instant("created_at"),
    instant("read_at", nullable=True),
    Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
)


notification_preferences = table(
    "notification_preferences",
    reference("user_id", "users", primary_key=True),
    # The categories whose emails are off, as a JSON list of names.
    Column("email_off", Json, nullable=False),
)


chat_email_throttle = table(
    "chat_email_throttle",
    Column("conversation_id", String(64), primary_key=True),
    Column("recipient_id", ID, primary_key=True),
    instant("last_sent_at"),
    Column("last_event_id", EVENT_ID, nullable=False),
    Column("pending", Integer, nullable=False),
    instant("pending_since", nullable=True),
    Column("last_sender_id", ID),
)
