"""Payment tables (revision 0008): payments, refunds and payment security incidents.

``uq_payments_order_id`` keeps gateway order ids unique; ``uq_payments_one_live`` (a partial
unique index on both databases) allows one live (``pending``) payment per deal, so two racing
``POST /api/payments`` cannot both open a checkout.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    text,
)

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

LIVE_PAYMENT = "status = 'pending'"

payments = Table(
    "payments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", String(50), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),
    Column("deal_id", ID, nullable=False),
    Column("customer_id", ID, nullable=False),
    Column("seller_id", ID, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("revenue", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("commission_rate", Numeric(6, 4), nullable=False),
    Column("status", String(24), nullable=False),
    Column("snap_token", String(200)),
    Column("redirect_url", String(500)),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime),
    Column("method", String(32)),
    Column("refunded_amount", BigInteger, nullable=False),
    Column("void", Boolean, nullable=False),
    Column("history", Json, nullable=False),
    Index("ix_payments_kind_deal_id", "kind", "deal_id"),
    Index(
        "uq_payments_one_live",
        "kind",
        "deal_id",
        unique=True,
        postgresql_where=text(LIVE_PAYMENT),
        sqlite_where=text(LIVE_PAYMENT),
    ),
)

refunds = Table(
    "refunds",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("payment_id", ID, ForeignKey("payments.id"), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("refund_key", String(120), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("done_at", UtcDateTime),
    Index("ix_refunds_payment_id", "payment_id"),
)

security_incidents = Table(
    "security_incidents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("order_id", String(120)),
    Column("detail", String(1000), nullable=False),
    Column("remote_ip", String(64)),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_security_incidents_at", "at"),
)

__all__ = ["payments", "refunds", "security_incidents"]
