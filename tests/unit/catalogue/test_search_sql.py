"""Unit: the search's SQL is built per shape, and every value of a query is a bound parameter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from bigauto.adapters.sql.catalogue.search_sql import (
    StatementCache,
    search_sql,
    search_values,
    shape_of,
)
from bigauto.domain.catalogue.search import SearchQuery, SortOrder
from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
DIALECTS = {"postgresql": postgresql.dialect(), "sqlite": sqlite.dialect()}
# Ids and words no SQL keyword or column name contains, so finding one in the SQL means a
# value was written into it.
MARKED = st.from_regex(r"zq[a-z0-9]{6}", fullmatch=True)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def queries(draw: st.DrawFn) -> SearchQuery:
    geo = draw(st.booleans())
    start = date(2026, 4, 1) + timedelta(days=draw(st.integers(0, 30)))
    days = draw(maybe(st.integers(1, 20)))
    sorts = list(SortOrder) if geo else [s for s in SortOrder if s is not SortOrder.DISTANCE]
    low = draw(maybe(st.integers(0, 10**9)))
    return SearchQuery(
        text=draw(maybe(st.lists(MARKED, min_size=1, max_size=3).map(" ".join))),
        category=draw(maybe(st.sampled_from(Category))),
        brand_id=draw(maybe(MARKED)),
        model_id=draw(maybe(MARKED)),
        city_id=draw(maybe(MARKED)),
        min_year=draw(maybe(st.integers(1990, 2000))),
        max_year=draw(maybe(st.integers(2001, 2030))),
        min_price=low,
        max_price=draw(maybe(st.integers(low or 0, 2 * 10**9))),
        transmission=draw(maybe(st.sampled_from(Transmission))),
        fuel_type=draw(maybe(st.sampled_from(FuelType))),
        seats=draw(maybe(st.integers(1, 9))),
        latitude=Decimal(draw(st.integers(-89, 89))) if geo else None,
        longitude=Decimal(draw(st.integers(-179, 179))) if geo else None,
        radius_km=draw(maybe(st.integers(1, 1000).map(Decimal))) if geo else None,
        available_from=start if days else None,
        available_to=start + timedelta(days=days) if days else None,
        sort=draw(st.sampled_from(sorts)),
        page=draw(st.integers(1, 50)),
        limit=draw(st.integers(1, 100)),
    )


def named_parameters(statement: Any, dialect: Any) -> set[str]:
    """The statement's parameters that carry a name (constants are anonymous and unique)."""
    compiled = statement.compile(dialect=dialect)
    return {name for name, bind in compiled.binds.items() if not bind.unique}


@given(query=queries(), fuzzy=st.booleans(), dialect=st.sampled_from(sorted(DIALECTS)))
def test_every_value_of_a_query_is_a_named_parameter_of_its_sql(
    query: SearchQuery, fuzzy: bool, dialect: str
) -> None:
    """The statements bind exactly the query's values by name, and hold none of them as text."""
    similar = 'OPERATOR("public".<%)' if fuzzy and dialect == "postgresql" else None
    values = search_values(query, NOW, fuzzy=similar is not None)
    sql = search_sql(shape_of(values, query.sort, dialect, similar))
    page = named_parameters(sql.page, DIALECTS[dialect])
    count = named_parameters(sql.count, DIALECTS[dialect])

    assert page == set(values)
    # The count needs no page, nor the distance unless a radius filters by it.
    assert count <= set(values)
    assert set(values) - count <= {"limit", "offset", "lat0", "lng0", "cos_lat0"}
    assert ("radius_km" in values) is ("lat0" in count)
    text = str(sql.page.compile(dialect=DIALECTS[dialect]))
    marked = [v.strip("%") for v in values.values() if isinstance(v, str) and "zq" in v]
    assert not [value for value in marked if value in text]


@given(first=queries(), second=queries())
def test_queries_with_the_same_filters_and_sort_share_one_statement(
    first: SearchQuery, second: SearchQuery
) -> None:
    """Two queries differing only in values get the very same (cached) statements."""
    one, two = search_values(first, NOW), search_values(second, NOW)
    same = set(one) == set(two) and first.sort is second.sort
    shapes = (
        shape_of(one, first.sort, "postgresql", None),
        shape_of(two, second.sort, "postgresql", None),
    )

    assert (shapes[0] == shapes[1]) is same
    assert (search_sql(shapes[0]) is search_sql(shapes[1])) is same


def test_the_statement_cache_forgets_the_least_recently_used_shape() -> None:
    """A full cache drops the shape used longest ago, and keeps the one just used."""
    cache = StatementCache(size=2)
    shapes = [
        shape_of(search_values(SearchQuery(sort=sort), NOW), sort, "sqlite", None)
        for sort in (SortOrder.NEWEST, SortOrder.PRICE_ASC, SortOrder.YEAR_DESC)
    ]
    newest = cache.get(shapes[0])
    cache.get(shapes[1])
    assert cache.get(shapes[0]) is newest
    cache.get(shapes[2])

    assert cache.get(shapes[0]) is newest
    assert len(cache._entries) == 2 and shapes[1] not in cache._entries
