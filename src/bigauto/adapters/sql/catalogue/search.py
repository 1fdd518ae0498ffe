"""Catalogue search in SQL: one statement for the page, one for the count (often skipped).

The statements come from :mod:`.search_sql`, built once per query shape.
The page statement folds each listing's photos into a JSON array, so a page of any size costs
one round trip. The count runs only when the page cannot tell it: a short first page *is* the
total; large totals are kept briefly (:class:`CountCache`).

Typo tolerance is PostgreSQL's alone: when no public listing contains every word, the words
are matched again by trigram word similarity (``pg_trgm``'s ``<%`` operator, through the GIN
index), so "Avanzza" still finds Avanza.

:class:`SqlVehicleSearch` runs inside a unit of work's connection; the service's own reader,
:class:`~.search_reader.SqlSearchReader`, runs the same SQL outside one.
"""

from __future__ import annotations

import json
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.catalogue.search_sql import (
    columns,
    named,
    search_sql,
    search_values,
    shape_of,
)
from bigauto.adapters.sql.catalogue.tables import favorites, vehicles
from bigauto.domain.catalogue.search import Page, SearchQuery, SortOrder
from bigauto.domain.catalogue.vehicles import Category, FuelType, ListingStatus, Transmission
from bigauto.ports.catalogue.repositories import PhotoRef, SearchHit, SellerSummary

v = vehicles.c

#: Word similarity (0..1) a misspelt word needs to match, on PostgreSQL's retry.
TYPO_THRESHOLD = 0.4

#: Sets the retry's similarity for the session: a search may run in autocommit, and only the
#: retry ever uses the operator. (0.4 rather than pg_trgm's 0.6, which misses swapped letters.)
SET_TYPO_THRESHOLD = (
    f"SELECT set_config('pg_trgm.word_similarity_threshold', '{TYPO_THRESHOLD}', false)"
)
TRIGRAM_SCHEMA = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
    "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
)

# Where pg_trgm lives, per engine (None: not installed, no typo tolerance).
_trigram_schemas: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def trigram_operator(schema: str) -> str:
    """The word-similarity operator, qualified by the schema pg_trgm was installed in."""
    return f'OPERATOR("{schema}".<%)'


class SqlVehicleSearch:
    """``VehicleSearch`` on SQLite or PostgreSQL, inside a unit of work's connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection
        self._dialect = connection.dialect.name

    async def search(self, query: SearchQuery, *, now: datetime) -> Page[SearchHit]:
        page = await self._search(query, now)
        if page.total_items == 0 and query.terms and self._dialect == "postgresql":
            schema = await self._trigram_schema()
            if schema is not None:
                await self._conn.execute(text(SET_TYPO_THRESHOLD))
                page = await self._search(query, now, trigram_operator(schema))
        return page

    async def _search(
        self, query: SearchQuery, now: datetime, similar: str | None = None
    ) -> Page[SearchHit]:
        values = search_values(query, now, fuzzy=similar is not None)
        sql = search_sql(shape_of(values, query.sort, self._dialect, similar))
        rows = (await self._conn.execute(sql.page, values)).all()

        async def count() -> int:
            return int(await self._conn.scalar(sql.count, values) or 0)

        total = await total_of(self._conn.sync_engine, query, similar, len(rows), count)
        return Page([hit(row) for row in rows], total, query.page, query.limit)

    async def favorites(self, user_id: str, *, page: int, limit: int) -> Page[SearchHit]:
        f = favorites.c
        where = [f.user_id == user_id, v.deleted_at.is_(None)]
        offset = (page - 1) * limit
        statement = (
            select(*columns(self._dialect, None))
            .select_from(named(vehicles).join(favorites, f.vehicle_id == v.id))
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
        return Page([hit(row) for row in rows], total, page, limit)

    async def _trigram_schema(self) -> str | None:
        engine = self._conn.sync_engine
        if engine not in _trigram_schemas:
            _trigram_schemas[engine] = await self._conn.scalar(text(TRIGRAM_SCHEMA))
        return _trigram_schemas[engine]


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


def count_key(query: SearchQuery, fuzzy: bool) -> Hashable:
    """What a total depends on: the filters, not the sort or the page."""
    return (attrs.evolve(query, page=1, limit=1, sort=SortOrder.NEWEST), fuzzy)


async def total_of(
    engine: Engine,
    query: SearchQuery,
    similar: str | None,
    rows: int,
    count: Callable[[], Any],
) -> int:
    """The total for a page of ``rows``: from the page, the engine's cache, or ``count()``."""
    total = total_from_page(rows, query.offset, query.limit)
    if total is not None:
        return total
    counts = _count_caches.setdefault(engine, CountCache())
    key = count_key(query, similar is not None)
    total = counts.get(key)
    if total is None:
        total = int(await count())
        counts.put(key, total)
    return total


def total_from_page(rows: int, offset: int, limit: int) -> int | None:
    """The total when the page itself proves it (a short, non-empty or first page)."""
    if rows < limit and (rows > 0 or offset == 0):
        return offset + rows
    return None


def _photos(raw: str | None) -> tuple[PhotoRef, ...]:
    pairs: Sequence[Sequence[str]] = json.loads(raw) if raw else []
    return tuple(PhotoRef(url, thumbnail) for url, thumbnail in pairs)


def hit(row: Sequence[Any]) -> SearchHit:
    """A search hit from a row in ``search_sql.COLUMNS`` order (a SQLAlchemy Row or a Record).

    Read by position: the cheapest access both row types have.
    """
    category = Category(row[2])
    review_count = row[14]
    distance = row[20] if len(row) > 20 else None
    return SearchHit(
        id=row[0],
        title=row[1],
        category=category,
        status=ListingStatus(row[3]),
        brand=row[4],
        model=row[5],
        year=row[6],
        city=row[7],
        transmission=Transmission(row[8]),
        fuel_type=FuelType(row[9]),
        seats=row[10],
        price=row[11] if category is Category.SALE else None,
        daily_rate=row[12] if category is Category.RENTAL else None,
        photos=_photos(row[19]),
        rating=row[13] if review_count else None,
        review_count=review_count,
        seller=SellerSummary(row[15], row[16], row[17]),
        created_at=row[18],
        distance_km=None if distance is None else float(distance),
    )


__all__ = [
    "SET_TYPO_THRESHOLD",
    "TRIGRAM_SCHEMA",
    "TYPO_THRESHOLD",
    "CountCache",
    "SqlVehicleSearch",
    "count_key",
    "hit",
    "total_from_page",
    "total_of",
    "trigram_operator",
]
