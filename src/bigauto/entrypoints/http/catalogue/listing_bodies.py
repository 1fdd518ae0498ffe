"""What a seller sends to list or edit a vehicle, bounded field by field (as /docs/openapi.json
documents it).

The bounds here are the shape of each field (lengths, patterns, ranges a value can have at all);
the listing rules that depend on more than one field, on master data or on today (a model of
the brand, a model year up to next year, a price for a sale and rates for a rental) are the
domain's, which names every broken one at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from bigauto.domain.catalogue.listings import (
    CONDITIONS,
    MAX_ADDRESS,
    MAX_DESCRIPTION,
    MAX_MILEAGE,
    MAX_SEATS,
    MAX_TITLE,
    MIN_SEATS,
    MIN_YEAR,
    PLATE_REGION_PATTERN,
    VIN_PATTERN,
)
from bigauto.domain.catalogue.pricing import CODE_PATTERN, OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import Category, FuelType, ListingStatus, Transmission
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http.catalogue.views import decimal_of
from bigauto.entrypoints.http.contract import Body, Id, PositiveRupiah, Rupiah, shown
from bigauto.services.catalogue.listings import ListingDraft, ListingPatch

#: The latest model year the API takes at all; the listing rules allow up to next year.
MAX_MODEL_YEAR = 2100
MAX_OPTIONS = MAX_RULES = 20
#: A rule's dates: at most a year of them.
MAX_RULE_DATES = 366

# Each alias is a msgspec bound (enforced) plus its ``shown`` twin (documented on the value).
_Year = Annotated[
    int,
    msgspec.Meta(
        ge=MIN_YEAR,
        le=MAX_MODEL_YEAR,
        description=f"Model year, {MIN_YEAR} to next year",
        examples=[2022],
    ),
]
Year = Annotated[_Year, shown(_Year)]
_Seats = Annotated[int, msgspec.Meta(ge=MIN_SEATS, le=MAX_SEATS, examples=[7])]
Seats = Annotated[_Seats, shown(_Seats)]
_Title = Annotated[
    str, msgspec.Meta(min_length=3, max_length=MAX_TITLE, examples=["Sewa Avanza keluarga"])
]
Title = Annotated[_Title, shown(_Title)]
_Description = Annotated[str, msgspec.Meta(max_length=MAX_DESCRIPTION)]
Description = Annotated[_Description, shown(_Description)]
_Mileage = Annotated[int, msgspec.Meta(ge=0, le=MAX_MILEAGE, description="Kilometres")]
Mileage = Annotated[_Mileage, shown(_Mileage)]
_PlateRegion = Annotated[
    str, msgspec.Meta(max_length=2, pattern=f"^{PLATE_REGION_PATTERN}$", examples=["B"])
]
PlateRegion = Annotated[_PlateRegion, shown(_PlateRegion)]
_Condition = Annotated[
    str, msgspec.Meta(max_length=20, description="One of " + ", ".join(sorted(CONDITIONS)))
]
Condition = Annotated[_Condition, shown(_Condition)]
_Vin = Annotated[
    str, msgspec.Meta(max_length=17, pattern=f"^{VIN_PATTERN}$", examples=["MHKA1BA1JFK000001"])
]
Vin = Annotated[_Vin, shown(_Vin)]
_Address = Annotated[str, msgspec.Meta(max_length=MAX_ADDRESS)]
Address = Annotated[_Address, shown(_Address)]
_Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90, examples=[-6.2])]
Latitude = Annotated[_Latitude, shown(_Latitude)]
_Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180, examples=[106.816666])]
Longitude = Annotated[_Longitude, shown(_Longitude)]
_Code = Annotated[
    str, msgspec.Meta(max_length=40, pattern=f"^{CODE_PATTERN}$", examples=["DRIVER"])
]
Code = Annotated[_Code, shown(_Code)]
_Label = Annotated[str, msgspec.Meta(max_length=200)]
Label = Annotated[_Label, shown(_Label)]
_Weekday = Annotated[int, msgspec.Meta(ge=0, le=6, description="0 is Monday, 6 Sunday")]
Weekday = Annotated[_Weekday, shown(_Weekday)]
#: A surcharge as a share of the daily rate: a decimal string, ``"0.20"`` for 20%.
_Share = Annotated[
    str,
    msgspec.Meta(
        max_length=9,
        pattern=r"^[0-9]{1,2}(\.[0-9]{1,6})?$",
        description='A share of the daily rate as a decimal string: "0.20" is 20%',
        examples=["0.20"],
    ),
]
Share = Annotated[_Share, shown(_Share)]
AnId = Annotated[Id, shown(Id)]
Amount = Annotated[Rupiah, shown(Rupiah)]
PositiveAmount = Annotated[PositiveRupiah, shown(PositiveRupiah)]


class RatesBody(Body):
    """A rental's rates in whole rupiah: per day, and optionally per 7 and per 30 days."""

    daily: PositiveAmount
    weekly: PositiveAmount | None = None
    monthly: PositiveAmount | None = None


