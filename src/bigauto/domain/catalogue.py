"""Master data (brands, models, cities) and vehicle listings."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import attrs

from bigauto.domain.money import Money


class Category(enum.StrEnum):
    RENTAL = "rental"
    SALE = "sale"


class Transmission(enum.StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"


class FuelType(enum.StrEnum):
    BENSIN = "bensin"
    DIESEL = "diesel"
    HYBRID = "hybrid"
    ELECTRIC = "electric"


class ListingStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    RESERVED = "reserved"
    SOLD = "sold"
    ARCHIVED = "archived"


@attrs.frozen
class Brand:
    """A maker such as Toyota or Daihatsu."""

    id: str
    name: str


@attrs.frozen
class CarModel:
    """A model of one brand, with its body type (SUV, MPV, sedan, hatchback, pickup, ...)."""

    id: str
    brand_id: str
    name: str
    body_type: str


@attrs.frozen
class City:
    """An Indonesian city with its province, IANA timezone (WIB/WITA/WIT) and coordinates."""

    id: str
    name: str
    province: str
    timezone: str
    latitude: Decimal
    longitude: Decimal


@attrs.frozen
class Vehicle:
    """A listing: a vehicle offered for rent (with rates) or for sale (with a price)."""

    id: str
    seller_id: str
    category: Category
    brand_id: str
    model_id: str
    year: int
    city_id: str
    transmission: Transmission
    fuel_type: FuelType
    seats: int
    title: str
    created_at: datetime
    status: ListingStatus = ListingStatus.ACTIVE
    description: str = ""
    price: Money | None = None
    daily_rate: Money | None = None
    weekly_rate: Money | None = None
    monthly_rate: Money | None = None
    deposit: Money | None = None
    mileage: int | None = None
    plate_region: str | None = None
    condition: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


__all__ = [
    "Brand",
    "CarModel",
    "Category",
    "City",
    "FuelType",
    "ListingStatus",
    "Transmission",
    "Vehicle",
]
