"""Catalogue tables (revision 0003): photos, favorites, the vehicle calendar, search indexes.

Search reads only public listings (``status = 'active' AND deleted_at IS NULL``), so its indexes
are partial on that predicate: each sort order walks one of them and stops after a page
(``ORDER BY key, id`` forwards or backwards). PostgreSQL gets a trigram GIN index for the text
filter (``pg_trgm``; the migration creates the extension).

``vehicle_calendar`` holds every entry that takes a vehicle's days — bookings, payment holds
and owner blocks — as half-open ``[start_date, end_date)`` DATE ranges. Removing an entry sets
``active`` false, keeping the row for history; a ``ref`` names at most one active entry.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Text,
    func,
    text,
)

from bigauto.adapters.sql._columns import (
    CURRENCY,
    instant,
    keyed_table,
    media_columns,
    partial_index,
    reference,
    table,
)
from bigauto.adapters.sql.tables import COORDINATE
from bigauto.adapters.sql.types import Json

cities = keyed_table(
    "cities",
    Column("name", String(120), nullable=False),
    Column("province", String(120), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("latitude", COORDINATE, nullable=False),
    Column("longitude", COORDINATE, nullable=False),
)


brands = keyed_table(
    "brands",
    Column("name", String(120), nullable=False),
)


car_models = keyed_table(
    "car_models",
    reference("brand_id", "brands", index=True),
    Column("name", String(120), nullable=False),
    Column("body_type", String(40), nullable=False),
)


vehicles = keyed_table(
    "vehicles",
    reference("seller_id", "users"),
    Column("category", String(16), nullable=False),
    reference("brand_id", "brands"),
    reference("model_id", "car_models"),
    Column("year", Integer, nullable=False),
    reference("city_id", "cities"),
    Column("transmission", String(16), nullable=False),
    Column("fuel_type", String(16), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("currency", CURRENCY, nullable=False),
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
    instant("created_at"),
    instant("updated_at", server_default=func.now()),
    instant("deleted_at", nullable=True),
    # Catalogue (revision 0003): see SEARCH_INDEXES below for the search columns' indexes.
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


PUBLIC = "status = 'active' AND deleted_at IS NULL"
ACTIVE = "active"


def _public(*columns: str, name: str, include: tuple[str, ...] = ()) -> Index:
    return partial_index(
        name,
        *(vehicles.c[column] for column in columns),
        where=PUBLIC,
        postgresql_include=list(include),
    )


_CATEGORY = ("category",)

SEARCH_INDEXES = (
    _public("created_at", "id", name="ix_vehicles_public_newest"),
    _public("list_price", "id", name="ix_vehicles_public_price"),
    _public("category", "list_price", "id", name="ix_vehicles_public_category_price"),
    _public("category", "created_at", "id", name="ix_vehicles_public_category_newest"),
    _public("year", "id", name="ix_vehicles_public_year"),
    _public("rating", "id", name="ix_vehicles_public_rating"),
    _public("geo_lat", "geo_lng", name="ix_vehicles_public_geo"),
    # Revision 0008: a city or a brand, newest first or by price, without walking the rest;
    # with the category on PostgreSQL, so counting "a city's rentals" reads the index alone.
    _public(
        "city_id", "created_at", "id", name="ix_vehicles_public_city_newest", include=_CATEGORY
    ),
    _public("city_id", "list_price", "id", name="ix_vehicles_public_city_price", include=_CATEGORY),
    _public(
        "brand_id", "created_at", "id", name="ix_vehicles_public_brand_newest", include=_CATEGORY
    ),
    # A trigram GIN index on PostgreSQL. SQLite gets a plain index of the same name (LIKE
    # '%...%' cannot use it): one schema for both keeps the migration check exact.
    partial_index(
        "ix_vehicles_search_text_trgm",
        vehicles.c.search_text,
        where=PUBLIC,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    ),
)

vehicle_photos = keyed_table(
    "vehicle_photos",
    reference("vehicle_id", "vehicles"),
    *media_columns(content_type_length=40),
    Column("size_bytes", BigInteger, nullable=False),
    Column("position", Integer, nullable=False),
    Column("is_cover", Boolean, nullable=False),
    instant("created_at"),
    Index("ix_vehicle_photos_vehicle_id_position", "vehicle_id", "position"),
)

favorites = table(
    "favorites",
    reference("user_id", "users"),
    reference("vehicle_id", "vehicles"),
    instant("created_at"),
    PrimaryKeyConstraint("user_id", "vehicle_id", name="pk_favorites"),
    Index("ix_favorites_user_id_created_at", "user_id", "created_at"),
    Index("ix_favorites_vehicle_id", "vehicle_id"),
)

vehicle_calendar = table(
    "vehicle_calendar",
    Column("id", Integer, primary_key=True, autoincrement=True),
    reference("vehicle_id", "vehicles"),
    Column("kind", String(16), nullable=False),
    Column("ref_id", String(64), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    # end_date plus the turnaround buffer for bookings and holds (revision 0004); what the
    # PostgreSQL exclusion constraint compares. NULL on rows written before it existed.
    Column("footprint_end", Date),
    instant("expires_at", nullable=True),
    Column("note", String(300), nullable=False, server_default=text("''")),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    instant("created_at"),
    instant("removed_at", nullable=True),
    partial_index(
        "ix_vehicle_calendar_active_vehicle", "vehicle_id", "start_date", "end_date", where=ACTIVE
    ),
    partial_index("uq_vehicle_calendar_active_ref", "ref_id", unique=True, where=ACTIVE),
)

__all__ = ["PUBLIC", "SEARCH_INDEXES", "favorites", "vehicle_calendar", "vehicle_photos"]
