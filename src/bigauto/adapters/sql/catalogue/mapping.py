"""Master data and vehicles between table rows and domain objects, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bigauto.domain.bookings.pricing import OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import (
    Brand,
    CarModel,
    Category,
    City,
    FuelType,
    ListingStatus,
    Transmission,
    Vehicle,
)
from bigauto.domain.shared.errors import CurrencyMismatch
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money

Row = Mapping[Any, Any]


MONEY_COLUMNS = ("price", "daily_rate", "weekly_rate", "monthly_rate", "deposit")


def brand_from_row(row: Row) -> Brand:
    return Brand(id=row["id"], name=row["name"])


def model_from_row(row: Row) -> CarModel:
    return CarModel(
        id=row["id"], brand_id=row["brand_id"], name=row["name"], body_type=row["body_type"]
    )


def city_from_row(row: Row) -> City:
    return City(
        id=row["id"],
        name=row["name"],
        province=row["province"],
        timezone=row["timezone"],
        latitude=row["latitude"],
        longitude=row["longitude"],
    )


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
    row: dict[str, Any] = {
        "id": vehicle.id,
        "seller_id": vehicle.seller_id,
        "category": vehicle.category.value,
        "brand_id": vehicle.brand_id,
        "model_id": vehicle.model_id,
        "year": vehicle.year,
        "city_id": vehicle.city_id,
        "transmission": vehicle.transmission.value,
        "fuel_type": vehicle.fuel_type.value,
        "seats": vehicle.seats,
        "title": vehicle.title,
        "description": vehicle.description,
        "status": vehicle.status.value,
        "currency": _vehicle_currency(vehicle),
        "mileage": vehicle.mileage,
        "plate_region": vehicle.plate_region,
        "condition": vehicle.condition,
        "latitude": vehicle.latitude,
        "longitude": vehicle.longitude,
        "created_at": vehicle.created_at,
        "vin": vehicle.vin,
        "address": vehicle.address,
        "options": [option_to_json(option) for option in vehicle.options],
        "rules": [rule_to_json(rule) for rule in vehicle.rules],
        "rating": vehicle.rating,
        "review_count": vehicle.review_count,
        "deleted_at": vehicle.deleted_at,
        "list_price": list_price.amount if list_price is not None else 0,
    }
    for column in MONEY_COLUMNS:
        money: Money | None = getattr(vehicle, column)
        row[column] = money.amount if money is not None else None
    return row


def vehicle_from_row(row: Row) -> Vehicle:
    currency = row["currency"]
    amounts = {
        column: Money(row[column], currency) if row[column] is not None else None
        for column in MONEY_COLUMNS
    }
    return Vehicle(
        id=row["id"],
        seller_id=row["seller_id"],
        category=Category(row["category"]),
        brand_id=row["brand_id"],
        model_id=row["model_id"],
        year=row["year"],
        city_id=row["city_id"],
        transmission=Transmission(row["transmission"]),
        fuel_type=FuelType(row["fuel_type"]),
        seats=row["seats"],
        title=row["title"],
        created_at=row["created_at"],
        status=ListingStatus(row["status"]),
        description=row["description"],
        mileage=row["mileage"],
        plate_region=row["plate_region"],
        condition=row["condition"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        vin=row["vin"],
        address=row["address"],
        options=tuple(option_from_json(o, currency) for o in row["options"]),
        rules=tuple(rule_from_json(r, currency) for r in row["rules"]),
        rating=Decimal(row["rating"]),
        review_count=row["review_count"],
        deleted_at=row["deleted_at"],
        **amounts,
    )
