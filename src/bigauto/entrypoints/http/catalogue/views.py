"""JSON shapes of the catalogue: search hits, listings, photos, pages (as API.md writes them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from bigauto.domain.catalogue.pricing import PriceRule, RentalOption
from bigauto.domain.catalogue.vehicles import Category, Photo
from bigauto.domain.shared.periods import DatePeriod
from bigauto.entrypoints.http.codec import picked
from bigauto.ports.catalogue.repositories import SearchHit
from bigauto.services.catalogue.listings import ListingDetails

T = TypeVar("T")


def number(value: Decimal | None) -> float | None:
    """A Decimal as a JSON number (coordinates, ratings); money never goes through here."""
    return None if value is None else float(value)


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A search hit with exactly API.md's fields (``distance_km`` only on a geo search)."""
    body: dict[str, Any] = {
        "id": hit.id,
        "brand": hit.brand,
        "model": hit.model,
        "year": hit.year,
        "category": hit.category.value,
    }
    if hit.category is Category.SALE:
        body["price"] = hit.price
    else:
        body["daily_rate"] = hit.daily_rate
    body.update(
        transmission=hit.transmission.value,
        fuel_type=hit.fuel_type.value,
        seats=hit.seats,
        city=hit.city,
        photos=[{"url": p.url, "thumbnail": p.thumbnail} for p in hit.photos],
        rating=number(hit.rating),
        review_count=hit.review_count,
        seller={
            "id": hit.seller.id,
            "name": hit.seller.name,
            "business_name": hit.seller.business_name,
        },
    )
    if hit.distance_km is not None:
        body["distance_km"] = round(hit.distance_km, 2)
    return body


def favorite_json(hit: SearchHit) -> dict[str, Any]:
    """A favorite: the search hit plus its status (a favorite may since have been sold)."""
    return {**hit_json(hit), "title": hit.title, "status": hit.status.value}


def photo_json(photo: Photo) -> dict[str, Any]:
    return picked(photo, "id", "url", "thumbnail", "position", "is_cover")


def option_json(option: RentalOption) -> dict[str, Any]:
    return {
        "code": option.code,
        "description": option.description,
        "price": option.price.amount,
        "charge": option.charge.value,
    }


def rule_json(rule: PriceRule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "description": rule.description,
        "weekdays": sorted(rule.weekdays),
        "dates": sorted(d.isoformat() for d in rule.dates),
        "percent": None if rule.percent is None else str(rule.percent),
        "per_day": None if rule.per_day is None else rule.per_day.amount,
    }


def _amount(money: Any) -> int | None:
    return None if money is None else int(money.amount)


def listing_json(details: ListingDetails) -> dict[str, Any]:
    """A listing as its page shows it, with everything its owner can edit."""
    v, seller = details.vehicle, details.seller
    rental = v.category is Category.RENTAL
    return {
        "id": v.id,
        "seller_id": v.seller_id,
        "category": v.category.value,
        "status": v.status.value,
        "title": v.title,
        "description": v.description,
        "brand": {"id": details.brand.id, "name": details.brand.name},
        "model": {
            "id": details.model.id,
            "name": details.model.name,
            "body_type": details.model.body_type,
        },
        "year": v.year,
        "city": {
            "id": details.city.id,
            "name": details.city.name,
            "province": details.city.province,
        },
        "transmission": v.transmission.value,
        "fuel_type": v.fuel_type.value,
        "seats": v.seats,
        "price": _amount(v.price),
        "rates": (
            {
                "daily": _amount(v.daily_rate),
                "weekly": _amount(v.weekly_rate),
                "monthly": _amount(v.monthly_rate),
            }
            if rental
            else None
        ),
        "deposit": _amount(v.deposit),
        "options": [option_json(o) for o in v.options],
        "rules": [rule_json(r) for r in v.rules],
        "mileage": v.mileage,
        "plate_region": v.plate_region,
        "condition": v.condition,
        "vin": v.vin,
        "address": v.address,
        "lat": number(v.latitude),
        "lng": number(v.longitude),
        "photos": [photo_json(p) for p in details.photos],
        "rating": number(v.rating) if v.review_count else None,
        "review_count": v.review_count,
        "seller": {
            "id": seller.id,
            "name": seller.name,
            "business_name": seller.seller.business_name if seller.seller else None,
        },
        "created_at": v.created_at.isoformat(),
    }


def period_json(period: DatePeriod) -> dict[str, str]:
    return {"start_date": period.start.isoformat(), "end_date": period.end.isoformat()}


__all__ = [
    "favorite_json",
    "hit_json",
    "listing_json",
    "number",
    "period_json",
    "photo_json",
]
