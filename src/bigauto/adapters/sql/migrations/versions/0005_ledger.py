"""The ledger (transactions, lines, materialised balances) and withdrawals.

Revision ID: 0005
Revises: 0006
Create Date: 2025-01-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
TRANSACTION_ID = sa.String(120)
REFERENCE = sa.String(120)
KIND = sa.String(32)
OWNER = sa.String(64)
CURRENCY = sa.String(3)
LINE_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NON_NEGATIVE = (
    "balance >= 0 OR account_kind IN "
    "('customer_payments', 'platform_commission', 'seller_paid_out', 'customer_refunds')"
)


def upgrade() -> None:
    op.create_table(
        "ledger_transactions",
        sa.Column("id", TRANSACTION_ID, nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("reference", REFERENCE, nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_transactions"),
    )
    op.create_table(
        "transaction_logs",
        sa.Column("id", LINE_ID, autoincrement=True, nullable=False),
        sa.Column("transaction_id", TRANSACTION_ID, nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("account_kind", KIND, nullable=False),
        sa.Column("account_owner", OWNER, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("reference", REFERENCE, nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name="fk_transaction_logs_transaction_id_ledger_transactions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_transaction_logs"),
        sa.UniqueConstraint(
            "transaction_id", "line_no", name="uq_transaction_logs_transaction_id_line_no"
        ),
    )
    op.create_index(
        "ix_transaction_logs_account_owner_occurred_at",
        "transaction_logs",
        ["account_owner", "occurred_at"],
    )
    op.create_index("ix_transaction_logs_reference", "transaction_logs", ["reference"])
    op.create_table(
        "account_balances",
        sa.Column("account_kind", KIND, nullable=False),
        sa.Column("account_owner", OWNER, nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(NON_NEGATIVE, name=op.f("ck_account_balances_non_negative")),
        sa.PrimaryKeyConstraint(
            "account_kind", "account_owner", "currency", name="pk_account_balances"
        ),
    )
    op.create_table(
        "withdrawals",
        sa.Column("id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("bank_code", sa.String(16), nullable=False),
        sa.Column("account_number", sa.String(20), nullable=False),
        sa.Column("account_name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(300), nullable=True),
        sa.Column("requested_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("history", JSON, nullable=False),
        sa.ForeignKeyConstraint(["seller_id"], ["users.id"], name="fk_withdrawals_seller_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_withdrawals"),
    )
    op.create_index(
        "ix_withdrawals_seller_id_requested_at", "withdrawals", ["seller_id", "requested_at"]
    )
    op.create_index("ix_withdrawals_status_requested_at", "withdrawals", ["status", "requested_at"])


def downgrade() -> None:
    op.drop_index("ix_withdrawals_status_requested_at", table_name="withdrawals")
    op.drop_index("ix_withdrawals_seller_id_requested_at", table_name="withdrawals")
    op.drop_table("withdrawals")
    op.drop_table("account_balances")
    op.drop_index("ix_transaction_logs_reference", table_name="transaction_logs")
    op.drop_index("ix_transaction_logs_account_owner_occurred_at", table_name="transaction_logs")
    op.drop_table("transaction_logs")
    op.drop_table("ledger_transactions")
