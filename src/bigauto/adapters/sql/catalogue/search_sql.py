"""The search's SQL, built once per query shape and run again with each query's values.

A search's SQL depends only on its *shape*: which filters it has, its sort, the dialect (and,
on the typo-tolerant retry, where ``pg_trgm`` lives). Every value — ids, bounds, words,
coordinates, dates, limit and offset — is a named bind parameter. So :func:`search_values`
turns a query into ``{name: value}``, the names (with the sort) make the :class:`Shape`, and
:func:`search_sql` builds and compiles the statements for a shape once; the builder never sees
a query, so no value can be baked into the cached SQL by mistake.

The page statement chooses the page from ``vehicles`` alone (filters, ORDER BY, LIMIT,
OFFSET), then joins brand, model, city and seller and folds the photos into a JSON array for
those rows only: a sort by distance or price never names the candidates it drops. The joins
follow NOT NULL foreign keys, so they cannot drop a row.

Dialects differ in three places: the photo aggregate (``json_agg`` vs ``json_group_array``),
``LEAST`` vs ``min`` in the haversine, and the trigram operator (PostgreSQL only).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import (
    Float,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from bigauto.adapters.sql.catalogue.tables import (
    brands,
    car_models,
    cities,
    vehicle_calendar,
    vehicles,
)
from bigauto.adapters.sql.identity.tables import users
from bigauto.domain.catalogue.search import EARTH_RADIUS_KM, SearchQuery, SortOrder
from bigauto.domain.catalogue.vehicles import Category, ListingStatus

v, b, m, c, u, k = vehicles.c, brands.c, car_models.c, cities.c, users.c, vehicle_calendar.c

#: Kilometres per degree of latitude on the sphere of EARTH_RADIUS_KM.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

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


# A literal, not a parameter: the planner then knows the partial search indexes apply.
_public = and_(
    v.status == literal_column(f"'{ListingStatus.ACTIVE.value}'"), v.deleted_at.is_(None)
)

# Equality filters: value name, column, the query attribute it comes from.
_EQUAL = (
    ("category", v.category, "category"),
    ("brand_id", v.brand_id, "brand_id"),
    ("model_id", v.model_id, "model_id"),
    ("city_id", v.city_id, "city_id"),
    ("transmission", v.transmission, "transmission"),
    ("fuel_type", v.fuel_type, "fuel_type"),
)
# Inclusive bounds: low name, high name, column, the query attributes they come from.
_BOUNDS = (
    ("min_year", "max_year", v.year),
    ("min_price", "max_price", v.list_price),
)


@attrs.frozen
class Shape:
    """What a search's SQL depends on: dialect, sort, the names of its values, trigram operator."""

    dialect: str
    sort: SortOrder
    names: frozenset[str]
    similar: str | None = None


@attrs.frozen
class Compiled:
    """A statement compiled for a driver that takes ``$n`` / ``?`` parameters in order."""

    sql: str
    #: Per position: the value's name, and the constant to use when it is not a value's.
    slots: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, statement: Select[Any], dialect: Dialect, values: dict[str, Any]) -> Compiled:
        compiled = statement.compile(dialect=dialect)
        params = compiled.construct_params(values)
        names = compiled.positiontup or ()
        return cls(compiled.string, tuple((name, params[name]) for name in names))

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [values.get(name, constant) for name, constant in self.slots]


