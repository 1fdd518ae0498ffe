"""Catalogue: listing details and search columns, photos, favorites, the vehicle calendar.

On PostgreSQL this also creates the ``pg_trgm`` extension (when the server has it) and a trigram
GIN index for typo-tolerant text search; SQLite searches with LIKE.

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(36)
INSTANT = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
PUBLIC = "status = 'active' AND deleted_at IS NULL"
SEARCH_INDEXES = {
    "ix_vehicles_public_newest": ["created_at", "id"],
    "ix_vehicles_public_price": ["list_price", "id"],
    "ix_vehicles_public_category_price": ["category", "list_price", "id"],
    "ix_vehicles_public_category_newest": ["category", "created_at", "id"],
    "ix_vehicles_public_year": ["year", "id"],
    "ix_vehicles_public_rating": ["rating", "id"],
    "ix_vehicles_public_geo": ["geo_lat", "geo_lng"],
}
TRGM_INDEX = "ix_vehicles_search_text_trgm"


def _trigram_schema() -> str | None:
    """Create pg_trgm if the server offers it; answer the schema it lives in (or None)."""
    bind = op.get_bind()
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    if not available:
        return None
    # In public, not the first schema on the search path: a per-tenant or per-test schema
    # dropped with CASCADE would otherwise take the extension (and every trigram index) along.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("vehicles") as batch:
        batch.add_column(sa.Column("vin", sa.String(17), nullable=True))
        batch.add_column(sa.Column("address", sa.String(300), nullable=True))
        batch.add_column(sa.Column("options", JSON, server_default=sa.text("'[]'"), nullable=False))
        batch.add_column(sa.Column("rules", JSON, server_default=sa.text("'[]'"), nullable=False))
        batch.add_column(
            sa.Column("rating", sa.Numeric(3, 2), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(
            sa.Column("review_count", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(
            sa.Column("list_price", sa.BigInteger(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(
            sa.Column("search_text", sa.Text(), server_default=sa.text("''"), nullable=False)
        )
        batch.add_column(
            sa.Column("geo_lat", sa.Float(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(
            sa.Column("geo_lng", sa.Float(), server_default=sa.text("0"), nullable=False)
        )
    # Listings that exist already get their search columns (new ones get them on write).
    op.execute(
        "UPDATE vehicles SET list_price = COALESCE(CASE WHEN category = 'sale' THEN price "
        "ELSE daily_rate END, 0), search_text = lower(("
        "SELECT b.name FROM brands b WHERE b.id = vehicles.brand_id) || ' ' || ("
        "SELECT m.name FROM car_models m WHERE m.id = vehicles.model_id) || ' ' || title), "
        "geo_lat = COALESCE(latitude, (SELECT c.latitude FROM cities c "
        "WHERE c.id = vehicles.city_id)), geo_lng = COALESCE(longitude, (SELECT c.longitude "
        "FROM cities c WHERE c.id = vehicles.city_id))"
    )
    public = sa.text(PUBLIC)
    for name, columns in SEARCH_INDEXES.items():
        op.create_index(name, "vehicles", columns, postgresql_where=public, sqlite_where=public)
    if not postgres:
        op.create_index(TRGM_INDEX, "vehicles", ["search_text"], sqlite_where=public)
    else:
        schema = _trigram_schema()
        if schema is not None:
            # Qualified, so the index builds whichever schema the extension was installed in.
            op.execute(
                f'CREATE INDEX {TRGM_INDEX} ON vehicles USING gin (search_text "{schema}".'
                f"gin_trgm_ops) WHERE {PUBLIC}"
            )

    op.create_table(
        "vehicle_photos",
        sa.Column("id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("storage_key", sa.String(300), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("thumbnail", sa.String(1000), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_cover", sa.Boolean(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name="fk_vehicle_photos_vehicle_id_vehicles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_vehicle_photos"),
    )
    op.create_index(
        "ix_vehicle_photos_vehicle_id_position", "vehicle_photos", ["vehicle_id", "position"]
    )
    op.create_table(
        "favorites",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_favorites_user_id_users"),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name="fk_favorites_vehicle_id_vehicles"
        ),
        sa.PrimaryKeyConstraint("user_id", "vehicle_id", name="pk_favorites"),
    )
    op.create_index("ix_favorites_user_id_created_at", "favorites", ["user_id", "created_at"])
    op.create_index("ix_favorites_vehicle_id", "favorites", ["vehicle_id"])
    op.create_table(
        "vehicle_calendar",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("vehicle_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref_id", sa.String(64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("expires_at", INSTANT, nullable=True),
        sa.Column("note", sa.String(300), server_default=sa.text("''"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("removed_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name="fk_vehicle_calendar_vehicle_id_vehicles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_vehicle_calendar"),
    )
    active = sa.text("active")
    op.create_index(
        "ix_vehicle_calendar_active_vehicle",
        "vehicle_calendar",
        ["vehicle_id", "start_date", "end_date"],
        postgresql_where=active,
        sqlite_where=active,
    )
    op.create_index(
        "uq_vehicle_calendar_active_ref",
        "vehicle_calendar",
        ["ref_id"],
        unique=True,
        postgresql_where=active,
        sqlite_where=active,
    )


def downgrade() -> None:
    op.drop_table("vehicle_calendar")
    op.drop_table("favorites")
    op.drop_table("vehicle_photos")
    op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    for name in SEARCH_INDEXES:
        op.drop_index(name, table_name="vehicles")
    with op.batch_alter_table("vehicles") as batch:
        for column in (
            "geo_lng",
            "geo_lat",
            "search_text",
            "list_price",
            "review_count",
            "rating",
            "rules",
            "options",
            "address",
            "vin",
        ):
            batch.drop_column(column)
