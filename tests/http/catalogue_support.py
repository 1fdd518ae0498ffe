"""Master data and request bodies shared by the catalogue's HTTP tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
from litestar import Litestar

from bigauto.domain.catalogue.vehicles import Brand, CarModel, City

TOYOTA = Brand("00000000-0000-7000-8000-0000000000b1", "Toyota")
HONDA = Brand("00000000-0000-7000-8000-0000000000b2", "Honda")
AVANZA = CarModel("00000000-0000-7000-8000-0000000000a1", TOYOTA.id, "Avanza", "MPV")
INNOVA = CarModel("00000000-0000-7000-8000-0000000000a2", TOYOTA.id, "Kijang Innova", "MPV")
BRIO = CarModel("00000000-0000-7000-8000-0000000000a3", HONDA.id, "Brio", "hatchback")
JAKARTA = City(
    "00000000-0000-7000-8000-0000000000c1",
    "Jakarta",
    "DKI Jakarta",
    "Asia/Jakarta",
    Decimal("-6.200000"),
    Decimal("106.816666"),
)
SURABAYA = City(
    "00000000-0000-7000-8000-0000000000c2",
    "Surabaya",
    "Jawa Timur",
    "Asia/Jakarta",
    Decimal("-7.250445"),
    Decimal("112.768845"),
)
#: A day two months ahead: in the future and well within the calendar's horizon.
SOON = datetime.now(UTC).date() + timedelta(days=60)


def day(offset: int) -> str:
    """The ISO date ``offset`` days after SOON."""
    return (SOON + timedelta(days=offset)).isoformat()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(64)


@attrs.frozen
class Master:
    """The seeded master data."""

    brands: tuple[Brand, ...] = (TOYOTA, HONDA)
    models: tuple[CarModel, ...] = (AVANZA, INNOVA, BRIO)
    cities: tuple[City, ...] = (JAKARTA, SURABAYA)


async def seed_master(app: Litestar) -> Master:
    """Store two brands, three models and two cities (before any seller is made)."""
    master = Master()
    async with app.state.container.uow_factory()() as uow:
        for brand in master.brands:
            await uow.catalogue.add_brand(brand)
        for model in master.models:
            await uow.catalogue.add_model(model)
        for city in master.cities:
            await uow.catalogue.add_city(city)
        await uow.commit()
    return master


def rental_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "rental",
        "brand_id": TOYOTA.id,
        "model_id": AVANZA.id,
        "year": 2022,
        "city_id": JAKARTA.id,
        "transmission": "automatic",
        "fuel_type": "bensin",
        "seats": 7,
        "title": "Sewa Avanza keluarga",
        "rates": {"daily": 350_000, "weekly": 2_100_000},
        "deposit": 1_000_000,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def sale_body(**changes: Any) -> dict[str, Any]:
    body = rental_body(
        category="sale",
        rates=None,
        deposit=None,
        price=185_000_000,
        mileage=42_000,
        plate_region="B",
        condition="good",
        title="Dijual Avanza 2022",
    )
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}
