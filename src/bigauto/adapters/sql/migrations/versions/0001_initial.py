"""Initial schema: users, brands, car models, cities, vehicles and the outbox.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
COORDINATE = sa.Numeric(9, 6)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "cities",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("province", sa.String(120), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("latitude", COORDINATE, nullable=False),
        sa.Column("longitude", COORDINATE, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cities"),
    )
    op.create_table(
        "brands",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_brands"),
    )
    op.create_table(
        "car_models",
        sa.Column("id", ID, nullable=False),
        sa.Column("brand_id", ID, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("body_type", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name="fk_car_models_brand_id_brands"),
        sa.PrimaryKeyConstraint("id", name="pk_car_models"),
    )
    op.create_index("ix_car_models_brand_id", "car_models", ["brand_id"])
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("email_verified", sa.Boolean(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("business_name", sa.String(200), nullable=True),
        sa.Column("seller_city_id", ID, nullable=True),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_city_id"], ["cities.id"], name="fk_users_seller_city_id_cities"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "vehicles",
        sa.Column("id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("brand_id", ID, nullable=False),
        sa.Column("model_id", ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("city_id", ID, nullable=False),
        sa.Column("transmission", sa.String(16), nullable=False),
        sa.Column("fuel_type", sa.String(16), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("daily_rate", sa.BigInteger(), nullable=True),
        sa.Column("weekly_rate", sa.BigInteger(), nullable=True),
        sa.Column("monthly_rate", sa.BigInteger(), nullable=True),
        sa.Column("deposit", sa.BigInteger(), nullable=True),
        sa.Column("mileage", sa.BigInteger(), nullable=True),
        sa.Column("plate_region", sa.String(16), nullable=True),
        sa.Column("condition", sa.String(40), nullable=True),
        sa.Column("latitude", COORDINATE, nullable=True),
        sa.Column("longitude", COORDINATE, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, server_default=sa.func.now(), nullable=False),
        sa.Column("deleted_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(["seller_id"], ["users.id"], name="fk_vehicles_seller_id_users"),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name="fk_vehicles_brand_id_brands"),
        sa.ForeignKeyConstraint(
            ["model_id"], ["car_models.id"], name="fk_vehicles_model_id_car_models"
        ),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name="fk_vehicles_city_id_cities"),
        sa.PrimaryKeyConstraint("id", name="pk_vehicles"),
    )
    op.create_index("ix_vehicles_status_category", "vehicles", ["status", "category"])
    op.create_index("ix_vehicles_city_id", "vehicles", ["city_id"])
    op.create_index("ix_vehicles_brand_id", "vehicles", ["brand_id"])
    op.create_index("ix_vehicles_model_id", "vehicles", ["model_id"])
    op.create_index("ix_vehicles_seller_id", "vehicles", ["seller_id"])
    op.create_table(
        "outbox",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("aggregate_type", sa.String(60), nullable=False),
        sa.Column("aggregate_id", sa.String(64), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("published_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("event_id", name="pk_outbox"),
    )
    pending = sa.text("published_at IS NULL")
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["occurred_at", "event_id"],
        postgresql_where=pending,
        sqlite_where=pending,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.drop_table("outbox")
    for index in ("seller_id", "model_id", "brand_id", "city_id", "status_category"):
        op.drop_index(f"ix_vehicles_{index}", table_name="vehicles")
    op.drop_table("vehicles")
    op.drop_table("users")
    op.drop_index("ix_car_models_brand_id", table_name="car_models")
    op.drop_table("car_models")
    op.drop_table("brands")
    op.drop_table("cities")