@attrs.frozen
class SearchSql:
    """A shape's page and count statements, and their compiled forms once a driver needs them."""

    page: Select[Any]
    count: Select[Any]
    _compiled: dict[str, tuple[Compiled, Compiled]] = attrs.field(factory=dict, eq=False)

    def compiled(self, dialect: Dialect, values: dict[str, Any]) -> tuple[Compiled, Compiled]:
        """Page and count compiled for ``dialect`` (``values``: any query of this shape)."""
        found = self._compiled.get(dialect.name)
        if found is None:
            page, count = (
                Compiled.of(self.page, dialect, values),
                Compiled.of(self.count, dialect, values),
            )
            found = (page, count)
            self._compiled[dialect.name] = found
        return found


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_values(query: SearchQuery, now: datetime, *, fuzzy: bool = False) -> dict[str, Any]:
    """Every value ``query`` binds, by name; which names appear decides the SQL's shape."""
    values: dict[str, Any] = {}
    for i, term in enumerate(query.terms):
        values[f"term_{i}"] = term if fuzzy else f"%{_escape_like(term)}%"
    for name, _, attribute in _EQUAL:
        value = getattr(query, attribute)
        if value is not None:
            values[name] = str(value)
    for low, high, _ in _BOUNDS:
        for name in (low, high):
            value = getattr(query, name)
            if value is not None:
                values[name] = value
    if query.seats is not None:
        values["seats"] = query.seats
    if query.has_geo:
        lat0, lng0 = float(query.latitude or 0), float(query.longitude or 0)
        values.update(lat0=lat0, lng0=lng0, cos_lat0=math.cos(math.radians(lat0)))
        if query.radius_km is not None:
            values["radius_km"] = float(query.radius_km)
            values.update(_bounding_box(lat0, lng0, float(query.radius_km)))
    if query.available_from is not None and query.available_to is not None:
        values.update(available_from=query.available_from, available_to=query.available_to)
        values["now"] = now
    values.update(limit=query.limit, offset=query.offset)
    return values


def _bounding_box(lat0: float, lng0: float, radius_km: float) -> dict[str, float]:
    """A box around the circle, so the geo index narrows the rows before the haversine.

    Only ever wider than the circle: it cannot change the answer, only its cost.
    """
    dlat = radius_km / KM_PER_DEGREE * 1.01
    box = {"lat_low": lat0 - dlat, "lat_high": lat0 + dlat}
    widest = math.cos(math.radians(min(90.0, abs(lat0) + dlat)))
    if widest > 0.01:
        dlng = dlat / widest
        if lng0 - dlng > -180 and lng0 + dlng < 180:  # no box across the antimeridian
            box.update(lng_low=lng0 - dlng, lng_high=lng0 + dlng)
    return box


def shape_of(values: dict[str, Any], sort: SortOrder, dialect: str, similar: str | None) -> Shape:
    return Shape(dialect, sort, frozenset(values), similar)


