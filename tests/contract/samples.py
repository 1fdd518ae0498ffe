"""Sample master data, users, vehicles and events shared by the persistence contract tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.events import VehicleEvents
from bigauto.domain.catalogue.vehicles import (
    Brand,
    CarModel,
    Category,
    City,
    FuelType,
    Transmission,
    Vehicle,
)
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWork

T0 = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)

# Sample data. Ids are UUIDv7-shaped so that they sort in the order they are numbered.


def an_id(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


CITY = City(
    id=an_id(901),
    name="Bandung",
    province="Jawa Barat",
    timezone="Asia/Jakarta",
    latitude=Decimal("-6.917464"),
    longitude=Decimal("107.619125"),
)
BRAND = Brand(id=an_id(902), name="Toyota")
MODEL = CarModel(id=an_id(903), brand_id=BRAND.id, name="Avanza", body_type="MPV")


def a_user(n: int = 1, email: str | None = None, seller: bool = False) -> User:
    return User(
        id=an_id(n),
        email=email or f"user{n}@example.com",
        name=f"User {n}",
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        created_at=T0,
        phone="+6281234567890",
        seller=SellerProfile(business_name=f"Rental {n}", city_id=CITY.id) if seller else None,
    )


SELLER = a_user(900, seller=True)


def a_vehicle(n: int, created_at: datetime = T0, **changes: object) -> Vehicle:
    vehicle = Vehicle(
        id=an_id(n),
        seller_id=SELLER.id,
        category=Category.RENTAL,
        brand_id=BRAND.id,
        model_id=MODEL.id,
        year=2022,
        city_id=CITY.id,
        transmission=Transmission.AUTOMATIC,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title=f"Avanza {n}",
        created_at=created_at,
        daily_rate=Money(350_000),
        weekly_rate=Money(2_100_000),
        deposit=Money(1_000_000),
        latitude=Decimal("-6.914744"),
        longitude=Decimal("107.609810"),
    )
    return attrs.evolve(vehicle, **changes)


async def seed(uow: UnitOfWork) -> None:
    """The master data and the seller that vehicles refer to."""
    await uow.catalogue.add_city(CITY)
    await uow.catalogue.add_brand(BRAND)
    await uow.catalogue.add_model(MODEL)
    await uow.users.add(SELLER)


def an_event(n: int, occurred_at: datetime = T0, name: str = VehicleEvents.LISTED) -> DomainEvent:
    return DomainEvent(
        name=name,
        event_id=an_id(n),
        occurred_at=occurred_at,
        aggregate_type="vehicle",
        aggregate_id=an_id(n + 1000),
        payload={"title": f"Avanza {n}", "seats": 7, "tags": ["mpv", "family"], "ok": True},
    )
