"""Favorites: ``PUT / DELETE /api/vehicles/{id}/favorite`` (204, idempotent) and
``GET /api/users/me/favorites`` (paginated; search hits plus ``title`` and ``status``)."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.datastructures import State

from bigauto.domain.catalogue.search import DEFAULT_LIMIT
from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.catalogue.views import FavoriteVehicle, favorite_view
from bigauto.entrypoints.http.contract import PageNumber, PageSize, PathId
from bigauto.entrypoints.http.paging import Paged, paged_of
from bigauto.services.catalogue.favorites import add_favorite, list_favorites, remove_favorite


class FavoriteController(Controller):
    """The signed-in user's favorite listings."""

    tags = ["catalogue"]
    dependencies = {"principal": USER}

    @put(
        "/api/vehicles/{vehicle_id:str}/favorite",
        operation_id="addFavorite",
        summary="Mark a listing as a favorite (idempotent)",
        status_code=204,
    )
    async def add(self, state: State, vehicle_id: PathId, principal: Caller) -> None:
        await add_favorite(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )

    @delete(
        "/api/vehicles/{vehicle_id:str}/favorite",
        operation_id="removeFavorite",
        summary="Unmark a favorite (idempotent)",
    )
    async def remove(self, state: State, vehicle_id: PathId, principal: Caller) -> None:
        await remove_favorite(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )

    @get(
        "/api/users/me/favorites",
        operation_id="listFavorites",
        summary="My favorites, most recently marked first",
    )
    async def mine(
        self,
        state: State,
        principal: Caller,
        page: PageNumber = 1,
        limit: PageSize = DEFAULT_LIMIT,
    ) -> Paged[FavoriteVehicle]:
        found = await list_favorites(
            state.container.catalogue(), user_id=principal.user_id, page=page, limit=limit
        )
        return paged_of(found, favorite_view)


__all__ = ["FavoriteController"]
