"""What the catalogue answers: search hits, listings, photos, master data, calendar periods.

Each shape is a :class:`View` (documented in ``/docs/openapi.json`` as it is sent) with a small
converter from the domain value. The JSON is the OpenAPI document's: amounts are whole rupiah
(numbers),
coordinates and ratings numbers, a price rule's ``percent`` a decimal string, dates ISO.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import msgspec

from bigauto.domain.catalogue import vehicles as domain
from bigauto.domain.catalogue.pricing import OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import (
    Category,
    FuelType,
    ListingStatus,
    Transmission,
)
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.entrypoints.http.contract import View, copied
from bigauto.ports.catalogue.repositories import SearchHit
from bigauto.services.catalogue.calendar import Block
from bigauto.services.catalogue.listings import ListingDetails


def number(value: Decimal | None) -> float | None:
    """A Decimal as a JSON number (coordinates, ratings); money never goes through here."""
    return None if value is None else float(value)


def decimal_of(value: float | None) -> Decimal | None:
    """A JSON number as a Decimal (coordinates), through the float's shortest repr: -6.2 is
    Decimal("-6.2"), not its binary value."""
    return None if value is None else Decimal(repr(value))


def _amount(money: Money | None) -> int | None:
    return None if money is None else int(money.amount)


class BrandView(View):
    """A maker, such as Toyota."""

    id: str
    name: str


class ModelView(View):
    """A model of a brand, with its body type (SUV, MPV, sedan, ...)."""

    id: str
    brand_id: str
    name: str
    body_type: str


class CityView(View):
    """A city with its province, IANA timezone and centre."""

    id: str
    name: str
    province: str
    timezone: str
    lat: float | None
    lng: float | None


class Brands(View):
    """All brands, by name."""

    data: list[BrandView]


class Models(View):
    """A brand's models, by name."""

    data: list[ModelView]


class Cities(View):
    """All cities, by name."""

    data: list[CityView]


def brand_view(brand: domain.Brand) -> BrandView:
    return BrandView(id=brand.id, name=brand.name)


def model_view(model: domain.CarModel) -> ModelView:
    return ModelView(
        id=model.id, brand_id=model.brand_id, name=model.name, body_type=model.body_type
    )


def city_view(city: domain.City) -> CityView:
    return copied(
        CityView,
        city,
        lat=number(city.latitude),
        lng=number(city.longitude),
    )


class HitPhoto(View):
    """A photo as a search hit shows it, the cover first."""

    url: str
    thumbnail: str


class SellerCard(View):
    """Who sells or rents out a listing."""

    id: str
    name: str
    business_name: str | None


class VehicleHit(View, kw_only=True):
    """A listing as search shows it: a sale has ``price``, a rental ``daily_rate`` (whole
    rupiah); ``distance_km`` only on a search by lat/lng."""

    id: str
    brand: str
    model: str
    year: int
    category: Category
    price: int | msgspec.UnsetType | None = msgspec.UNSET
    daily_rate: int | msgspec.UnsetType | None = msgspec.UNSET
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    city: str
    photos: list[HitPhoto]
    rating: float | None
    review_count: int
    seller: SellerCard
    distance_km: float | msgspec.UnsetType = msgspec.UNSET


class FavoriteVehicle(VehicleHit, kw_only=True):
    """A favorite: the search hit plus its title and status (it may since have been sold)."""

    title: str
    status: ListingStatus


def hit_view(hit: SearchHit) -> VehicleHit:
    sale = hit.category is Category.SALE
    return copied(
        VehicleHit,
        hit,
        price=hit.price if sale else msgspec.UNSET,
        daily_rate=msgspec.UNSET if sale else hit.daily_rate,
        photos=[HitPhoto(url=p.url, thumbnail=p.thumbnail) for p in hit.photos],
        rating=number(hit.rating),
        seller=SellerCard(
            id=hit.seller.id, name=hit.seller.name, business_name=hit.seller.business_name
        ),
        distance_km=msgspec.UNSET if hit.distance_km is None else round(hit.distance_km, 2),
    )


def favorite_view(hit: SearchHit) -> FavoriteVehicle:
    fields = msgspec.structs.asdict(hit_view(hit))
    return FavoriteVehicle(**fields, title=hit.title, status=hit.status)


class VehiclePhoto(View):
    """One photo of a listing: its URLs, its place in the order, whether it is the cover."""

    id: str
    url: str
    thumbnail: str
    position: int
    is_cover: bool


class VehiclePhotos(View):
    """A listing's photos in order."""

    data: list[VehiclePhoto]


def photo_view(photo: domain.Photo) -> VehiclePhoto:
    return copied(VehiclePhoto, photo)


class OptionView(View):
    """An extra a renter may choose, charged per day or once."""

    code: str
    description: str
    price: int
    charge: OptionCharge


