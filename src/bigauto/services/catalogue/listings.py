"""Listing use cases: a seller lists, edits and (softly) deletes a vehicle; anyone views one.

Every write checks the listing rules (``domain.catalogue.listings``) against the master data in
the same unit of work, and only the owner may change a listing (403 for anyone else, 404 once
it is deleted). A listing without coordinates is placed by geocoding its address, or at its
city's centre.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.events import VehicleEvents
from bigauto.domain.catalogue.listings import INITIAL_STATUSES, check_listing, check_status_change
from bigauto.domain.catalogue.pricing import PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import (
    Brand,
    CarModel,
    Category,
    City,
    FuelType,
    ListingStatus,
    Photo,
    Transmission,
    Vehicle,
)
from bigauto.domain.identity.accounts import User
from bigauto.domain.shared.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.shared.events import new_event


@attrs.frozen
class ListingDraft:
    """What a seller submits to list a vehicle (amounts in whole rupiah)."""

    category: Category
    brand_id: str
    model_id: str
    year: int
    city_id: str
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    title: str
    daily_rate: int | None = None
    weekly_rate: int | None = None
    monthly_rate: int | None = None
    price: int | None = None
    deposit: int | None = None
    description: str = ""
    mileage: int | None = None
    plate_region: str | None = None
    condition: str | None = None
    vin: str | None = None
    options: tuple[RentalOption, ...] = ()
    rules: tuple[PriceRule, ...] = ()
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: ListingStatus = ListingStatus.ACTIVE


@attrs.frozen
class ListingPatch:
    """Changes to a listing; a field left None stays as it is. The category cannot change."""

    brand_id: str | None = None
    model_id: str | None = None
    year: int | None = None
    city_id: str | None = None
    transmission: Transmission | None = None
    fuel_type: FuelType | None = None
    seats: int | None = None
    title: str | None = None
    daily_rate: int | None = None
    weekly_rate: int | None = None
    monthly_rate: int | None = None
    price: int | None = None
    deposit: int | None = None
    description: str | None = None
    mileage: int | None = None
    plate_region: str | None = None
    condition: str | None = None
    vin: str | None = None
    options: tuple[RentalOption, ...] | None = None
    rules: tuple[PriceRule, ...] | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: ListingStatus | None = None


@attrs.frozen
class ListingDetails:
    """A listing with what a page about it shows: names, seller and photos in order."""

    vehicle: Vehicle
    brand: Brand
    model: CarModel
    city: City
    seller: User
    photos: Sequence[Photo]


_MONEY_FIELDS = ("daily_rate", "weekly_rate", "monthly_rate", "price", "deposit")


def _money(amount: int | None) -> Money | None:
    return None if amount is None else Money(amount)


async def _place(ctx: Catalogue, vehicle: Vehicle) -> Vehicle:
    """Give a listing without coordinates those of its address, or of its city's centre."""
    if vehicle.latitude is not None or vehicle.longitude is not None:
        return vehicle
    async with ctx.uow_factory() as uow:
        city = await uow.catalogue.get_city(vehicle.city_id)
    if city is None:
        return vehicle  # check_listing will name the unknown city
    found = None
    if vehicle.address:
        found = await ctx.geocoder.geocode(vehicle.address, city=city.name)
    if found is None:
        return attrs.evolve(vehicle, latitude=city.latitude, longitude=city.longitude)
    return attrs.evolve(vehicle, latitude=found.latitude, longitude=found.longitude)


async def _check(ctx: Catalogue, uow: UnitOfWork, vehicle: Vehicle) -> None:
    model = await uow.catalogue.get_model(vehicle.model_id)
    city = await uow.catalogue.get_city(vehicle.city_id)
    check_listing(vehicle, model=model, city_exists=city is not None, today=ctx.clock.now().date())


def _event(ctx: Catalogue, name: str, vehicle: Vehicle) -> DomainEvent:
    facts = {
        "seller_id": vehicle.seller_id,
        "category": vehicle.category.value,
        "status": vehicle.status.value,
    }
    return new_event(ctx.ids, name, ctx.clock.now(), "vehicle", vehicle.id, facts)


async def create_listing(ctx: Catalogue, *, seller_id: str, draft: ListingDraft) -> Vehicle:
    """List a vehicle for ``seller_id``; raise ValidationFailed naming every broken rule."""
    if draft.status not in INITIAL_STATUSES:
        raise ValidationFailed(
            "a new listing is either active or draft",
            details={"errors": [{"field": "status", "message": "use active or draft"}]},
        )
    values = attrs.asdict(draft, recurse=False)
    for name in _MONEY_FIELDS:
        values[name] = _money(values[name])
    vehicle = Vehicle(
        id=ctx.ids.new_id(), seller_id=seller_id, created_at=ctx.clock.now(), **values
    )
    vehicle = await _place(ctx, vehicle)
    async with ctx.uow_factory() as uow:
        seller = await uow.users.get(seller_id)
        if seller is None or not seller.is_seller:
            raise PermissionDenied("only sellers may list vehicles; become a seller first")
        await _check(ctx, uow, vehicle)
        await uow.vehicles.add(vehicle)
        await uow.outbox.add(_event(ctx, VehicleEvents.LISTED, vehicle))
        await uow.commit()
    return vehicle


