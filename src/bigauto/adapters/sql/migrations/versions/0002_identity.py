"""Identity: refresh sessions, one-time secrets, the token blacklist and the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
DIGEST = sa.String(64)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "refresh_sessions",
        sa.Column("token_id", ID, nullable=False),
        sa.Column("family_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("used_at", INSTANT, nullable=True),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(400), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_refresh_sessions_user_id_users"
        ),
        sa.PrimaryKeyConstraint("token_id", name="pk_refresh_sessions"),
    )
    op.create_index("ix_refresh_sessions_family_id", "refresh_sessions", ["family_id"])
    op.create_index("ix_refresh_sessions_user_id", "refresh_sessions", ["user_id"])
    op.create_table(
        "one_time_secrets",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_one_time_secrets_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_one_time_secrets"),
    )
    op.create_index(
        "uq_one_time_secrets_purpose_digest",
        "one_time_secrets",
        ["purpose", "digest"],
        unique=True,
    )
    op.create_index(
        "ix_one_time_secrets_user_id_purpose", "one_time_secrets", ["user_id", "purpose"]
    )
    op.create_table(
        "token_revocations",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("revoked_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=True),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_token_revocations"),
    )
    op.create_index("ix_token_revocations_user_id", "token_revocations", ["user_id"])
    op.create_index("ix_token_revocations_expires_at", "token_revocations", ["expires_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(400), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_id_at", "audit_log", ["actor_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor_id_at", table_name="audit_log")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_token_revocations_expires_at", table_name="token_revocations")
    op.drop_index("ix_token_revocations_user_id", table_name="token_revocations")
    op.drop_table("token_revocations")
    op.drop_index("ix_one_time_secrets_user_id_purpose", table_name="one_time_secrets")
    op.drop_index("uq_one_time_secrets_purpose_digest", table_name="one_time_secrets")
    op.drop_table("one_time_secrets")
    op.drop_index("ix_refresh_sessions_user_id", table_name="refresh_sessions")
    op.drop_index("ix_refresh_sessions_family_id", table_name="refresh_sessions")
    op.drop_table("refresh_sessions")
