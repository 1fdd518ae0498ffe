"""Pages at the HTTP edge: the one shape of a page, :class:`Paged`.

Every paginated answer is ``{"data": [...], "pagination": {"current_page", "total_pages",
"total_items", "items_per_page"}}`` (docs/api.md), whichever service paged the list: the
domain's :class:`Page` (catalogue, bookings), a service's :class:`Counted` page (money,
notifications), or a bare count (chat). ``page`` and ``limit`` are bounded where they are
read (``contract.PageNumber`` and ``contract.PageSize``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from bigauto.domain.catalogue.search import Page
from bigauto.entrypoints.http.contract import View

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Item = TypeVar("Item")
Render = Callable[[T], dict[str, Any]]


class Pagination(View):
    """Where a page is in its list."""

    current_page: int
    total_pages: int
    total_items: int
    items_per_page: int


class Paged(View, Generic[Item]):
    """One page of a list, in the order the route says (``{"data", "pagination"}``)."""

    data: list[Item]
    pagination: Pagination


def paged(items: list[Item], *, page: int, limit: int, total: int) -> Paged[Item]:
    """``items`` as page ``page`` of ``total`` items, ``limit`` a page (no pages when empty)."""
    pages = Pagination(
        current_page=page, total_pages=-(-total // limit), total_items=total, items_per_page=limit
    )
    return Paged(data=items, pagination=pages)


def paged_of(found: Page[T], view: Callable[[T], Item]) -> Paged[Item]:
    """A domain page, each item through ``view``."""
    items = [view(item) for item in found.items]
    return paged(
        items, page=found.current_page, limit=found.items_per_page, total=found.total_items
    )


def counted_of(found: Counted[T], view: Callable[[T], Item]) -> Paged[Item]:
    """A service's counted page, each item through ``view``."""
    return paged(
        [view(item) for item in found.items], page=found.page, limit=found.limit, total=found.total
    )


class Counted(Protocol[T_co]):
    """A page as the money and notification services count it."""

    @property
    def items(self) -> Sequence[T_co]: ...

    @property
    def total(self) -> int: ...

    @property
    def page(self) -> int: ...

    @property
    def limit(self) -> int: ...


__all__ = [
    "Counted",
    "Paged",
    "Pagination",
    "counted_of",
    "paged",
    "paged_of",
]
