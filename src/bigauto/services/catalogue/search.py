"""The catalogue search buyers use most: a validated query answered by the search read model."""

from __future__ import annotations

from bigauto.domain.catalogue.search import Page, SearchQuery
from bigauto.ports.catalogue.repositories import SearchHit, VehicleSearch
from bigauto.ports.shared.system import Clock


async def search_vehicles(
    search: VehicleSearch, clock: Clock, query: SearchQuery
) -> Page[SearchHit]:
    """Public listings matching ``query``, one page of them, with the totals.

    ``search`` is any VehicleSearch: a unit of work's ``uow.search``, or a reader of its own
    (the service uses one that skips the transaction on PostgreSQL).
    """
    return await search.search(query, now=clock.now())


__all__ = ["search_vehicles"]
