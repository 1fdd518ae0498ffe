"""Notifications and the worker: notifications, preferences, chat email throttle, processed
events, dead letters, timer runs.

Revision ID: 0006
Revises: 0003
Create Date: 2025-01-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
EVENT_ID = sa.String(64)
HANDLER = sa.String(100)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(500), nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("read_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notifications_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index(
        "ix_notifications_user_id_created_at", "notifications", ["user_id", "created_at"]
    )
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("email_off", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_notification_preferences_user_id_users"
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_notification_preferences"),
    )
    op.create_table(
        "chat_email_throttle",
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("recipient_id", ID, nullable=False),
        sa.Column("last_sent_at", INSTANT, nullable=False),
        sa.Column("last_event_id", EVENT_ID, nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("pending_since", INSTANT, nullable=True),
        sa.Column("last_sender_id", ID, nullable=True),
        sa.PrimaryKeyConstraint("conversation_id", "recipient_id", name="pk_chat_email_throttle"),
    )
    op.create_table(
        "processed_events",
        sa.Column("handler", HANDLER, nullable=False),
        sa.Column("event_id", EVENT_ID, nullable=False),
        sa.Column("processed_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("handler", "event_id", name="pk_processed_events"),
    )
    op.create_index("ix_processed_events_processed_at", "processed_events", ["processed_at"])
    op.create_table(
        "dead_letters",
        sa.Column("id", ID, nullable=False),
        sa.Column("event_id", EVENT_ID, nullable=False),
        sa.Column("event_name", sa.String(100), nullable=False),
        sa.Column("handler", HANDLER, nullable=False),
        sa.Column("event", JSON, nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", INSTANT, nullable=False),
        sa.Column("last_failed_at", INSTANT, nullable=False),
        sa.Column("replayed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_dead_letters"),
    )
    op.create_index(
        "uq_dead_letters_event_id_handler", "dead_letters", ["event_id", "handler"], unique=True
    )
    op.create_table(
        "timer_runs",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("last_run_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_timer_runs"),
    )


def downgrade() -> None:
    op.drop_table("timer_runs")
    op.drop_index("uq_dead_letters_event_id_handler", table_name="dead_letters")
    op.drop_table("dead_letters")
    op.drop_index("ix_processed_events_processed_at", table_name="processed_events")
    op.drop_table("processed_events")
    op.drop_table("chat_email_throttle")
    op.drop_table("notification_preferences")
    op.drop_index("ix_notifications_user_id_created_at", table_name="notifications")
    op.drop_table("notifications")