class _Builder:
    """Builds one shape's statements; it sees names only, never a query's values."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.names = shape.names

    def bind(self, name: str, type_: Any) -> BindParameter[Any]:
        return bindparam(name, type_=type_)

    def distance(self) -> ColumnElement[float] | None:
        if "lat0" not in self.names:
            return None
        lat0, lng0 = self.bind("lat0", Float()), self.bind("lng0", Float())
        half_dlat = func.sin(func.radians(v.geo_lat - lat0) / 2)
        half_dlng = func.sin(func.radians(v.geo_lng - lng0) / 2)
        h = half_dlat * half_dlat + self.bind("cos_lat0", Float()) * func.cos(
            func.radians(v.geo_lat)
        ) * (half_dlng * half_dlng)
        smaller = func.least if self.shape.dialect == "postgresql" else func.min
        return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(smaller(literal(1.0, Float), h)))

    def text(self) -> list[ColumnElement[bool]]:
        terms = sorted(
            (name for name in self.names if name.startswith("term_")),
            key=lambda name: int(name.removeprefix("term_")),
        )
        if self.shape.similar is not None:
            return [self.bind(t, Text()).op(self.shape.similar)(v.search_text) for t in terms]
        return [v.search_text.like(self.bind(t, Text()), escape="\\") for t in terms]

    def filters(self, distance: ColumnElement[float] | None) -> list[ColumnElement[bool]]:
        names, bind = self.names, self.bind
        where: list[ColumnElement[bool]] = [_public, *self.text()]
        where += [column == bind(name, column.type) for name, column, _ in _EQUAL if name in names]
        for low, high, column in _BOUNDS:
            if low in names:
                where.append(column >= bind(low, column.type))
            if high in names:
                where.append(column <= bind(high, column.type))
        if "seats" in names:
            where.append(v.seats >= bind("seats", v.seats.type))
        if distance is not None and "radius_km" in names:
            where.append(v.geo_lat.between(bind("lat_low", Float()), bind("lat_high", Float())))
            if "lng_low" in names:
                where.append(v.geo_lng.between(bind("lng_low", Float()), bind("lng_high", Float())))
            where.append(distance <= bind("radius_km", Float()))
        if "available_from" in names:
            taken = exists().where(
                k.vehicle_id == v.id,
                k.active,
                k.start_date < bind("available_to", k.start_date.type),
                k.end_date > bind("available_from", k.end_date.type),
                or_(k.expires_at.is_(None), k.expires_at > bind("now", k.expires_at.type)),
            )
            where += [v.category == literal_column(f"'{Category.RENTAL.value}'"), ~taken]
        return where

    def build(self) -> SearchSql:
        # The page is chosen from vehicles alone; names and photos are joined on afterwards.
        distance = self.distance()
        where = self.filters(distance)
        keys: list[Any] = [v[name] for name in _LISTING]
        if distance is not None:
            keys.append(distance.label("distance"))
        chosen = (
            select(*keys)
            .where(*where)
            .order_by(*order(self.shape.sort, distance, v))
            .limit(self.bind("limit", Integer()))
            .offset(self.bind("offset", Integer()))
            .subquery("page")
        )
        near = chosen.c.distance if distance is not None else None
        page = (
            select(*columns(self.shape.dialect, near, chosen))
            .select_from(named(chosen))
            .order_by(*order(self.shape.sort, near, chosen.c))
        )
        count = select(func.count()).select_from(vehicles).where(*where)
        return SearchSql(page, count)


def order(sort: SortOrder, distance: Any, listing: Any) -> list[Any]:
    """The sort keys on ``listing``'s columns (vehicles, or a page chosen from them).

    Ties go by id in the sort's direction, so pages never overlap or skip.
    """
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


def named(listing: Any) -> Any:
    """``listing`` (vehicles, or a page of them) joined to its brand, model, city and seller."""
    return (
        listing.join(brands, b.id == listing.c.brand_id)
        .join(car_models, m.id == listing.c.model_id)
        .join(cities, c.id == listing.c.city_id)
        .join(users, u.id == listing.c.seller_id)
    )


#: Positions of the columns :func:`columns` answers (rows are read by position: cheapest).
#: Each is the listing's own column of that name, or one of :data:`_JOINED`.
COLUMNS = (
    "id",
    "title",
    "category",
    "status",
    "brand",
    "model",
    "year",
    "city",
    "transmission",
    "fuel_type",
    "seats",
    "price",
    "daily_rate",
    "rating",
    "review_count",
    "seller_id",
    "seller_name",
    "business_name",
    "created_at",
    "photos",
    "distance",
)

#: The hit's columns that come from the brand, model, city and seller joined on.
_JOINED = {
    "brand": b.name,
    "model": m.name,
    "city": c.name,
    "seller_id": u.id,
    "seller_name": u.name,
    "business_name": u.business_name,
}

#: What a page needs of the listing itself: the hit's own columns, and the keys it is sorted
#: by and joined on.
_LISTING = (
    *(name for name in COLUMNS if name in vehicles.c and name not in _JOINED),
    "list_price",
    "brand_id",
    "model_id",
    "city_id",
    "seller_id",
)


def _joined(name: str) -> Any:
    column = _JOINED[name]
    return column if column.name == name else column.label(name)


def columns(dialect: str, distance: Any, listing: Any = vehicles) -> list[Any]:
    """A search hit's columns, in :data:`COLUMNS` order (``distance`` only when given)."""
    x = listing.c
    photos = _PHOTOS[dialect].format(listing=listing.name)
    answer: list[Any] = [_joined(name) if name in _JOINED else x[name] for name in COLUMNS[:-2]]
    answer.append(literal_column(photos).label("photos"))
    if distance is not None:
        answer.append(distance.label("distance"))
    return answer


class StatementCache:
    """Built statements per shape, least recently used first out (shapes are few in practice)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._entries: OrderedDict[Shape, SearchSql] = OrderedDict()

    def get(self, shape: Shape) -> SearchSql:
        found = self._entries.get(shape)
        if found is None:
            found = self._entries[shape] = _Builder(shape).build()
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(shape)
        return found


#: One per process: statements hold no connection or engine, only SQL.
STATEMENTS = StatementCache()


def search_sql(shape: Shape) -> SearchSql:
    """The page and count statements of ``shape`` (built on first use, then cached)."""
    return STATEMENTS.get(shape)


__all__ = [
    "COLUMNS",
    "KM_PER_DEGREE",
    "Compiled",
    "SearchSql",
    "Shape",
    "StatementCache",
    "columns",
    "named",
    "order",
    "search_sql",
    "search_values",
    "shape_of",
]