class RuleView(View):
    """A surcharge on some weekdays or dates: ``percent`` of the daily rate (a decimal
    string, ``"0.20"`` for 20%) or a fixed ``per_day`` amount."""

    code: str
    description: str
    weekdays: list[int]
    dates: list[date]
    percent: str | None
    per_day: int | None


class RatesView(View):
    """A rental's rates, whole rupiah."""

    daily: int | None
    weekly: int | None
    monthly: int | None


class NamedRef(View):
    """A brand as a listing names it."""

    id: str
    name: str


class ModelRef(View):
    """A model as a listing names it."""

    id: str
    name: str
    body_type: str


class CityRef(View):
    """A city as a listing names it."""

    id: str
    name: str
    province: str


class VehicleListing(View):
    """A listing as its page shows it, with everything its owner can edit: a sale has
    ``price``, a rental ``rates`` (the other is null)."""

    id: str
    seller_id: str
    category: Category
    status: ListingStatus
    title: str
    description: str
    brand: NamedRef
    model: ModelRef
    year: int
    city: CityRef
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    price: int | None
    rates: RatesView | None
    deposit: int | None
    options: list[OptionView]
    rules: list[RuleView]
    mileage: int | None
    plate_region: str | None
    condition: str | None
    vin: str | None
    address: str | None
    lat: float | None
    lng: float | None
    photos: list[VehiclePhoto]
    rating: float | None
    review_count: int
    seller: SellerCard
    created_at: datetime


def option_view(option: RentalOption) -> OptionView:
    return copied(
        OptionView,
        option,
        price=option.price.amount,
    )


def rule_view(rule: PriceRule) -> RuleView:
    return RuleView(
        code=rule.code,
        description=rule.description,
        weekdays=sorted(rule.weekdays),
        dates=sorted(rule.dates),
        percent=None if rule.percent is None else str(rule.percent),
        per_day=_amount(rule.per_day),
    )


def listing_view(details: ListingDetails) -> VehicleListing:
    v, seller = details.vehicle, details.seller
    rates = RatesView(
        daily=_amount(v.daily_rate), weekly=_amount(v.weekly_rate), monthly=_amount(v.monthly_rate)
    )
    return VehicleListing(
        id=v.id,
        seller_id=v.seller_id,
        category=v.category,
        status=v.status,
        title=v.title,
        description=v.description,
        brand=NamedRef(id=details.brand.id, name=details.brand.name),
        model=ModelRef(
            id=details.model.id, name=details.model.name, body_type=details.model.body_type
        ),
        year=v.year,
        city=CityRef(id=details.city.id, name=details.city.name, province=details.city.province),
        transmission=v.transmission,
        fuel_type=v.fuel_type,
        seats=v.seats,
        price=_amount(v.price),
        rates=rates if v.category is Category.RENTAL else None,
        deposit=_amount(v.deposit),
        options=[option_view(o) for o in v.options],
        rules=[rule_view(r) for r in v.rules],
        mileage=v.mileage,
        plate_region=v.plate_region,
        condition=v.condition,
        vin=v.vin,
        address=v.address,
        lat=number(v.latitude),
        lng=number(v.longitude),
        photos=[photo_view(p) for p in details.photos],
        rating=number(v.rating) if v.review_count else None,
        review_count=v.review_count,
        seller=SellerCard(
            id=seller.id,
            name=seller.name,
            business_name=seller.seller.business_name if seller.seller else None,
        ),
        created_at=v.created_at,
    )


class Period(View):
    """Days from ``start_date`` up to ``end_date`` (exclusive)."""

    start_date: date
    end_date: date


def period_view(period: DatePeriod) -> Period:
    return Period(start_date=period.start, end_date=period.end)


class Availability(View):
    """A listing's busy periods between ``from`` and ``to`` (``to`` exclusive)."""

    vehicle_id: str
    from_: date = msgspec.field(name="from")
    to: date
    busy: list[Period]


class BlockView(View):
    """Days the owner took a rental off the market, and why."""

    id: str
    start_date: date
    end_date: date
    reason: str


class Blocks(View):
    """The owner's blocks on a listing, in date order."""

    data: list[BlockView]


def block_view(block: Block) -> BlockView:
    return BlockView(
        id=block.id,
        start_date=block.period.start,
        end_date=block.period.end,
        reason=block.reason,
    )


__all__ = [
    "Availability",
    "BlockView",
    "Blocks",
    "Brands",
    "Cities",
    "FavoriteVehicle",
    "Models",
    "Period",
    "VehicleHit",
    "VehicleListing",
    "VehiclePhoto",
    "VehiclePhotos",
    "block_view",
    "brand_view",
    "city_view",
    "decimal_of",
    "favorite_view",
    "hit_view",
    "listing_view",
    "model_view",
    "period_view",
    "photo_view",
]
