"""Runtime tables: the outbox (0001), the worker's bookkeeping (0006), idempotency keys (0004)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
)

from bigauto.adapters.sql._columns import instant, keyed_table, partial_index, table
from bigauto.adapters.sql.tables import ID
from bigauto.adapters.sql.types import Json

_OUTBOX_PENDING = "published_at IS NULL"


outbox = table(
    "outbox",
    Column("event_id", ID, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("aggregate_type", String(60), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("payload", Json, nullable=False),
    instant("occurred_at"),
    Column("attempts", Integer, nullable=False, default=0),
    instant("published_at", nullable=True),
    # The relay asks for "unpublished, oldest first" over and over; a partial index keeps that a
    # short scan however many published events pile up behind it.
    partial_index("ix_outbox_pending", "occurred_at", "event_id", where=_OUTBOX_PENDING),
)


EVENT_ID = String(64)


HANDLER = String(100)


processed_events = table(
    "processed_events",
    Column("handler", HANDLER, primary_key=True),
    Column("event_id", EVENT_ID, primary_key=True),
    instant("processed_at", index=True),
)


dead_letters = keyed_table(
    "dead_letters",
    Column("event_id", EVENT_ID, nullable=False),
    Column("event_name", String(100), nullable=False),
    Column("handler", HANDLER, nullable=False),
    # The whole event as the bus carries it: event_id, name, occurred_at, aggregate, payload.
    Column("event", Json, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    instant("first_failed_at"),
    instant("last_failed_at"),
    instant("replayed_at", nullable=True),
    Index("uq_dead_letters_event_id_handler", "event_id", "handler", unique=True),
)


timer_runs = table(
    "timer_runs",
    Column("name", String(100), primary_key=True),
    instant("last_run_at"),
)


idempotency_keys = table(
    "idempotency_keys",
    Column("user_id", ID, nullable=False),
    Column("route", String(100), nullable=False),
    Column("key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response", Json),
    instant("created_at"),
    PrimaryKeyConstraint("user_id", "route", "key", name="pk_idempotency_keys"),
    Index("ix_idempotency_keys_created_at", "created_at"),
)
