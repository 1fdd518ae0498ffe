"""Booking tables (revision 0004): rentals, test drives, sale orders, commission rates, promo
codes, reviews and seller settings (idempotency keys, also 0004, are runtime's).

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
  (``BEGIN IMMEDIATE``) and the services check the same rules inside the transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
)

from bigauto.adapters.sql._audit_trail import history_column
from bigauto.adapters.sql._columns import (
    CURRENCY,
    instant,
    keyed_table,
    money_columns,
    partial_index,
    reference,
    table,
)
from bigauto.adapters.sql.tables import ID
from bigauto.adapters.sql.types import Json

STATUS = String(24)


AMOUNT = BigInteger


RATE = Numeric(6, 4)


ACCEPTED_SALE = "status IN ('pending_payment', 'paid', 'document_processing')"


def _deal(
    name: str,
    buyer: str,
    *,
    span: tuple[Column[Any], ...] = (),
    columns: tuple[Column[Any], ...],
    indexes: tuple[Index, ...],
) -> Table:
    """A deal's table: its id, the vehicle, buyer and seller, the ``span`` it takes (its period
    or slot), its lifecycle's status, ``columns``, and the indexes that list a party's deals
    newest first, then ``indexes``."""
    return keyed_table(
        name,
        reference("vehicle_id", "vehicles"),
        reference(buyer, "users"),
        reference("seller_id", "users"),
        *span,
        Column("status", STATUS, nullable=False),
        *columns,
        *(
            Index(f"ix_{name}_{party}_created_at", party, "created_at")
            for party in (buyer, "seller_id")
        ),
        *indexes,
    )


def _priced(*amounts: str, optional: tuple[str, ...] = ()) -> list[Column[Any]]:
    """A currency, then amounts in it (whole units) that are always set, then ``optional`` ones."""
    return [
        Column("currency", CURRENCY, nullable=False),
        *(Column(amount, AMOUNT, nullable=False) for amount in amounts),
        *(Column(amount, AMOUNT) for amount in optional),
    ]


def _settlement() -> list[Column[Any]]:
    """When a deal was paid, what was refunded and who cancelled it."""
    return [
        instant("paid_at", nullable=True),
        Column("refund_amount", AMOUNT),
        Column("cancelled_by", String(16)),
    ]


rental_bookings = _deal(
    "rental_bookings",
    "customer_id",
    span=(Column("start_date", Date, nullable=False), Column("end_date", Date, nullable=False)),
    columns=(
        Column("timezone", String(64), nullable=False),
        *_priced("subtotal", "discount", "deposit", "total"),
        Column("commission_rate", RATE, nullable=False),
        Column("promo_code", String(32)),
        Column("quote", Json, nullable=False),
        history_column(),
        instant("created_at"),
        instant("hold_expires_at"),
        *_settlement(),
        instant("updated_at"),
        instant("pickup_reminded_at", nullable=True),
        instant("overdue_notified_at", nullable=True),
    ),
    indexes=(
        Index("ix_rental_bookings_vehicle_id_start_date", "vehicle_id", "start_date"),
        Index("ix_rental_bookings_status_hold_expires_at", "status", "hold_expires_at"),
    ),
)


test_drives = _deal(
    "test_drives",
    "customer_id",
    span=(instant("scheduled_at"), instant("ends_at")),
    columns=(
        history_column(),
        instant("created_at"),
        instant("updated_at"),
    ),
    indexes=(Index("ix_test_drives_vehicle_id_scheduled_at", "vehicle_id", "scheduled_at"),),
)


sale_orders = _deal(
    "sale_orders",
    "buyer_id",
    columns=(
        *_priced("asking_price", "offer_price", optional=("counter_price", "agreed_price")),
        Column("commission_rate", RATE, nullable=False),
        Column("max_rounds", Integer, nullable=False),
        Column("rounds", Integer, nullable=False),
        Column("documents", Json, nullable=False),
        history_column(),
        instant("created_at"),
        instant("last_moved_at"),
        *_settlement(),
    ),
    indexes=(
        Index("ix_sale_orders_vehicle_id", "vehicle_id"),
        Index("ix_sale_orders_status_last_moved_at", "status", "last_moved_at"),
        partial_index(
            "uq_sale_orders_one_accepted", "vehicle_id", unique=True, where=ACCEPTED_SALE
        ),
    ),
)


commission_rates = table(
    "commission_rates",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rate", RATE, nullable=False),
    Column("category", String(16)),
    instant("effective_from"),
    Column("set_by", ID),
    instant("set_at"),
)


promo_codes = table(
    "promo_codes",
    Column("code", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    # A percent code's rate, or a fixed code's amount (with its currency).
    Column("rate", RATE),
    Column("amount", AMOUNT),
    Column("currency", CURRENCY),
    Column("usage_limit", Integer),
    Column("times_used", Integer, nullable=False),
    instant("expires_at"),
    Column("min_days", Integer, nullable=False),
    instant("created_at"),
)


reviews = keyed_table(
    "reviews",
    reference("author_id", "users"),
    reference("vehicle_id", "vehicles"),
    reference("seller_id", "users"),
    reference("rental_booking_id", "rental_bookings", nullable=True),
    reference("sale_order_id", "sale_orders", nullable=True),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False),
    instant("created_at"),
    Index("uq_reviews_rental", "rental_booking_id", unique=True),
    Index("uq_reviews_sale", "sale_order_id", unique=True),
    Index("ix_reviews_vehicle_id_created_at", "vehicle_id", "created_at"),
    Index("ix_reviews_seller_id", "seller_id"),
)


sale_floors = table(
    "sale_floors",
    reference("vehicle_id", "vehicles", primary_key=True),
    *money_columns("floor_price"),
)


seller_opening_hours = table(
    "seller_opening_hours",
    reference("seller_id", "users", primary_key=True),
    # [{"weekday": 0, "opens": "08:00", "closes": "18:00"}, ...]
    Column("days", Json, nullable=False),
)
