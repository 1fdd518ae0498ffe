"""Payment tables (revision 0008): payments, refunds and payment security incidents.

``uq_payments_order_id`` keeps gateway order ids unique; ``uq_payments_one_live`` (a partial
unique index on both databases) allows one live (``pending``) payment per deal, so two racing
``POST /api/payments`` cannot both open a checkout.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, Numeric, String

from bigauto.adapters.sql._audit_trail import history_column
from bigauto.adapters.sql._columns import (
    instant,
    keyed_table,
    money_columns,
    partial_index,
    reference,
)
from bigauto.adapters.sql.tables import ID

LIVE_PAYMENT = "status = 'pending'"

payments = keyed_table(
    "payments",
    Column("order_id", String(50), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),
    Column("deal_id", ID, nullable=False),
    Column("customer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    *money_columns("amount", "revenue"),
    Column("commission_rate", Numeric(6, 4), nullable=False),
    Column("status", String(24), nullable=False),
    Column("snap_token", String(200)),
    Column("redirect_url", String(500)),
    instant("expires_at"),
    instant("created_at"),
    instant("paid_at", nullable=True),
    Column("method", String(32)),
    Column("refunded_amount", BigInteger, nullable=False),
    Column("void", Boolean, nullable=False),
    history_column(),
    Index("ix_payments_kind_deal_id", "kind", "deal_id"),
    partial_index("uq_payments_one_live", "kind", "deal_id", unique=True, where=LIVE_PAYMENT),
)

refunds = keyed_table(
    "refunds",
    reference("payment_id", "payments"),
    *money_columns("amount"),
    Column("reason", String(300), nullable=False),
    Column("refund_key", String(120), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    instant("created_at"),
    instant("done_at", nullable=True),
    Index("ix_refunds_payment_id", "payment_id"),
    # An id names what asked for the refund ("cancel-<event id>"): longer than a UUID.
    id_type=String(120),
)

security_incidents = keyed_table(
    "security_incidents",
    Column("kind", String(32), nullable=False),
    Column("order_id", String(120)),
    Column("detail", String(1000), nullable=False),
    Column("remote_ip", String(64)),
    instant("at"),
    Index("ix_security_incidents_at", "at"),
)

__all__ = ["payments", "refunds", "security_incidents"]
