"""Pages at the HTTP edge: the ``page`` and ``limit`` check, and the one JSON shape of a page.

Every paginated answer is ``{"data": [...], "pagination": {"current_page", "total_pages",
"total_items", "items_per_page"}}`` (API.md), whichever service paged the list: the domain's
:class:`Page` (catalogue, bookings) or a service's :class:`Counted` page (money,
notifications), or a bare count (chat).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from bigauto.domain.catalogue.search import MAX_LIMIT, Page
from bigauto.domain.shared.errors import ValidationFailed
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


def paging(page: int, limit: int) -> tuple[int, int]:
    """``page`` and ``limit`` checked as API.md says (limit at most 100)."""
    if page < 1 or not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(
            f"page starts at 1 and limit is 1 to {MAX_LIMIT}",
            details={"page": page, "limit": limit},
        )
    return page, limit


def pagination_json(data: list[Any], *, page: int, limit: int, total: int) -> dict[str, Any]:
    """``data`` as page ``page`` of ``total`` items, ``limit`` a page (no pages when empty)."""
    return {
        "data": data,
        "pagination": {
            "current_page": page,
            "total_pages": -(-total // limit),
            "total_items": total,
            "items_per_page": limit,
        },
    }


def page_json(page: Page[T], render: Render[T]) -> dict[str, Any]:
    """A domain page, each item through ``render``."""
    data = [render(item) for item in page.items]
    return pagination_json(
        data, page=page.current_page, limit=page.items_per_page, total=page.total_items
    )


def counted_json(page: Counted[T], render: Render[T]) -> dict[str, Any]:
    """A service's counted page, each item through ``render``."""
    data = [render(item) for item in page.items]
    return pagination_json(data, page=page.page, limit=page.limit, total=page.total)


__all__ = [
    "Counted",
    "Paged",
    "Pagination",
    "counted_json",
    "counted_of",
    "page_json",
    "paged",
    "paged_of",
    "pagination_json",
    "paging",
]
