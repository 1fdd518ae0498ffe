"""Lists of in-memory rows in the order the SQL indexes are read, cut the way LIMIT and OFFSET
cut them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from bigauto.domain.catalogue.search import Page

T = TypeVar("T")


def newest_first(rows: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    """``rows`` by ``key``, greatest first (give the id last in the key, as SQL orders ties)."""
    return sorted(rows, key=key, reverse=True)


def window(rows: Sequence[T], offset: int, limit: int) -> list[T]:
    """At most ``limit`` rows from ``offset`` on, as LIMIT and OFFSET take them."""
    return list(rows[offset : offset + limit])


def page_of(rows: Sequence[T], page: int, limit: int) -> Page[T]:
    """Page ``page`` (from 1) of ``rows``, ``limit`` a page, with the total."""
    return Page(window(rows, (page - 1) * limit, limit), len(rows), page, limit)


__all__ = ["newest_first", "page_of", "window"]
