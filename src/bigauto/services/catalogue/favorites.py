"""Favorites: a user marks listings to come back to. Adding or removing twice changes nothing."""

from __future__ import annotations

from bigauto.domain.catalogue.search import MAX_LIMIT, Page
from bigauto.domain.shared.errors import NotFound
from bigauto.ports.catalogue.repositories import SearchHit
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.shared.paging import check_page


async def add_favorite(ctx: Catalogue, *, user_id: str, vehicle_id: str) -> bool:
    """Mark a public listing as a favorite; answer whether it is newly marked."""
    async with ctx.uow_factory() as uow:
        if await uow.favorites.contains(user_id, vehicle_id):
            return False
        vehicle = await uow.vehicles.get(vehicle_id)
        if vehicle is None or not (vehicle.is_public or vehicle.owned_by(user_id)):
            raise NotFound(f"no vehicle {vehicle_id}", details={"vehicle_id": vehicle_id})
        added = await uow.favorites.add(user_id, vehicle_id, ctx.clock.now())
        await uow.commit()
    return added


async def remove_favorite(ctx: Catalogue, *, user_id: str, vehicle_id: str) -> bool:
    """Unmark a favorite; answer whether it was one."""
    async with ctx.uow_factory() as uow:
        removed = await uow.favorites.remove(user_id, vehicle_id)
        await uow.commit()
    return removed


async def list_favorites(
    ctx: Catalogue, *, user_id: str, page: int = 1, limit: int = 20
) -> Page[SearchHit]:
    """A user's favorites that still exist, the most recently marked first."""
    check_page(page, limit, most=MAX_LIMIT)
    async with ctx.uow_factory() as uow:
        return await uow.search.favorites(user_id, page=page, limit=limit)


__all__ = ["add_favorite", "list_favorites", "remove_favorite"]
