"""Listings: ``POST /api/vehicles``, ``GET / PATCH / DELETE /api/vehicles/{id}``.

Bodies are API.md's: a rental gives ``rates {daily, weekly?, monthly?}``, a sale a ``price``;
``options`` (``[{code, description, price, charge: per_day|flat}]``) and ``rules``
(``[{code, description, weekdays?, dates?, percent? | per_day?}]``) make the rental's rate plan.
PATCH takes any subset of the same fields except ``category``; a field sent as null is left as
it is. Only the owner may edit (403), a deleted listing is gone (404).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from litestar import delete, get, patch, post
from litestar.datastructures import State

from bigauto.domain.catalogue.pricing import OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import Category, FuelType, ListingStatus, Transmission
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http.auth import OPTIONAL_USER, SELLER, Principal, viewer_id
from bigauto.entrypoints.http.catalogue.master_data import SearchController
from bigauto.entrypoints.http.catalogue.views import listing_json
from bigauto.entrypoints.http.codec import decode
from bigauto.services.bookings.sale_orders import set_sale_floor
from bigauto.services.catalogue.listings import (
    ListingDraft,
    ListingPatch,
    create_listing,
    delete_listing,
    get_listing,
    update_listing,
)


@attrs.frozen
class RatesBody:
    daily: int
    weekly: int | None = None
    monthly: int | None = None


@attrs.frozen
class OptionBody:
    code: str
    description: str
    price: int
    charge: OptionCharge = OptionCharge.PER_DAY

    def to_domain(self) -> RentalOption:
        return RentalOption(self.code, self.description, Money(self.price), self.charge)


@attrs.frozen
class RuleBody:
    code: str
    description: str
    weekdays: list[int] = attrs.Factory(list)
    dates: list[date] = attrs.Factory(list)
    percent: Decimal | None = None
    per_day: int | None = None

    def to_domain(self) -> PriceRule:
        return PriceRule(
            self.code,
            self.description,
            weekdays=frozenset(self.weekdays),
            dates=frozenset(self.dates),
            percent=self.percent,
            per_day=None if self.per_day is None else Money(self.per_day),
        )


@attrs.frozen
class CreateVehicleBody:
    category: Category
    brand_id: str
    model_id: str
    year: int
    city_id: str
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    title: str
    rates: RatesBody | None = None
    price: int | None = None
    deposit: int | None = None
    description: str = ""
    mileage: int | None = None
    plate_region: str | None = None
    condition: str | None = None
    vin: str | None = None
    options: list[OptionBody] = attrs.Factory(list)
    rules: list[RuleBody] = attrs.Factory(list)
    address: str | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    status: ListingStatus = ListingStatus.ACTIVE

    def to_draft(self) -> ListingDraft:
        return ListingDraft(**_listing_values(self))


@attrs.frozen
class PatchVehicleBody:
    brand_id: str | None = None
    model_id: str | None = None
    year: int | None = None
    city_id: str | None = None
    transmission: Transmission | None = None
    fuel_type: FuelType | None = None
    seats: int | None = None
    title: str | None = None
    rates: RatesBody | None = None
    price: int | None = None
    deposit: int | None = None
    description: str | None = None
    mileage: int | None = None
    plate_region: str | None = None
    condition: str | None = None
    vin: str | None = None
    options: list[OptionBody] | None = None
    rules: list[RuleBody] | None = None
    address: str | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    status: ListingStatus | None = None
    #: A sale listing's floor price (bookings; remove it with PUT .../sale-floor null).
    floor_price: int | None = None

    def to_patch(self) -> ListingPatch:
        return ListingPatch(**_listing_values(self))


def _listing_values(body: CreateVehicleBody | PatchVehicleBody) -> dict[str, Any]:
    """A listing body's fields under the service's names: the rates spread out, ``lat`` and
    ``lng`` spelled out, options and rules as domain values (a patch's None stays None)."""
    values = attrs.asdict(body, recurse=False)
    values.pop("floor_price", None)
    rates = values.pop("rates")
    values["latitude"] = values.pop("lat")
    values["longitude"] = values.pop("lng")
    if rates is not None:
        values.update(daily_rate=rates.daily, weekly_rate=rates.weekly, monthly_rate=rates.monthly)
    for name in ("options", "rules"):
        if values[name] is not None:
            values[name] = tuple(item.to_domain() for item in values[name])
    return values


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
    async def create(self, body: bytes, state: State, principal: Principal) -> dict[str, Any]:
        draft = decode(body, CreateVehicleBody).to_draft()
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
        self, state: State, vehicle_id: str, principal: Principal | None
    ) -> dict[str, Any]:
        return await _shown(state, vehicle_id, viewer_id(principal))

    @patch(
        "/api/vehicles/{vehicle_id:str}",
        operation_id="updateVehicle",
        summary="Edit one's own listing",
        dependencies={"principal": SELLER},
    )
    async def update(
        self, body: bytes, state: State, vehicle_id: str, principal: Principal
    ) -> dict[str, Any]:
        changes = decode(body, PatchVehicleBody)
        c, user_id = state.container, principal.user_id
        await update_listing(
            c.catalogue(),
            user_id=user_id,
            vehicle_id=vehicle_id,
            patch=changes.to_patch(),
        )
        if changes.floor_price is not None:
            await set_sale_floor(
                c.bookings(),
                user_id=user_id,
                vehicle_id=vehicle_id,
                floor_price=changes.floor_price,
            )
        return await _shown(state, vehicle_id, user_id)

    @delete(
        "/api/vehicles/{vehicle_id:str}",
        operation_id="deleteVehicle",
        summary="Delete one's own listing (soft: history is kept)",
        dependencies={"principal": SELLER},
    )
    async def remove(self, state: State, vehicle_id: str, principal: Principal) -> None:
        await delete_listing(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )


async def _shown(state: State, vehicle_id: str, viewer: str | None) -> dict[str, Any]:
    """The listing as its page shows it to ``viewer`` (after a change: as it is now)."""
    details = await get_listing(
        state.container.catalogue(), vehicle_id=vehicle_id, viewer_id=viewer
    )
    return listing_json(details)


__all__ = ["ListingController"]
