"""Runtime tables: the outbox (0001), the worker's bookkeeping (0006), idempotency keys (0004)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

_OUTBOX_PENDING = "published_at IS NULL"


outbox = Table(
    "outbox",
    metadata,
    Column("event_id", ID, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("aggregate_type", String(60), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("payload", Json, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("published_at", UtcDateTime),
    # The relay asks for "unpublished, oldest first" over and over; a partial index keeps that a
    # short scan however many published events pile up behind it.
    Index(
        "ix_outbox_pending",
        "occurred_at",
        "event_id",
        postgresql_where=text(_OUTBOX_PENDING),
        sqlite_where=text(_OUTBOX_PENDING),
    ),
)


EVENT_ID = String(64)


HANDLER = String(100)


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
