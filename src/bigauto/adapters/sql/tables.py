"""The database schema as SQLAlchemy Core tables.

These tables are the adapter's business only: repositories map rows to domain objects with
explicit functions (see ``mapping.py``), so the domain never sees SQLAlchemy. Migrations under
``migrations/versions`` create exactly this schema; a test compares the two.

Conventions: ids are UUIDv7 strings (``String(36)``); money is a whole number of currency units
in a ``BigInteger`` next to a ``currency`` column; coordinates are ``Numeric(9, 6)`` (about 10 cm);
instants are UTC (``UtcDateTime``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    func,
    text,
)

from bigauto.adapters.sql.types import Json, UtcDateTime

# Deterministic constraint names, so migrations and error handling can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

ID = String(36)
COORDINATE = Numeric(9, 6)

cities = Table(
    "cities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("province", String(120), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("latitude", COORDINATE, nullable=False),
    Column("longitude", COORDINATE, nullable=False),
)

brands = Table(
    "brands",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(120), nullable=False),
)

car_models = Table(
    "car_models",
    metadata,
    Column("id", ID, primary_key=True),
    Column("brand_id", ID, ForeignKey("brands.id"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("body_type", String(40), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    # Always stored normalised (trimmed, lower case), so a plain unique constraint is enough
    # for case-insensitive uniqueness on every database.
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32)),
    Column("password_hash", String(255), nullable=False),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("business_name", String(200)),
    Column("seller_city_id", ID, ForeignKey("cities.id")),
    Column("locale", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, server_default=func.now()),
)

vehicles = Table(
    "vehicles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("seller_id", ID, ForeignKey("users.id"), nullable=False),
    Column("category", String(16), nullable=False),
    Column("brand_id", ID, ForeignKey("brands.id"), nullable=False),
    Column("model_id", ID, ForeignKey("car_models.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("city_id", ID, ForeignKey("cities.id"), nullable=False),
    Column("transmission", String(16), nullable=False),
    Column("fuel_type", String(16), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price", BigInteger),
    Column("daily_rate", BigInteger),
    Column("weekly_rate", BigInteger),
    Column("monthly_rate", BigInteger),
    Column("deposit", BigInteger),
    Column("mileage", BigInteger),
    Column("plate_region", String(16)),
    Column("condition", String(40)),
    Column("latitude", COORDINATE),
    Column("longitude", COORDINATE),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, server_default=func.now()),
    Column("deleted_at", UtcDateTime),
    # Catalogue (revision 0003): see tables_catalogue.py for the search columns' indexes.
    Column("vin", String(17)),
    Column("address", String(300)),
    Column("options", Json, nullable=False, server_default=text("'[]'")),
    Column("rules", Json, nullable=False, server_default=text("'[]'")),
    Column("rating", Numeric(3, 2), nullable=False, server_default=text("0")),
    Column("review_count", Integer, nullable=False, server_default=text("0")),
    # Denormalised for search: the price a buyer compares (sale price or daily rate), and
    # "brand model title" in normalised lower case, kept by the repository on every write.
    Column("list_price", BigInteger, nullable=False, server_default=text("0")),
    Column("search_text", Text, nullable=False, server_default=text("''")),
    # Where search places the listing: its own coordinates, else its city's (degrees).
    Column("geo_lat", Float, nullable=False, server_default=text("0")),
    Column("geo_lng", Float, nullable=False, server_default=text("0")),
    Index("ix_vehicles_status_category", "status", "category"),
    Index("ix_vehicles_city_id", "city_id"),
    Index("ix_vehicles_brand_id", "brand_id"),
    Index("ix_vehicles_model_id", "model_id"),
    Index("ix_vehicles_seller_id", "seller_id"),
)

_OUTBOX_PENDING = "published_at IS NULL"

outbox = Table(
    "outbox",
    metadata,
    Column("event_id", ID, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("aggregate_type", String(60), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("payload", Json, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("published_at", UtcDateTime),
    # The relay asks for "unpublished, oldest first" over and over; a partial index keeps that a
    # short scan however many published events pile up behind it.
    Index(
        "ix_outbox_pending",
        "occurred_at",
        "event_id",
        postgresql_where=text(_OUTBOX_PENDING),
        sqlite_where=text(_OUTBOX_PENDING),
    ),
)

from bigauto.adapters.sql import tables_catalogue  # noqa: E402, F401  (completes the metadata)

__all__ = ["brands", "car_models", "cities", "metadata", "outbox", "users", "vehicles"]

import bigauto.adapters.sql.tables_bookings  # noqa: E402
import bigauto.adapters.sql.tables_chat  # noqa: E402
import bigauto.adapters.sql.tables_money  # noqa: E402
import bigauto.adapters.sql.tables_notifications  # noqa: E402
import bigauto.adapters.sql.tables_payments  # noqa: E402, F401
from bigauto.adapters.sql import tables_identity  # noqa: E402, F401
