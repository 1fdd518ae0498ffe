"""Money tables: the ledger (transactions, their lines, materialised balances) and withdrawals.

``ledger_transactions.id`` is the idempotency key of a posting. ``transaction_logs`` holds one
row per entry, signed (debit > 0), with the transaction's kind, reference and time copied onto
it so a seller's statement is one indexed read. ``account_balances`` caches each account's
balance on its normal side; the CHECK constraint backs up the conditional update that keeps a
seller's funds from going negative. Platform accounts have no owner, stored as ``''`` so that
the owner can be part of a primary key.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

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

ledger_transactions = Table(
    "ledger_transactions",
    metadata,
    Column("id", TRANSACTION_ID, primary_key=True),
    Column("kind", KIND, nullable=False),
    Column("reference", REFERENCE, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
)

transaction_logs = Table(
    "transaction_logs",
    metadata,
    Column("id", LINE_ID, primary_key=True, autoincrement=True),
    Column("transaction_id", TRANSACTION_ID, ForeignKey("ledger_transactions.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("kind", KIND, nullable=False),
    Column("account_kind", KIND, nullable=False),
    Column("account_owner", OWNER, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reference", REFERENCE, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    UniqueConstraint("transaction_id", "line_no"),
    Index("ix_transaction_logs_account_owner_occurred_at", "account_owner", "occurred_at"),
    Index("ix_transaction_logs_reference", "reference"),
)

account_balances = Table(
    "account_balances",
    metadata,
    Column("account_kind", KIND, primary_key=True),
    Column("account_owner", OWNER, primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("balance", BigInteger, nullable=False),
    CheckConstraint(NON_NEGATIVE, name="non_negative"),
)

withdrawals = Table(
    "withdrawals",
    metadata,
    Column("id", ID, primary_key=True),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("bank_code", String(16), nullable=False),
    Column("account_number", String(20), nullable=False),
    Column("account_name", String(100), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(300)),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The audit trail: [{from_state, to_state, event, actor, actor_id, at, reason}, ...].
    Column("history", Json, nullable=False),
    Index("ix_withdrawals_seller_id_requested_at", "seller_id", "requested_at"),
    Index("ix_withdrawals_status_requested_at", "status", "requested_at"),
)

__all__ = ["account_balances", "ledger_transactions", "transaction_logs", "withdrawals"]
