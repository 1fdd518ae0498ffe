"""The catalogue search buyers use most: a validated query answered by the search read model.

A search for availability asks about days within the calendar's horizon. A search that finds
nothing checks its ``brand``, ``model`` and ``city`` filters: a name where an id belongs finds
nothing, and is then refused saying so (a search that finds something pays nothing for this).
"""

from __future__ import annotations

from bigauto.domain.catalogue.horizon import check_in_horizon
from bigauto.domain.catalogue.search import Page, SearchQuery
from bigauto.ports.catalogue.repositories import SearchHit, VehicleSearch
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.catalogue.master_data import check_filter_ids


async def search_vehicles(
    ctx: Catalogue, search: VehicleSearch, query: SearchQuery
) -> Page[SearchHit]:
    """Public listings matching ``query``, one page of them, with the totals.

    ``search`` is any VehicleSearch: a unit of work's ``uow.search``, or a reader of its own
    (the service uses one that skips the transaction on PostgreSQL).
    """
    now = ctx.clock.now()
    check_in_horizon(query.available_from, today=now.date(), field="available_from")
    check_in_horizon(query.available_to, today=now.date(), field="available_to")
    found = await search.search(query, now=now)
    if not found.total_items:
        await check_filter_ids(
            ctx, brand_id=query.brand_id, model_id=query.model_id, city_id=query.city_id
        )
    return found


__all__ = ["search_vehicles"]
