"""Listings: ``POST /api/vehicles``, ``GET / PATCH / DELETE /api/vehicles/{id}``.

Bodies are the OpenAPI document's: a rental gives ``rates {daily, weekly?, monthly?}``, a sale a
``price``;
``options`` (``[{code, description, price, charge: per_day|flat}]``) and ``rules``
(``[{code, description, weekdays?, dates?, percent? | per_day?}]``) make the rental's rate plan.
PATCH takes any subset of the same fields except ``category``; a field sent as null is left as
it is. Only the owner may edit (403), a deleted listing is gone (404).
"""

from __future__ import annotations

from litestar import delete, get, patch, post
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.entrypoints.http.auth import OPTIONAL_USER, SELLER, Caller, OptionalCaller, viewer_id
from bigauto.entrypoints.http.catalogue.listing_bodies import CreateVehicleBody, PatchVehicleBody
from bigauto.entrypoints.http.catalogue.master_data import SearchController
from bigauto.entrypoints.http.catalogue.views import VehicleListing, listing_view
from bigauto.entrypoints.http.contract import PathId
from bigauto.services.bookings.sale_orders import set_sale_floor
from bigauto.services.catalogue.listings import (
    create_listing,
    delete_listing,
    get_listing,
    update_listing,
)


class ListingController(SearchController):
    """A seller's listings, the public page of one, and search (``/api/vehicles`` is shared:
    Litestar wants one controller per path)."""

    tags = ["catalogue"]

    @post(
        "/api/vehicles",
        operation_id="createVehicle",
        summary="List a vehicle for rent or for sale",
        dependencies={"principal": SELLER},
    )
    async def create(
        self, data: JSONBody[CreateVehicleBody], state: State, principal: Caller
    ) -> VehicleListing:
        draft = data.to_draft()
        vehicle = await create_listing(
            state.container.catalogue(), seller_id=principal.user_id, draft=draft
        )
        return await _shown(state, vehicle.id, principal.user_id)

    @get(
        "/api/vehicles/{vehicle_id:str}",
        operation_id="getVehicle",
        summary="One listing (drafts and paused ones only to their owner)",
        dependencies={"principal": OPTIONAL_USER},
    )
    async def show(
        self, state: State, vehicle_id: PathId, principal: OptionalCaller
    ) -> VehicleListing:
        return await _shown(state, vehicle_id, viewer_id(principal))

    @patch(
        "/api/vehicles/{vehicle_id:str}",
        operation_id="updateVehicle",
        summary="Edit one's own listing",
        dependencies={"principal": SELLER},
    )
    async def update(
        self,
        data: JSONBody[PatchVehicleBody],
        state: State,
        vehicle_id: PathId,
        principal: Caller,
    ) -> VehicleListing:
        c, user_id = state.container, principal.user_id
        await update_listing(
            c.catalogue(),
            user_id=user_id,
            vehicle_id=vehicle_id,
            patch=data.to_patch(),
        )
        if data.floor_price is not None:
            await set_sale_floor(
                c.bookings(),
                user_id=user_id,
                vehicle_id=vehicle_id,
                floor_price=data.floor_price,
            )
        return await _shown(state, vehicle_id, user_id)

    @delete(
        "/api/vehicles/{vehicle_id:str}",
        operation_id="deleteVehicle",
        summary="Delete one's own listing (soft: history is kept)",
        dependencies={"principal": SELLER},
    )
    async def remove(self, state: State, vehicle_id: PathId, principal: Caller) -> None:
        await delete_listing(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )


async def _shown(state: State, vehicle_id: str, viewer: str | None) -> VehicleListing:
    """The listing as its page shows it to ``viewer`` (after a change: as it is now)."""
    details = await get_listing(
        state.container.catalogue(), vehicle_id=vehicle_id, viewer_id=viewer
    )
    return listing_view(details)


__all__ = ["ListingController"]
