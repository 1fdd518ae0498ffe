"""Vehicles between table rows and domain objects, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bigauto.adapters.sql._rows import amount_of, from_row, money_of, to_row
from bigauto.domain.catalogue.pricing import OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import (
    Category,
    FuelType,
    ListingStatus,
    Transmission,
    Vehicle,
)
from bigauto.domain.shared.errors import CurrencyMismatch
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money

Row = Mapping[Any, Any]


MONEY_COLUMNS = ("price", "daily_rate", "weekly_rate", "monthly_rate", "deposit")


def _vehicle_currency(vehicle: Vehicle) -> str:
    """The one currency of a listing's amounts (a listing is priced in a single currency)."""
    currencies = {
        money.currency
        for money in (getattr(vehicle, column) for column in MONEY_COLUMNS)
        if money is not None
    }
    if len(currencies) > 1:
        raise CurrencyMismatch(
            f"a listing's amounts must share one currency, not {sorted(currencies)}",
            details={"vehicle_id": vehicle.id, "currencies": sorted(currencies)},
        )
    return currencies.pop() if currencies else DEFAULT_CURRENCY


def option_to_json(option: RentalOption) -> dict[str, Any]:
    return {
        "code": option.code,
        "description": option.description,
        "price": option.price.amount,
        "charge": option.charge.value,
    }


def option_from_json(data: Mapping[str, Any], currency: str) -> RentalOption:
    return RentalOption(
        code=data["code"],
        description=data["description"],
        price=Money(data["price"], currency),
        charge=OptionCharge(data["charge"]),
    )


def rule_to_json(rule: PriceRule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "description": rule.description,
        "weekdays": sorted(rule.weekdays),
        "dates": sorted(d.isoformat() for d in rule.dates),
        # A string, so that no JSON decoder turns the rate into a float.
        "percent": None if rule.percent is None else str(rule.percent),
        "per_day": None if rule.per_day is None else rule.per_day.amount,
    }


def rule_from_json(data: Mapping[str, Any], currency: str) -> PriceRule:
    return PriceRule(
        code=data["code"],
        description=data["description"],
        weekdays=frozenset(data["weekdays"]),
        dates=frozenset(date.fromisoformat(d) for d in data["dates"]),
        percent=None if data["percent"] is None else Decimal(data["percent"]),
        per_day=None if data["per_day"] is None else Money(data["per_day"], currency),
    )


def vehicle_to_row(vehicle: Vehicle) -> dict[str, Any]:
    """The row of a listing, but for ``search_text`` (it needs the brand and model names)."""
    list_price = vehicle.list_price
    amounts = {column: amount_of(getattr(vehicle, column)) for column in MONEY_COLUMNS}
    return (
        to_row(
            vehicle,
            currency=_vehicle_currency(vehicle),
            options=[option_to_json(option) for option in vehicle.options],
            rules=[rule_to_json(rule) for rule in vehicle.rules],
            list_price=list_price.amount if list_price is not None else 0,
        )
        | amounts
    )


def vehicle_from_row(row: Row) -> Vehicle:
    currency = row["currency"]
    return from_row(
        Vehicle,
        row,
        category=Category(row["category"]),
        transmission=Transmission(row["transmission"]),
        fuel_type=FuelType(row["fuel_type"]),
        status=ListingStatus(row["status"]),
        options=tuple(option_from_json(o, currency) for o in row["options"]),
        rules=tuple(rule_from_json(r, currency) for r in row["rules"]),
        rating=Decimal(row["rating"]),
        **{column: money_of(row[column], currency) for column in MONEY_COLUMNS},
    )
