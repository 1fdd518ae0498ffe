"""Bookings: rentals, test drives, sale orders, commission rates, promo codes, reviews, seller
settings, idempotency keys; the calendar's footprint column and, on PostgreSQL, the
no-double-booking exclusion constraints (``btree_gist``).

Revision ID: 0004
Revises: 0005
Create Date: 2025-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
STATUS = sa.String(24)
RATE = sa.Numeric(6, 4)
CURRENCY = sa.String(3)
ACCEPTED_SALE = "status IN ('pending_payment', 'paid', 'document_processing')"

CALENDAR_EXCLUSION = "ex_vehicle_calendar_no_overlap"
TEST_DRIVE_EXCLUSION = "ex_test_drives_no_overlap"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def _postgres_constraints() -> None:
    # In public when it exists, so that dropping some other schema never takes the extension
    # (and with it these constraints) along; the operator classes are found from any schema.
    has_public = (
        op.get_bind()
        .execute(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'"))
        .scalar()
    )
    op.execute(
        "CREATE EXTENSION IF NOT EXISTS btree_gist" + (" SCHEMA public" if has_public else "")
    )
    op.execute(
        f"ALTER TABLE vehicle_calendar ADD CONSTRAINT {CALENDAR_EXCLUSION} EXCLUDE USING gist "
        "(vehicle_id WITH =, daterange(start_date, COALESCE(footprint_end, end_date)) WITH &&) "
        "WHERE (active AND kind IN ('booking', 'hold'))"
    )
    op.execute(
        f"ALTER TABLE test_drives ADD CONSTRAINT {TEST_DRIVE_EXCLUSION} EXCLUDE USING gist "
        "(vehicle_id WITH =, tstzrange(scheduled_at, ends_at) WITH &&) "
        "WHERE (status IN ('requested', 'confirmed'))"
    )


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy, which would lose the table's partial indexes).
    op.add_column("vehicle_calendar", sa.Column("footprint_end", sa.Date(), nullable=True))
    op.create_table(
        "rental_bookings",
        sa.Column("id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("deposit", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("commission_rate", RATE, nullable=False),
        sa.Column("promo_code", sa.String(32), nullable=True),
        sa.Column("quote", JSON, nullable=False),
        sa.Column("history", JSON, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("hold_expires_at", INSTANT, nullable=False),
        sa.Column("paid_at", INSTANT, nullable=True),
        sa.Column("refund_amount", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_by", sa.String(16), nullable=True),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("pickup_reminded_at", INSTANT, nullable=True),
        sa.Column("overdue_notified_at", INSTANT, nullable=True),
        _fk("rental_bookings", "vehicle_id", "vehicles"),
        _fk("rental_bookings", "customer_id", "users"),
        _fk("rental_bookings", "seller_id", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_rental_bookings"),
    )
    for name, columns in (
        ("ix_rental_bookings_customer_id_created_at", ["customer_id", "created_at"]),
        ("ix_rental_bookings_seller_id_created_at", ["seller_id", "created_at"]),
        ("ix_rental_bookings_vehicle_id_start_date", ["vehicle_id", "start_date"]),
        ("ix_rental_bookings_status_hold_expires_at", ["status", "hold_expires_at"]),
    ):
        op.create_index(name, "rental_bookings", columns)

    op.create_table(
        "test_drives",
        sa.Column("id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("scheduled_at", INSTANT, nullable=False),
        sa.Column("ends_at", INSTANT, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("history", JSON, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        _fk("test_drives", "vehicle_id", "vehicles"),
        _fk("test_drives", "customer_id", "users"),
        _fk("test_drives", "seller_id", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_test_drives"),
    )
    for name, columns in (
        ("ix_test_drives_vehicle_id_scheduled_at", ["vehicle_id", "scheduled_at"]),
        ("ix_test_drives_customer_id_created_at", ["customer_id", "created_at"]),
        ("ix_test_drives_seller_id_created_at", ["seller_id", "created_at"]),
    ):
        op.create_index(name, "test_drives", columns)

    op.create_table(
        "sale_orders",
        sa.Column("id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("buyer_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        sa.Column("asking_price", sa.BigInteger(), nullable=False),
        sa.Column("offer_price", sa.BigInteger(), nullable=False),
        sa.Column("counter_price", sa.BigInteger(), nullable=True),
        sa.Column("agreed_price", sa.BigInteger(), nullable=True),
        sa.Column("commission_rate", RATE, nullable=False),
        sa.Column("max_rounds", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("documents", JSON, nullable=False),
        sa.Column("history", JSON, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("last_moved_at", INSTANT, nullable=False),
        sa.Column("paid_at", INSTANT, nullable=True),
        sa.Column("refund_amount", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_by", sa.String(16), nullable=True),
        _fk("sale_orders", "vehicle_id", "vehicles"),
        _fk("sale_orders", "buyer_id", "users"),
        _fk("sale_orders", "seller_id", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_sale_orders"),
    )
    for name, columns in (
        ("ix_sale_orders_buyer_id_created_at", ["buyer_id", "created_at"]),
        ("ix_sale_orders_seller_id_created_at", ["seller_id", "created_at"]),
        ("ix_sale_orders_vehicle_id", ["vehicle_id"]),
        ("ix_sale_orders_status_last_moved_at", ["status", "last_moved_at"]),
    ):
        op.create_index(name, "sale_orders", columns)
    accepted = sa.text(ACCEPTED_SALE)
    op.create_index(
        "uq_sale_orders_one_accepted",
        "sale_orders",
        ["vehicle_id"],
        unique=True,
        postgresql_where=accepted,
        sqlite_where=accepted,
    )

    op.create_table(
        "commission_rates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rate", RATE, nullable=False),
        sa.Column("category", sa.String(16), nullable=True),
        sa.Column("effective_from", INSTANT, nullable=False),
        sa.Column("set_by", ID, nullable=True),
        sa.Column("set_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_commission_rates"),
    )
    op.create_table(
        "promo_codes",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("rate", RATE, nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("currency", CURRENCY, nullable=True),
        sa.Column("usage_limit", sa.Integer(), nullable=True),
        sa.Column("times_used", sa.Integer(), nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("min_days", sa.Integer(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_promo_codes"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("rental_booking_id", ID, nullable=True),
        sa.Column("sale_order_id", ID, nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        _fk("reviews", "author_id", "users"),
        _fk("reviews", "vehicle_id", "vehicles"),
        _fk("reviews", "seller_id", "users"),
        _fk("reviews", "rental_booking_id", "rental_bookings"),
        _fk("reviews", "sale_order_id", "sale_orders"),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
    )
    op.create_index("uq_reviews_rental", "reviews", ["rental_booking_id"], unique=True)
    op.create_index("uq_reviews_sale", "reviews", ["sale_order_id"], unique=True)
    op.create_index("ix_reviews_vehicle_id_created_at", "reviews", ["vehicle_id", "created_at"])
    op.create_index("ix_reviews_seller_id", "reviews", ["seller_id"])

    op.create_table(
        "seller_opening_hours",
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("days", JSON, nullable=False),
        _fk("seller_opening_hours", "seller_id", "users"),
        sa.PrimaryKeyConstraint("seller_id", name="pk_seller_opening_hours"),
    )
    op.create_table(
        "sale_floors",
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("floor_price", sa.BigInteger(), nullable=False),
        sa.Column("currency", CURRENCY, nullable=False),
        _fk("sale_floors", "vehicle_id", "vehicles"),
        sa.PrimaryKeyConstraint("vehicle_id", name="pk_sale_floors"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("route", sa.String(100), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", JSON, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "route", "key", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])

    if op.get_bind().dialect.name == "postgresql":
        _postgres_constraints()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE vehicle_calendar DROP CONSTRAINT IF EXISTS {CALENDAR_EXCLUSION}")
        # The extension stays: something else may use it, and it holds no data.
    for table in (
        "idempotency_keys",
        "sale_floors",
        "seller_opening_hours",
        "reviews",
        "promo_codes",
        "commission_rates",
        "sale_orders",
        "test_drives",
        "rental_bookings",
    ):
        op.drop_table(table)
    op.execute("ALTER TABLE vehicle_calendar DROP COLUMN footprint_end")
