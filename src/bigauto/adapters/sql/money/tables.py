"""Money tables: the ledger (transactions, their lines, materialised balances) and withdrawals.

``ledger_transactions.id`` is the idempotency key of a posting. ``transaction_logs`` holds one
row per entry, signed (debit > 0), with the transaction's kind, reference and time copied onto
it so a seller's statement is one indexed read. ``account_balances`` caches each account's
balance on its normal side; the CHECK constraint backs up the conditional update that keeps a
seller's funds from going negative. Platform accounts have no owner, stored as ``''`` so that
the owner can be part of a primary key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)

from bigauto.adapters.sql._audit_trail import history_column
from bigauto.adapters.sql._columns import (
    CURRENCY,
    instant,
    keyed_table,
    money_columns,
    reference,
    table,
)

TRANSACTION_ID = String(120)
REFERENCE = String(120)
KIND = String(32)
OWNER = String(64)
#: SQLite only autoincrements an INTEGER primary key.
LINE_ID = BigInteger().with_variant(Integer(), "sqlite")

#: Account kinds that may go below zero; every other kind may not (see CHART_OF_ACCOUNTS).
SIGNED_KINDS = ("customer_payments", "platform_commission", "seller_paid_out", "customer_refunds")
NON_NEGATIVE = "balance >= 0 OR account_kind IN ({})".format(
    ", ".join(f"'{kind}'" for kind in SIGNED_KINDS)
)


def _bank_account() -> list[Column[Any]]:
    """The bank account a withdrawal is paid into."""
    return [
        Column("bank_code", String(16), nullable=False),
        Column("account_number", String(20), nullable=False),
        Column("account_name", String(100), nullable=False),
    ]


ledger_transactions = table(
    "ledger_transactions",
    Column("id", TRANSACTION_ID, primary_key=True),
    Column("kind", KIND, nullable=False),
    Column("reference", REFERENCE, nullable=False),
    Column("currency", CURRENCY, nullable=False),
    instant("occurred_at"),
)

transaction_logs = table(
    "transaction_logs",
    Column("id", LINE_ID, primary_key=True, autoincrement=True),
    Column("transaction_id", TRANSACTION_ID, ForeignKey("ledger_transactions.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("kind", KIND, nullable=False),
    Column("account_kind", KIND, nullable=False),
    Column("account_owner", OWNER, nullable=False),
    *money_columns("amount"),
    Column("reference", REFERENCE, nullable=False),
    instant("occurred_at"),
    UniqueConstraint("transaction_id", "line_no"),
    Index("ix_transaction_logs_account_owner_occurred_at", "account_owner", "occurred_at"),
    Index("ix_transaction_logs_reference", "reference"),
)

account_balances = table(
    "account_balances",
    Column("account_kind", KIND, primary_key=True),
    Column("account_owner", OWNER, primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("balance", BigInteger, nullable=False),
    CheckConstraint(NON_NEGATIVE, name="non_negative"),
)

withdrawals = keyed_table(
    "withdrawals",
    reference("seller_id", "users"),
    *money_columns("amount"),
    *_bank_account(),
    Column("status", String(16), nullable=False),
    Column("reason", String(300)),
    instant("requested_at"),
    instant("updated_at"),
    # The audit trail, its states as from_state and to_state.
    history_column(),
    Index("ix_withdrawals_seller_id_requested_at", "seller_id", "requested_at"),
    Index("ix_withdrawals_status_requested_at", "status", "requested_at"),
)

__all__ = ["account_balances", "ledger_transactions", "transaction_logs", "withdrawals"]
