"""Master data (brands, models, cities), vehicle listings and their photos.

A rental listing carries its prices as a domain rate plan (``vehicle.rate_plan()``), which is
what a quote is computed from; a sale listing carries an asking price. Deleting a listing is
soft: it is archived and stamped ``deleted_at``, so bookings and orders keep their history.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.pricing import PriceRule, RatePlan, RentalOption
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money


class Category(enum.StrEnum):
    """What a listing offers: the vehicle for rent, or for sale."""

    RENTAL = "rental"
    SALE = "sale"


class Transmission(enum.StrEnum):
    """How the vehicle changes gear."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"


class FuelType(enum.StrEnum):
    """What the vehicle runs on (``bensin`` is petrol)."""

    BENSIN = "bensin"
    DIESEL = "diesel"
    HYBRID = "hybrid"
    ELECTRIC = "electric"


class ListingStatus(enum.StrEnum):
    """Where a listing is: only ``active`` ones are public; a sale reserves, then sells it."""

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


def _options(options: Iterable[RentalOption]) -> tuple[RentalOption, ...]:
    return tuple(options)


def _rules(rules: Iterable[PriceRule]) -> tuple[PriceRule, ...]:
    return tuple(rules)


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
    vin: str | None = None
    address: str | None = None
    #: Extras a renter may choose (driver, delivery) and surcharge rules; rental listings only.
    options: tuple[RentalOption, ...] = attrs.field(default=(), converter=_options)
    rules: tuple[PriceRule, ...] = attrs.field(default=(), converter=_rules)
    #: Average review rating (1..5, two decimals; 0 before the first review) and how many
    #: reviews it averages. The reviews feature keeps both up to date.
    rating: Decimal = Decimal(0)
    review_count: int = 0
    deleted_at: datetime | None = None

    @property
    def list_price(self) -> Money | None:
        """The price a buyer compares: the asking price for sale, the daily rate for rent."""
        return self.price if self.category is Category.SALE else self.daily_rate

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_public(self) -> bool:
        """Whether the listing shows in search and to anyone but its owner."""
        return self.status is ListingStatus.ACTIVE and not self.is_deleted

    def owned_by(self, user_id: str) -> bool:
        return self.seller_id == user_id

    def rate_plan(self) -> RatePlan:
        """The rental prices as the domain's rate plan; ValidationFailed for a sale listing."""
        if self.category is not Category.RENTAL or self.daily_rate is None:
            raise ValidationFailed(
                f"vehicle {self.id} is not for rent: it has no rate plan",
                details={"vehicle_id": self.id, "category": self.category.value},
            )
        return RatePlan(
            self.daily_rate,
            weekly=self.weekly_rate,
            monthly=self.monthly_rate,
            deposit=self.deposit or Money.zero(self.daily_rate.currency),
            rules=self.rules,
            options=self.options,
        )

    def archived(self, at: datetime) -> Vehicle:
        """This listing soft-deleted at ``at``: archived, out of search, history kept."""
        return attrs.evolve(self, status=ListingStatus.ARCHIVED, deleted_at=at)


@attrs.frozen
class Photo:
    """A photo of a listing: where the storage keeps it, its place in the order, the cover."""

    id: str
    vehicle_id: str
    key: str
    url: str
    thumbnail: str
    content_type: str
    size: int
    position: int
    is_cover: bool
    created_at: datetime


__all__ = [
    "Brand",
    "CarModel",
    "Category",
    "City",
    "FuelType",
    "ListingStatus",
    "Photo",
    "Transmission",
    "Vehicle",
]
