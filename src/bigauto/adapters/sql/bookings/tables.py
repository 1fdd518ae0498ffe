"""Booking tables (revision 0004): rentals, test drives, sale orders, commission rates, promo
codes, reviews, seller settings and idempotency keys.

An aggregate's key facts are columns (status, parties, dates, money as BIGINT in whole rupiah,
rates as NUMERIC) so they can be queried and constrained; what is only ever read back whole
(the quote's lines, the audit trail, the documents transferred) is JSON beside them.

Constraints that back the domain's rules in the database:

- ``uq_sale_orders_one_accepted``: at most one accepted (pending_payment, paid,
  document_processing) order per vehicle, a partial unique index on both databases;
- ``uq_reviews_rental`` / ``uq_reviews_sale``: one review per deal;
- on PostgreSQL only (created by the migration, since SQLite has no such thing):
  ``ex_vehicle_calendar_no_overlap`` — no two active bookings or holds of one vehicle whose
  footprints ``[start_date, footprint_end)`` overlap — and ``ex_test_drives_no_overlap`` — no
  two active test drives of one vehicle whose slots overlap. On SQLite, writes are serialised
  (``BEGIN IMMEDIATE``) and the services check the same rules inside the transaction.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

from bigauto.adapters.sql.tables import ID, metadata
from bigauto.adapters.sql.types import Json, UtcDateTime

STATUS = String(24)
AMOUNT = BigInteger
RATE = Numeric(6, 4)
CURRENCY = String(3)
ACCEPTED_SALE = "status IN ('pending_payment', 'paid', 'document_processing')"

rental_bookings = Table(
    "rental_bookings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), nullable=False),
    Column("customer_id", ID, ForeignKey("users.id"), nullable=False),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("status", STATUS, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("currency", CURRENCY, nullable=False),
    Column("subtotal", AMOUNT, nullable=False),
    Column("discount", AMOUNT, nullable=False),
    Column("deposit", AMOUNT, nullable=False),
    Column("total", AMOUNT, nullable=False),
    Column("commission_rate", RATE, nullable=False),
    Column("promo_code", String(32)),
    Column("quote", Json, nullable=False),
    Column("history", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("hold_expires_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime),
    Column("refund_amount", AMOUNT),
    Column("cancelled_by", String(16)),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("pickup_reminded_at", UtcDateTime),
    Column("overdue_notified_at", UtcDateTime),
    Index("ix_rental_bookings_customer_id_created_at", "customer_id", "created_at"),
    Index("ix_rental_bookings_seller_id_created_at", "seller_id", "created_at"),
    Index("ix_rental_bookings_vehicle_id_start_date", "vehicle_id", "start_date"),
    Index("ix_rental_bookings_status_hold_expires_at", "status", "hold_expires_at"),
)

test_drives = Table(
    "test_drives",
    metadata,
    Column("id", ID, primary_key=True),
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), nullable=False),
    Column("customer_id", ID, ForeignKey("users.id"), nullable=False),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("scheduled_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("status", STATUS, nullable=False),
    Column("history", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_test_drives_vehicle_id_scheduled_at", "vehicle_id", "scheduled_at"),
    Index("ix_test_drives_customer_id_created_at", "customer_id", "created_at"),
    Index("ix_test_drives_seller_id_created_at", "seller_id", "created_at"),
)

sale_orders = Table(
    "sale_orders",
    metadata,
    Column("id", ID, primary_key=True),
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), nullable=False),
    Column("buyer_id", ID, ForeignKey("users.id"), nullable=False),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("status", STATUS, nullable=False),
    Column("currency", CURRENCY, nullable=False),
    Column("asking_price", AMOUNT, nullable=False),
    Column("offer_price", AMOUNT, nullable=False),
    Column("counter_price", AMOUNT),
    Column("agreed_price", AMOUNT),
    Column("commission_rate", RATE, nullable=False),
    Column("max_rounds", Integer, nullable=False),
    Column("rounds", Integer, nullable=False),
    Column("documents", Json, nullable=False),
    Column("history", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_moved_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime),
    Column("refund_amount", AMOUNT),
    Column("cancelled_by", String(16)),
    Index("ix_sale_orders_buyer_id_created_at", "buyer_id", "created_at"),
    Index("ix_sale_orders_seller_id_created_at", "seller_id", "created_at"),
    Index("ix_sale_orders_vehicle_id", "vehicle_id"),
    Index("ix_sale_orders_status_last_moved_at", "status", "last_moved_at"),
    Index(
        "uq_sale_orders_one_accepted",
        "vehicle_id",
        unique=True,
        postgresql_where=text(ACCEPTED_SALE),
        sqlite_where=text(ACCEPTED_SALE),
    ),
)

commission_rates = Table(
    "commission_rates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rate", RATE, nullable=False),
    Column("category", String(16)),
    Column("effective_from", UtcDateTime, nullable=False),
    Column("set_by", ID),
    Column("set_at", UtcDateTime, nullable=False),
)

promo_codes = Table(
    "promo_codes",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    # A percent code's rate, or a fixed code's amount (with its currency).
    Column("rate", RATE),
    Column("amount", AMOUNT),
    Column("currency", CURRENCY),
    Column("usage_limit", Integer),
    Column("times_used", Integer, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("min_days", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", ID, primary_key=True),
    Column("author_id", ID, ForeignKey("users.id"), nullable=False),
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), nullable=False),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("rental_booking_id", ID, ForeignKey("rental_bookings.id")),
    Column("sale_order_id", ID, ForeignKey("sale_orders.id")),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("uq_reviews_rental", "rental_booking_id", unique=True),
    Index("uq_reviews_sale", "sale_order_id", unique=True),
    Index("ix_reviews_vehicle_id_created_at", "vehicle_id", "created_at"),
    Index("ix_reviews_seller_id", "seller_id"),
)

seller_opening_hours = Table(
    "seller_opening_hours",
    metadata,
    Column("seller_id", ID, ForeignKey("users.id"), primary_key=True),
    # [{"weekday": 0, "opens": "08:00", "closes": "18:00"}, ...]
    Column("days", Json, nullable=False),
)

sale_floors = Table(
    "sale_floors",
    metadata,
    Column("vehicle_id", ID, ForeignKey("vehicles.id"), primary_key=True),
    Column("floor_price", AMOUNT, nullable=False),
    Column("currency", CURRENCY, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("user_id", ID, nullable=False),
    Column("route", String(100), nullable=False),
    Column("key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response", Json),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "route", "key", name="pk_idempotency_keys"),
    Index("ix_idempotency_keys_created_at", "created_at"),
)

__all__ = [
    "commission_rates",
    "idempotency_keys",
    "promo_codes",
    "rental_bookings",
    "reviews",
    "sale_floors",
    "sale_orders",
    "seller_opening_hours",
    "test_drives",
]
