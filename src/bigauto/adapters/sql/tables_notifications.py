"""Notification and worker tables: notifications, preferences, the chat email throttle,
processed events, dead letters and timer runs.

``processed_events`` and ``dead_letters`` keep event ids without a foreign key to the outbox:
the outbox may be purged long before them.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

EVENT_ID = String(64)
HANDLER = String(100)

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

processed_events = Table(
    "processed_events",
    metadata,
    Column("handler", HANDLER, primary_key=True),
    Column("event_id", EVENT_ID, primary_key=True),
    Column("processed_at", UtcDateTime, nullable=False, index=True),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", ID, primary_key=True),
    Column("event_id", EVENT_ID, nullable=False),
    Column("event_name", String(100), nullable=False),
    Column("handler", HANDLER, nullable=False),
    # The whole event as the bus carries it: event_id, name, occurred_at, aggregate, payload.
    Column("event", Json, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_failed_at", UtcDateTime, nullable=False),
    Column("last_failed_at", UtcDateTime, nullable=False),
    Column("replayed_at", UtcDateTime),
    Index("uq_dead_letters_event_id_handler", "event_id", "handler", unique=True),
)

timer_runs = Table(
    "timer_runs",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("last_run_at", UtcDateTime, nullable=False),
)

__all__ = [
    "chat_email_throttle",
    "dead_letters",
    "notification_preferences",
    "notifications",
    "processed_events",
    "timer_runs",
]
