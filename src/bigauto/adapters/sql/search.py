"""Catalogue search in SQL: one statement for the page, one for the count (often skipped).

The page statement joins brand, model, city and seller and folds each listing's photos into a
JSON array in a correlated subquery, so a page of any size costs one round trip. The count runs
only when the page cannot tell it: a short first page *is* the total.

Dialects differ in three places: the photo aggregate (``json_agg`` vs ``json_group_array``),
``LEAST`` vs ``min`` in the haversine, and typo tolerance, which only PostgreSQL has: when no
public listing contains every word, the words are matched again by trigram word similarity
(``pg_trgm``'s ``<%`` operator, through the GIN index), so "Avanzza" still finds Avanza.
"""

from __future__ import annotations

import json
import math
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import (
    Float,
    Select,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from bigauto.adapters.sql.tables import brands, car_models, cities, users, vehicles
from bigauto.adapters.sql.tables_catalogue import favorites, vehicle_calendar
from bigauto.domain.catalogue import Category, FuelType, ListingStatus, Transmission
from bigauto.domain.search import EARTH_RADIUS_KM, Page, SearchQuery, SortOrder
from bigauto.ports.catalogue import PhotoRef, SearchHit, SellerSummary

v, b, m, c, u = vehicles.c, brands.c, car_models.c, cities.c, users.c

_PHOTOS_ORDER = "p.is_cover DESC, p.position, p.created_at, p.id"
_PHOTOS = {
    "postgresql": (
        "(SELECT coalesce(json_agg(json_build_array(p.url, p.thumbnail) "
        f"ORDER BY {_PHOTOS_ORDER}), '[]')::text FROM vehicle_photos p "
        "WHERE p.vehicle_id = {listing}.id)"
    ),
    # SQLite has no ORDER BY inside an aggregate; it aggregates an ordered subquery in order.
    "sqlite": (
        "(SELECT json_group_array(json_array(url, thumbnail)) FROM (SELECT p.url, p.thumbnail "
        "FROM vehicle_photos p WHERE p.vehicle_id = {listing}.id "
        f"ORDER BY {_PHOTOS_ORDER}))"
    ),
}

#: What a page needs of the listing itself (and sorts by); names, photos are joined on.
_LISTING = (
    "id",
    "title",
    "category",
    "status",
    "year",
    "transmission",
    "fuel_type",
    "seats",
    "price",
    "daily_rate",
    "rating",
    "review_count",
    "created_at",
    "list_price",
    "brand_id",
    "model_id",
    "city_id",
    "seller_id",
)


def _named(listing: Any) -> Any:
    """``listing`` (vehicles, or a page of them) joined to its brand, model, city, seller."""
    return (
        listing.join(brands, b.id == listing.c.brand_id)
        .join(car_models, m.id == listing.c.model_id)
        .join(cities, c.id == listing.c.city_id)
        .join(users, u.id == listing.c.seller_id)
    )


#: Kilometres per degree of latitude on the sphere of EARTH_RADIUS_KM.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

#: Word similarity (0..1) a misspelt word needs to match, on PostgreSQL's retry.
TYPO_THRESHOLD = 0.4

_public = and_(v.status == ListingStatus.ACTIVE.value, v.deleted_at.is_(None))

# Where pg_trgm lives, per engine (None: not installed, no typo tolerance).
_trigram_schemas: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(term: str) -> ColumnElement[bool]:
    return v.search_text.like(f"%{_escape_like(term)}%", escape="\\")


class SqlVehicleSearch:
    """``VehicleSearch`` on SQLite or PostgreSQL, inside a unit of work's connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection
        self._dialect = connection.dialect.name

    # Building blocks

    def _distance(self, query: SearchQuery) -> ColumnElement[float]:
        lat0, lng0 = float(query.latitude or 0), float(query.longitude or 0)
        half_dlat = func.sin(func.radians(v.geo_lat - lat0) / 2)
        half_dlng = func.sin(func.radians(v.geo_lng - lng0) / 2)
        h = half_dlat * half_dlat + math.cos(math.radians(lat0)) * func.cos(
            func.radians(v.geo_lat)
        ) * (half_dlng * half_dlng)
        smaller = func.least if self._dialect == "postgresql" else func.min
        return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(smaller(literal(1.0, Float), h)))

    def _filters(
        self,
        query: SearchQuery,
        now: datetime,
        distance: ColumnElement[float] | None,
        text_match: list[ColumnElement[bool]],
    ) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [_public, *text_match]
        equal = (
            (v.category, query.category),
            (v.brand_id, query.brand_id),
            (v.model_id, query.model_id),
            (v.city_id, query.city_id),
            (v.transmission, query.transmission),
            (v.fuel_type, query.fuel_type),
        )
        where += [column == str(value) for column, value in equal if value is not None]
        bounds = (
            (v.year, query.min_year, query.max_year),
            (v.list_price, query.min_price, query.max_price),
        )
        for column, low, high in bounds:
            if low is not None:
                where.append(column >= low)
            if high is not None:
                where.append(column <= high)
        if query.seats is not None:
            where.append(v.seats >= query.seats)
        if distance is not None and query.radius_km is not None:
            where += _bounding_box(query)
            where.append(distance <= float(query.radius_km))
        if query.available_from is not None and query.available_to is not None:
            k = vehicle_calendar.c
            taken = exists().where(
                k.vehicle_id == v.id,
                k.active,
                k.start_date < query.available_to,
                k.end_date > query.available_from,
                or_(k.expires_at.is_(None), k.expires_at > now),
            )
            where += [v.category == Category.RENTAL.value, ~taken]
        return where

    @staticmethod
    def _order(sort: SortOrder, distance: Any, listing: Any = v) -> list[Any]:
        """The sort keys, on ``listing``'s columns (vehicles, or a page chosen from them)."""
        if sort is SortOrder.PRICE_ASC:
            return [listing.list_price.asc(), listing.id.asc()]
        if sort is SortOrder.PRICE_DESC:
            return [listing.list_price.desc(), listing.id.desc()]
        if sort is SortOrder.YEAR_DESC:
            return [listing.year.desc(), listing.id.desc()]
        if sort is SortOrder.RATING_DESC:
            return [listing.rating.desc(), listing.id.desc()]
        if sort is SortOrder.DISTANCE and distance is not None:
            return [distance.asc(), listing.id.asc()]
        return [listing.created_at.desc(), listing.id.desc()]

    def _columns(self, distance: Any, listing: Any = vehicles) -> list[Any]:
        x = listing.c
        photos = _PHOTOS[self._dialect].format(listing=listing.name)
        columns: list[Any] = [
            x.id,
            x.title,
            x.category,
            x.status,
            b.name.label("brand"),
            m.name.label("model"),
            x.year,
            c.name.label("city"),
            x.transmission,
            x.fuel_type,
            x.seats,
            x.price,
            x.daily_rate,
            x.rating,
            x.review_count,
            u.id.label("seller_id"),
            u.name.label("seller_name"),
            u.business_name,
            x.created_at,
            literal_column(photos).label("photos"),
        ]
        if distance is not None:
            columns.append(distance.label("distance"))
        return columns

    # The port

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        text_match = [_contains(term) for term in query.terms]
        page = await self._search(query, now, text_match)
        if page.total_items == 0 and query.terms and self._dialect == "postgresql":
            schema = await self._trigram_schema()
            if schema is not None:
                # 0.4 rather than pg_trgm's 0.6, which misses swapped letters ("keluraga").
                # For the session, not the transaction: a search may run in autocommit, and
                # only this retry ever uses the operator.
                await self._conn.execute(
                    text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, false)"),
                    {"t": str(TYPO_THRESHOLD)},
                )
                similar = f'OPERATOR("{schema}".<%)'
                fuzzy = [literal(term).op(similar)(v.search_text) for term in query.terms]
                page = await self._search(query, now, fuzzy, fuzzy=True)
        return page

    def statements(
        self,
        query: SearchQuery,
        now: datetime,
        text_match: list[ColumnElement[bool]] | None = None,
    ) -> tuple[Select[Any], Select[Any]]:
        """The page statement and the count statement for ``query`` (the bench runs them too)."""
        if text_match is None:
            text_match = [_contains(term) for term in query.terms]
        distance = self._distance(query) if query.has_geo else None
        where = self._filters(query, now, distance, text_match)
        # The page is chosen from vehicles alone, then named: brand, model, city, seller and
        # photos are looked up for the page's rows only, never for every candidate a sort (by
        # distance, say) or an offset passes over. The joins cannot drop a row (NOT NULL
        # foreign keys), so the page is the same either way.
        keys: list[Any] = [v[name] for name in _LISTING]
        if distance is not None:
            keys.append(distance.label("distance"))
        chosen = (
            select(*keys)
            .where(*where)
            .order_by(*self._order(query.sort, distance))
            .limit(query.limit)
            .offset(query.offset)
            .subquery("page")
        )
        near = chosen.c.distance if distance is not None else None
        page = (
            select(*self._columns(near, chosen))
            .select_from(_named(chosen))
            .order_by(*self._order(query.sort, near, chosen.c))
        )
        count = select(func.count()).select_from(vehicles).where(*where)
        return page, count

    async def _search(
        self,
        query: SearchQuery,
        now: datetime,
        text_match: list[ColumnElement[bool]],
        fuzzy: bool = False,
    ) -> Page[SearchHit]:
        page, count = self.statements(query, now, text_match)
        rows = (await self._conn.execute(page)).all()
        total = total_from_page(len(rows), query.offset, query.limit)
        if total is None:
            counts = _count_caches.setdefault(self._conn.sync_engine, CountCache())
            key = (attrs.evolve(query, page=1, limit=1, sort=SortOrder.NEWEST), fuzzy)
            total = counts.get(key)
            if total is None:
                total = int(await self._conn.scalar(count) or 0)
                counts.put(key, total)
        hits = [_hit(row._mapping) for row in rows]
        return Page(hits, total, query.page, query.limit)

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        f = favorites.c
        where = [f.user_id == user_id, v.deleted_at.is_(None)]
        offset = (page - 1) * limit
        statement = (
            select(*self._columns(None))
            .select_from(_named(vehicles).join(favorites, f.vehicle_id == v.id))
            .where(*where)
            .order_by(f.created_at.desc(), v.id.desc())
            .limit(limit)
            .offset(offset)
        )
        rows = (await self._conn.execute(statement)).all()
        total = total_from_page(len(rows), offset, limit)
        if total is None:
            count = (
                select(func.count())
                .select_from(favorites.join(vehicles, f.vehicle_id == v.id))
                .where(*where)
            )
            total = int(await self._conn.scalar(count) or 0)
        return Page([_hit(row._mapping) for row in rows], total, page, limit)

    async def _trigram_schema(self) -> str | None:
        engine = self._conn.sync_engine
        if engine not in _trigram_schemas:
            _trigram_schemas[engine] = await self._conn.scalar(
                text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                    "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )
            )
        return _trigram_schemas[engine]