async def owned_vehicle(uow: UnitOfWork, vehicle_id: str, user_id: str) -> Vehicle:
    """The listing ``vehicle_id`` if ``user_id`` owns it; NotFound or PermissionDenied if not."""
    vehicle = await uow.vehicles.get(vehicle_id)
    if vehicle is None:
        raise NotFound(f"no vehicle {vehicle_id}", details={"vehicle_id": vehicle_id})
    if not vehicle.owned_by(user_id):
        raise PermissionDenied(
            "only the seller who listed this vehicle may change it",
            details={"vehicle_id": vehicle_id},
        )
    return vehicle


async def visible_vehicle(uow: UnitOfWork, vehicle_id: str, viewer_id: str | None) -> Vehicle:
    """The listing ``vehicle_id`` unless ``viewer_id`` may not see it (drafts and paused
    listings are their owner's only): NotFound then, as for a listing that does not exist."""
    vehicle = await uow.vehicles.get(vehicle_id)
    hidden = vehicle is not None and vehicle.status in (
        ListingStatus.DRAFT,
        ListingStatus.PAUSED,
    )
    if vehicle is None or (hidden and not vehicle.owned_by(viewer_id or "")):
        raise NotFound(f"no vehicle {vehicle_id}", details={"vehicle_id": vehicle_id})
    return vehicle


def _patched(vehicle: Vehicle, patch: ListingPatch) -> Vehicle:
    changes = {k: v for k, v in attrs.asdict(patch, recurse=False).items() if v is not None}
    for name in _MONEY_FIELDS:
        if name in changes:
            changes[name] = Money(changes[name])
    if "status" in changes:
        check_status_change(vehicle.status, changes["status"])
    if "address" in changes and "latitude" not in changes and "longitude" not in changes:
        # A new address moves the listing: place it again unless coordinates came with it.
        changes.update(latitude=None, longitude=None)
    return attrs.evolve(vehicle, **changes)


#: A change to a listing its owner asked for, made on the listing as the unit of work has it.
_Change = Callable[[UnitOfWork, Vehicle], Awaitable[Vehicle]]


async def _change_owned(
    ctx: Catalogue, *, user_id: str, vehicle_id: str, event: str, change: _Change
) -> Vehicle:
    """Load the owner's listing, ``change`` it, and save it with its ``event`` in the outbox,
    all in one unit of work; answer the listing as saved."""
    async with ctx.uow_factory() as uow:
        vehicle = await change(uow, await owned_vehicle(uow, vehicle_id, user_id))
        await uow.vehicles.update(vehicle)
        await uow.outbox.add(_event(ctx, event, vehicle))
        await uow.commit()
    return vehicle


async def update_listing(
    ctx: Catalogue, *, user_id: str, vehicle_id: str, patch: ListingPatch
) -> Vehicle:
    """Apply ``patch`` to the owner's listing, checking every rule again."""
    async with ctx.uow_factory() as uow:
        vehicle = _patched(await owned_vehicle(uow, vehicle_id, user_id), patch)
    vehicle = await _place(ctx, vehicle)

    async def reconcile(uow: UnitOfWork, current: Vehicle) -> Vehicle:
        # The listing may have moved on (an order reserved it) while we geocoded.
        placed = vehicle
        if patch.status is not None:
            check_status_change(current.status, patch.status)
        elif current.status != placed.status:
            placed = attrs.evolve(placed, status=current.status)
        placed = attrs.evolve(placed, rating=current.rating, review_count=current.review_count)
        await _check(ctx, uow, placed)
        return placed

    return await _change_owned(
        ctx, user_id=user_id, vehicle_id=vehicle_id, event=VehicleEvents.UPDATED, change=reconcile
    )


async def delete_listing(ctx: Catalogue, *, user_id: str, vehicle_id: str) -> None:
    """Soft-delete the owner's listing: archived and out of search, its history kept."""

    async def archive(uow: UnitOfWork, vehicle: Vehicle) -> Vehicle:
        if vehicle.status is ListingStatus.RESERVED:
            raise InvalidTransition(
                "listing",
                vehicle.status.value,
                "delete",
                actor="owner",
                reason="a paid sale order holds it",
            )
        return vehicle.archived(ctx.clock.now())

    await _change_owned(
        ctx, user_id=user_id, vehicle_id=vehicle_id, event=VehicleEvents.DELETED, change=archive
    )


async def get_listing(
    ctx: Catalogue, *, vehicle_id: str, viewer_id: str | None = None
) -> ListingDetails:
    """A listing as its page shows it. Drafts and paused listings only to their owner."""
    async with ctx.uow_factory() as uow:
        vehicle = await visible_vehicle(uow, vehicle_id, viewer_id)
        brand = await uow.catalogue.get_brand(vehicle.brand_id)
        model = await uow.catalogue.get_model(vehicle.model_id)
        city = await uow.catalogue.get_city(vehicle.city_id)
        seller = await uow.users.get(vehicle.seller_id)
        photos = await uow.photos.of_vehicle(vehicle.id)
    assert brand and model and city and seller, "foreign keys keep these"
    return ListingDetails(vehicle, brand, model, city, seller, photos)


__all__ = [
    "ListingDetails",
    "ListingDraft",
    "ListingPatch",
    "create_listing",
    "delete_listing",
    "get_listing",
    "owned_vehicle",
    "update_listing",
    "visible_vehicle",
]
