"""The rules a listing must keep before it is stored, checked all at once.

``check_listing`` collects every broken rule and raises one ``ValidationFailed`` whose
``details["errors"]`` names each field (``[{"field": "year", "message": ...}, ...]``), so a seller
fixes a form in one go. Master data comes in as arguments: the model the listing names (or None
when it does not exist) and whether its city exists; ``today`` bounds the model year.

>>> from datetime import date
>>> for field, message in problems(year=1975, seats=0, today=date(2026, 1, 1)):
...     print(f"{field}: {message}")
year: the year must be between 1980 and 2027, not 1975
seats: seats must be between 1 and 60, not 0
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from bigauto.domain.catalogue.vehicles import CarModel, Category, ListingStatus, Vehicle
from bigauto.domain.shared.errors import DomainError, InvalidTransition, ValidationFailed
from bigauto.domain.shared.money import MAX_AMOUNT, Money

MIN_YEAR = 1980
MIN_SEATS, MAX_SEATS = 1, 60
MAX_MILEAGE = 10_000_000
#: Lowest price worth listing, in rupiah; anything under is a typo (a missing "000").
MIN_PRICE = 1_000
MAX_PRICE = MAX_AMOUNT
CONDITIONS = frozenset({"new", "excellent", "good", "fair", "poor"})
#: ISO 3779: 17 characters, digits and capitals except I, O and Q.
VIN_PATTERN = r"[A-HJ-NPR-Z0-9]{17}"
#: Indonesian plate prefixes: one or two letters (B, D, AB, DK, ...).
PLATE_REGION_PATTERN = r"[A-Z]{1,2}"
MAX_TITLE, MAX_DESCRIPTION, MAX_ADDRESS = 200, 5000, 300
_VIN = re.compile(VIN_PATTERN)
_PLATE_REGION = re.compile(PLATE_REGION_PATTERN)


#: The statuses a seller sets by hand, and from which. ``reserved`` and ``sold`` belong to
#: sale orders and ``archived`` to deletion; a seller cannot set or leave them by editing.
OWNER_STATUSES = frozenset({ListingStatus.DRAFT, ListingStatus.ACTIVE, ListingStatus.PAUSED})
#: What a new listing may start as.
INITIAL_STATUSES = frozenset({ListingStatus.DRAFT, ListingStatus.ACTIVE})


def check_status_change(current: ListingStatus, wanted: ListingStatus) -> None:
    """Raise ``InvalidTransition`` unless the owner may move a listing from current to wanted.

    >>> check_status_change(ListingStatus.ACTIVE, ListingStatus.PAUSED)
    >>> try:
    ...     check_status_change(ListingStatus.SOLD, ListingStatus.ACTIVE)
    ... except InvalidTransition as error:
    ...     print(error)
    cannot set active by owner a listing that is sold
    """
    if current == wanted:
        return
    if current not in OWNER_STATUSES or wanted not in OWNER_STATUSES:
        raise InvalidTransition("listing", current.value, f"set {wanted.value}", actor="owner")


@attrs.frozen
class FieldProblem:
    """One broken rule: the field (as the API names it) and what is wrong with it."""

    field: str
    message: str


def problems(
    *,
    year: int | None = None,
    seats: int | None = None,
    today: date,
) -> list[tuple[str, str]]:
    """The year and seats rules alone, as (field, message) pairs (handy for forms and docs)."""
    found: list[FieldProblem] = []
    if year is not None:
        _check_year(year, today, found)
    if seats is not None:
        _check_seats(seats, found)
    return [(p.field, p.message) for p in found]


def _check_year(year: int, today: date, found: list[FieldProblem]) -> None:
    newest = today.year + 1
    if not MIN_YEAR <= year <= newest:
        found.append(
            FieldProblem("year", f"the year must be between {MIN_YEAR} and {newest}, not {year}")
        )


def _check_seats(seats: int, found: list[FieldProblem]) -> None:
    if not MIN_SEATS <= seats <= MAX_SEATS:
        found.append(
            FieldProblem("seats", f"seats must be between {MIN_SEATS} and {MAX_SEATS}, not {seats}")
        )


def _check_amount(field: str, money: Money | None, found: list[FieldProblem]) -> None:
    if money is not None and not MIN_PRICE <= money.amount <= MAX_PRICE:
        found.append(
            FieldProblem(
                field, f"{field} must be between {MIN_PRICE} and {MAX_PRICE}, not {money.amount}"
            )
        )


def _check_prices(vehicle: Vehicle, found: list[FieldProblem]) -> None:
    rental_fields = ("daily_rate", "weekly_rate", "monthly_rate", "deposit")
    if vehicle.category is Category.RENTAL:
        if vehicle.daily_rate is None:
            found.append(FieldProblem("rates.daily", "a rental listing needs a daily rate"))
        if vehicle.price is not None:
            found.append(FieldProblem("price", "a rental listing has rates, not a price"))
        for field, name in (
            ("rates.daily", "daily_rate"),
            ("rates.weekly", "weekly_rate"),
            ("rates.monthly", "monthly_rate"),
        ):
            _check_amount(field, getattr(vehicle, name), found)
        if vehicle.deposit is not None and not 0 <= vehicle.deposit.amount <= MAX_PRICE:
            found.append(FieldProblem("deposit", "the deposit must be between 0 and the maximum"))
        if not found and vehicle.daily_rate is not None:
            try:
                vehicle.rate_plan()  # options and rules are checked by the plan itself
            except DomainError as error:
                found.append(FieldProblem("options", error.message))
        return
    if vehicle.price is None:
        found.append(FieldProblem("price", "a sale listing needs a price"))
    _check_amount("price", vehicle.price, found)
    for name in rental_fields:
        if getattr(vehicle, name) is not None:
            field = "deposit" if name == "deposit" else "rates"
            found.append(FieldProblem(field, "a sale listing has a price, not rates or deposit"))
            break
    if vehicle.options or vehicle.rules:
        found.append(FieldProblem("options", "only rental listings have options"))


def _check_details(vehicle: Vehicle, found: list[FieldProblem]) -> None:
    if not 3 <= len(vehicle.title.strip()) <= MAX_TITLE:
        found.append(FieldProblem("title", f"the title must be 3 to {MAX_TITLE} characters"))
    if len(vehicle.description) > MAX_DESCRIPTION:
        found.append(
            FieldProblem("description", f"the description is at most {MAX_DESCRIPTION} characters")
        )
    if vehicle.mileage is not None and not 0 <= vehicle.mileage <= MAX_MILEAGE:
        found.append(FieldProblem("mileage", f"mileage must be between 0 and {MAX_MILEAGE} km"))
    if vehicle.vin is not None and not _VIN.fullmatch(vehicle.vin):
        found.append(
            FieldProblem("vin", "a VIN is 17 capital letters and digits, without I, O or Q")
        )
    if vehicle.plate_region is not None and not _PLATE_REGION.fullmatch(vehicle.plate_region):
        found.append(
            FieldProblem("plate_region", "a plate region is one or two capital letters, e.g. B")
        )
    if vehicle.condition is not None and vehicle.condition not in CONDITIONS:
        found.append(
            FieldProblem("condition", f"condition is one of {', '.join(sorted(CONDITIONS))}")
        )
    if vehicle.address is not None and len(vehicle.address) > MAX_ADDRESS:
        found.append(FieldProblem("address", f"the address is at most {MAX_ADDRESS} characters"))
    if (vehicle.latitude is None) != (vehicle.longitude is None):
        found.append(FieldProblem("lat", "give both lat and lng, or neither"))
    if vehicle.latitude is not None and not -90 <= vehicle.latitude <= 90:
        found.append(FieldProblem("lat", "lat must be between -90 and 90"))
    if vehicle.longitude is not None and not -180 <= vehicle.longitude <= 180:
        found.append(FieldProblem("lng", "lng must be between -180 and 180"))


def check_listing(
    vehicle: Vehicle, *, model: CarModel | None, city_exists: bool, today: date
) -> None:
    """Raise ``ValidationFailed`` naming every broken rule of ``vehicle``; else do nothing."""
    found: list[FieldProblem] = []
    _check_year(vehicle.year, today, found)
    _check_seats(vehicle.seats, found)
    if model is None:
        found.append(FieldProblem("model_id", f"there is no model {vehicle.model_id}"))
    elif model.brand_id != vehicle.brand_id:
        found.append(
            FieldProblem(
                "model_id", f"model {model.name} does not belong to brand {vehicle.brand_id}"
            )
        )
    if not city_exists:
        found.append(FieldProblem("city_id", f"there is no city {vehicle.city_id}"))
    _check_prices(vehicle, found)
    _check_details(vehicle, found)
    if found:
        first = found[0]
        raise ValidationFailed(
            f"{first.message} @ {first.field}"
            + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""),
            details={"errors": [{"field": p.field, "message": p.message} for p in found]},
        )


__all__ = [
    "CONDITIONS",
    "INITIAL_STATUSES",
    "MAX_ADDRESS",
    "MAX_DESCRIPTION",
    "MAX_MILEAGE",
    "MAX_PRICE",
    "MAX_SEATS",
    "MAX_TITLE",
    "MIN_PRICE",
    "MIN_SEATS",
    "MIN_YEAR",
    "OWNER_STATUSES",
    "PLATE_REGION_PATTERN",
    "VIN_PATTERN",
    "FieldProblem",
    "check_listing",
    "check_status_change",
    "problems",
]