def _bounding_box(query: SearchQuery) -> list[ColumnElement[bool]]:
    """A box around the circle, so the geo index narrows the rows before the haversine.

    Only ever wider than the circle: it cannot change the answer, only its cost.
    """
    lat0, lng0 = float(query.latitude or 0), float(query.longitude or 0)
    dlat = float(query.radius_km or 0) / KM_PER_DEGREE * 1.01
    box = [v.geo_lat.between(lat0 - dlat, lat0 + dlat)]
    widest = math.cos(math.radians(min(90.0, abs(lat0) + dlat)))
    if widest > 0.01:
        dlng = dlat / widest
        if lng0 - dlng > -180 and lng0 + dlng < 180:  # no box across the antimeridian
            box.append(v.geo_lng.between(lng0 - dlng, lng0 + dlng))
    return box


class CountCache:
    """Large totals, kept briefly per filter set: counting 50,000 rows costs more than a page.

    Only totals of at least ``minimum`` are kept (a small result is always counted exactly), for
    ``ttl`` seconds: a total in the thousands may lag new listings by that long.
    """

    def __init__(
        self,
        ttl: float = 30.0,
        minimum: int = 1000,
        size: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl, self.minimum, self.size, self._clock = ttl, minimum, size, clock
        self._entries: OrderedDict[Hashable, tuple[float, int]] = OrderedDict()

    def get(self, key: Hashable) -> int | None:
        found = self._entries.get(key)
        if found is None or found[0] <= self._clock():
            return None
        return found[1]

    def put(self, key: Hashable, total: int) -> None:
        if total < self.minimum:
            return
        self._entries[key] = (self._clock() + self.ttl, total)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


_count_caches: weakref.WeakKeyDictionary[Engine, CountCache] = weakref.WeakKeyDictionary()


def total_from_page(rows: int, offset: int, limit: int) -> int | None:
    """The total when the page itself proves it (a short, non-empty or first page)."""
    if rows < limit and (rows > 0 or offset == 0):
        return offset + rows
    return None


def _photos(raw: str | None) -> tuple[PhotoRef, ...]:
    pairs: Sequence[Sequence[str]] = json.loads(raw) if raw else []
    return tuple(PhotoRef(url, thumbnail) for url, thumbnail in pairs)


def _hit(row: Any) -> SearchHit:
    # Attribute access on the Row: its tuple getters are far cheaper than mapping lookups.
    category = Category(row.category)
    review_count = row.review_count
    distance = getattr(row, "distance", None)
    return SearchHit(
        id=row.id,
        title=row.title,
        category=category,
        status=ListingStatus(row.status),
        brand=row.brand,
        model=row.model,
        year=row.year,
        city=row.city,
        transmission=Transmission(row.transmission),
        fuel_type=FuelType(row.fuel_type),
        seats=row.seats,
        price=row.price if category is Category.SALE else None,
        daily_rate=row.daily_rate if category is Category.RENTAL else None,
        photos=_photos(row.photos),
        rating=row.rating if review_count else None,
        review_count=review_count,
        seller=SellerSummary(row.seller_id, row.seller_name, row.business_name),
        created_at=row.created_at,
        distance_km=None if distance is None else float(distance),
    )


class SqlSearchReader:
    """``VehicleSearch`` straight on the engine, for reads outside any unit of work.

    On PostgreSQL the connection runs in autocommit: a search then costs its one or two
    statements and no BEGIN / ROLLBACK round trips. (On SQLite it reads in an ordinary
    transaction, as the unit of work does.)
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._autocommit = engine.dialect.name == "postgresql"

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        async with self.engine.connect() as connection:
            if self._autocommit:
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            return await SqlVehicleSearch(connection).search(query, now=now)

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        async with self.engine.connect() as connection:
            if self._autocommit:
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            return await SqlVehicleSearch(connection).favorites(user_id, page=page, limit=limit)


__all__ = [
    "TYPO_THRESHOLD",
    "CountCache",
    "SqlSearchReader",
    "SqlVehicleSearch",
    "total_from_page",
]
