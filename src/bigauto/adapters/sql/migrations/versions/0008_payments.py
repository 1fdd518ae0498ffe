"""Payments: payments (unique order id, one live payment per deal), refunds, security incidents.

Revision ID: 0008
Revises: 0007
Create Date: 2025-03-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
LIVE_PAYMENT = "status = 'pending'"


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", ID, nullable=False),
        sa.Column("order_id", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("deal_id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("commission_rate", sa.Numeric(6, 4), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("snap_token", sa.String(200), nullable=True),
        sa.Column("redirect_url", sa.String(500), nullable=True),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("paid_at", INSTANT, nullable=True),
        sa.Column("method", sa.String(32), nullable=True),
        sa.Column("refunded_amount", sa.BigInteger(), nullable=False),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("history", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.UniqueConstraint("order_id", name="uq_payments_order_id"),
    )
    op.create_index("ix_payments_kind_deal_id", "payments", ["kind", "deal_id"])
    live = sa.text(LIVE_PAYMENT)
    op.create_index(
        "uq_payments_one_live",
        "payments",
        ["kind", "deal_id"],
        unique=True,
        postgresql_where=live,
        sqlite_where=live,
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.String(120), nullable=False),
        sa.Column("payment_id", ID, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("refund_key", sa.String(120), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("done_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name="fk_refunds_payment_id_payments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_refunds"),
    )
    op.create_index("ix_refunds_payment_id", "refunds", ["payment_id"])
    op.create_table(
        "security_incidents",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("order_id", sa.String(120), nullable=True),
        sa.Column("detail", sa.String(1000), nullable=False),
        sa.Column("remote_ip", sa.String(64), nullable=True),
        sa.Column("at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_security_incidents"),
    )
    op.create_index("ix_security_incidents_at", "security_incidents", ["at"])


def downgrade() -> None:
    op.drop_index("ix_security_incidents_at", table_name="security_incidents")
    op.drop_table("security_incidents")
    op.drop_index("ix_refunds_payment_id", table_name="refunds")
    op.drop_table("refunds")
    op.drop_index("uq_payments_one_live", table_name="payments")
    op.drop_index("ix_payments_kind_deal_id", table_name="payments")
    op.drop_table("payments")
