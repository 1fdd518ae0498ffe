"""The catalogue search buyers use most: a validated query answered by the search read model."""

from __future__ import annotations

from bigauto.domain.catalogue.search import MAX_LIMIT, Page, SearchQuery
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.ports.catalogue.repositories import SearchHit, VehicleSearch
from bigauto.ports.shared.system import Clock


def check_page(page: int, limit: int) -> None:
    """Refuse a page below 1 or a limit outside 1..MAX_LIMIT (422, naming the field)."""
    if page < 1:
        raise ValidationFailed("page starts at 1", details={"field": "page"})
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(
            f"limit must be between 1 and {MAX_LIMIT}, not {limit}", details={"field": "limit"}
        )


async def search_vehicles(
    search: VehicleSearch, clock: Clock, query: SearchQuery
) -> Page[SearchHit]:
    """Public listings matching ``query``, one page of them, with the totals.

    ``search`` is any VehicleSearch: a unit of work's ``uow.search``, or a reader of its own
    (the service uses one that skips the transaction on PostgreSQL).
    """
    return await search.search(query, now=clock.now())


__all__ = ["check_page", "search_vehicles"]
