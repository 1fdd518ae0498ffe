"""Chat: conversations, participants, messages, attachments.

On PostgreSQL message search gets a trigram GIN index (``pg_trgm``, created if the server offers
it); on SQLite the same index name is declared partial on ``WHERE 0`` and stays empty.

Revision ID: 0007
Revises: 0004
Create Date: 2025-01-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TRGM_INDEX = "ix_messages_content_trgm"


def _trigram_schema() -> str | None:
    """Create pg_trgm if the server offers it; answer the schema it lives in (or None)."""
    bind = op.get_bind()
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    if not available:
        return None
    # In public, not the first schema on the search path: a per-tenant or per-test schema
    # dropped with CASCADE would otherwise take the extension (and every trigram index) along.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_key", sa.String(300), nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("order_kind", sa.String(10), nullable=True),
        sa.Column("order_id", sa.String(64), nullable=True),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("last_message_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name="fk_conversations_vehicle_id_vehicles"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["users.id"], name="fk_conversations_customer_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["users.id"], name="fk_conversations_seller_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
    )
    op.create_index("uq_conversations_subject_key", "conversations", ["subject_key"], unique=True)
    op.create_table(
        "conversation_participants",
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("joined_at", INSTANT, nullable=False),
        sa.Column("last_read_message_id", ID, nullable=True),
        sa.Column("last_read_at", INSTANT, nullable=True),
        sa.Column("last_delivered_message_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_conversation_participants_conversation_id_conversations",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_conversation_participants_user_id_users"
        ),
        sa.PrimaryKeyConstraint("conversation_id", "user_id", name="pk_conversation_participants"),
    )
    op.create_index(
        "ix_conversation_participants_user_id", "conversation_participants", ["user_id"]
    )
    op.create_table(
        "messages",
        sa.Column("id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("sender_id", ID, nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=True),
        sa.Column("attachments", JSON, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("edited_at", INSTANT, nullable=True),
        sa.Column("deleted_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_messages_conversation_id_conversations",
        ),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"], name="fk_messages_sender_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
    )
    op.create_index("ix_messages_conversation_id_id", "messages", ["conversation_id", "id"])
    op.create_index(
        "uq_messages_client_id",
        "messages",
        ["conversation_id", "sender_id", "client_id"],
        unique=True,
    )
    if op.get_bind().dialect.name != "postgresql":
        op.create_index(TRGM_INDEX, "messages", ["content"], sqlite_where=sa.text("0"))
    else:
        schema = _trigram_schema()
        if schema is not None:
            # Qualified, so the index builds whichever schema the extension was installed in.
            op.execute(
                f'CREATE INDEX {TRGM_INDEX} ON messages USING gin (content "{schema}".gin_trgm_ops)'
            )
    op.create_table(
        "chat_attachments",
        sa.Column("id", ID, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("uploader_id", ID, nullable=False),
        sa.Column("storage_key", sa.String(300), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("thumbnail", sa.String(1000), nullable=False),
        sa.Column("content_type", sa.String(50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("message_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_chat_attachments_conversation_id_conversations",
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"], ["users.id"], name="fk_chat_attachments_uploader_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name="fk_chat_attachments_message_id_messages"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_chat_attachments"),
    )


def downgrade() -> None:
    op.drop_table("chat_attachments")
    op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    op.drop_index("uq_messages_client_id", table_name="messages")
    op.drop_index("ix_messages_conversation_id_id", table_name="messages")
    op.drop_table("messages")
    op.drop_index("ix_conversation_participants_user_id", table_name="conversation_participants")
    op.drop_table("conversation_participants")
    op.drop_index("uq_conversations_subject_key", table_name="conversations")
    op.drop_table("conversations")