class OptionBody(Body):
    """An extra a renter may choose (a driver, delivery), charged per day or once."""

    code: Code
    description: Label
    price: Amount
    charge: OptionCharge = OptionCharge.PER_DAY

    def to_domain(self) -> RentalOption:
        return RentalOption(self.code, self.description, Money(self.price), self.charge)


class RuleBody(Body):
    """A surcharge on ``weekdays`` or ``dates``: ``percent`` of the daily rate or a fixed
    ``per_day`` amount (exactly one of the two)."""

    code: Code
    description: Label
    weekdays: Annotated[list[Weekday], msgspec.Meta(max_length=7)] = []
    dates: Annotated[list[date], msgspec.Meta(max_length=MAX_RULE_DATES)] = []
    percent: Share | None = None
    per_day: PositiveAmount | None = None

    def to_domain(self) -> PriceRule:
        return PriceRule(
            self.code,
            self.description,
            weekdays=frozenset(self.weekdays),
            dates=frozenset(self.dates),
            percent=None if self.percent is None else Decimal(self.percent),
            per_day=None if self.per_day is None else Money(self.per_day),
        )


Options = Annotated[list[OptionBody], msgspec.Meta(max_length=MAX_OPTIONS)]
Rules = Annotated[list[RuleBody], msgspec.Meta(max_length=MAX_RULES)]


class CreateVehicleBody(Body):
    """A new listing: a rental gives ``rates``, a sale a ``price``; ``options`` and ``rules``
    make a rental's rate plan."""

    category: Category
    brand_id: AnId
    model_id: AnId
    year: Year
    city_id: AnId
    transmission: Transmission
    fuel_type: FuelType
    seats: Seats
    title: Title
    rates: RatesBody | None = None
    price: PositiveAmount | None = None
    deposit: Amount | None = None
    description: Description = ""
    mileage: Mileage | None = None
    plate_region: PlateRegion | None = None
    condition: Condition | None = None
    vin: Vin | None = None
    options: Options = []
    rules: Rules = []
    address: Address | None = None
    lat: Latitude | None = None
    lng: Longitude | None = None
    status: ListingStatus = ListingStatus.ACTIVE

    def to_draft(self) -> ListingDraft:
        return ListingDraft(**_listing_values(self))


class PatchVehicleBody(Body):
    """Changes to a listing: any of a new listing's fields but ``category``; a field left out
    or sent as null stays as it is."""

    brand_id: AnId | None = None
    model_id: AnId | None = None
    year: Year | None = None
    city_id: AnId | None = None
    transmission: Transmission | None = None
    fuel_type: FuelType | None = None
    seats: Seats | None = None
    title: Title | None = None
    rates: RatesBody | None = None
    price: PositiveAmount | None = None
    deposit: Amount | None = None
    description: Description | None = None
    mileage: Mileage | None = None
    plate_region: PlateRegion | None = None
    condition: Condition | None = None
    vin: Vin | None = None
    options: Options | None = None
    rules: Rules | None = None
    address: Address | None = None
    lat: Latitude | None = None
    lng: Longitude | None = None
    status: ListingStatus | None = None
    #: A sale listing's floor price (bookings; remove it with PUT .../sale-floor null).
    floor_price: PositiveAmount | None = None

    def to_patch(self) -> ListingPatch:
        return ListingPatch(**_listing_values(self))


def _listing_values(body: CreateVehicleBody | PatchVehicleBody) -> dict[str, Any]:
    """A listing body's fields under the service's names: the rates spread out, ``lat`` and
    ``lng`` spelled out, options and rules as domain values (a patch's None stays None)."""
    values = msgspec.structs.asdict(body)
    values.pop("floor_price", None)
    rates: RatesBody | None = values.pop("rates")
    values["latitude"] = decimal_of(values.pop("lat"))
    values["longitude"] = decimal_of(values.pop("lng"))
    if rates is not None:
        values.update(daily_rate=rates.daily, weekly_rate=rates.weekly, monthly_rate=rates.monthly)
    for name in ("options", "rules"):
        if values[name] is not None:
            values[name] = tuple(item.to_domain() for item in values[name])
    return values


__all__ = ["CreateVehicleBody", "OptionBody", "PatchVehicleBody", "RatesBody", "RuleBody"]
