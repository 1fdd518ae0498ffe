"""A small world for booking use-case tests: memory (or any) unit of work, a settable clock,
a seller with a rental and a sale listing, two customers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import attrs

from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.media import LocalMediaStorage
from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
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
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.bookings.context import BookingPolicy, Bookings
from bigauto.services.catalogue.context import Catalogue

#: 09:00 in Jakarta on Sunday 1 March 2026.
NOW = datetime(2026, 3, 1, 2, tzinfo=UTC)
CITY = City("city-jkt", "Jakarta", "DKI Jakarta", "Asia/Jakarta", Decimal("-6.2"), Decimal("106.8"))
BRAND = Brand("brand-1", "Toyota")
MODEL = CarModel("model-1", BRAND.id, "Avanza", "MPV")


def a_user(name: str, *, seller: bool = False) -> User:
    return User(
        id=name,
        email=f"{name}@example.com",
        name=name.title(),
        password_hash="x",
        created_at=NOW,
        email_verified=True,
        seller=SellerProfile(f"Toko {name}", CITY.id) if seller else None,
    )


SELLER, ANI, CITRA = a_user("budi", seller=True), a_user("ani"), a_user("citra")


def a_vehicle(vehicle_id: str, category: Category = Category.RENTAL) -> Vehicle:
    rental = category is Category.RENTAL
    return Vehicle(
        id=vehicle_id,
        seller_id=SELLER.id,
        category=category,
        brand_id=BRAND.id,
        model_id=MODEL.id,
        year=2022,
        city_id=CITY.id,
        transmission=Transmission.AUTOMATIC,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title=f"Avanza {vehicle_id}",
        created_at=NOW,
        daily_rate=Money(300_000) if rental else None,
        deposit=Money(500_000) if rental else None,
        price=None if rental else Money(200_000_000),
    )


CAR, FOR_SALE = a_vehicle("car-1"), a_vehicle("sale-1", Category.SALE)


def day(n: int) -> date:
    """The n-th of March 2026."""
    return date(2026, 3, n)


@attrs.define
class World:
    """Ports, policy and the seeded listings."""

    uow_factory: UnitOfWorkFactory
    clock: FixedClock
    ctx: Bookings

    async def events(self) -> list[DomainEvent]:
        async with self.uow_factory() as uow:
            return [record.event for record in await uow.outbox.pending(limit=10_000)]

    async def event_names(self) -> list[str]:
        return [e.name for e in await self.events()]

    def advance(self, **parts: float) -> datetime:
        return self.clock.advance(timedelta(**parts))

    def catalogue(self) -> Catalogue:
        """The catalogue use cases' context on the same ports (no geocoding, no photos)."""
        return Catalogue(
            self.uow_factory,
            self.clock,
            self.ctx.ids,
            CityCentreGeocoder(),
            LocalMediaStorage(Path("unused")),
        )


async def make_world(
    uow_factory: UnitOfWorkFactory | None = None, policy: BookingPolicy | None = None
) -> World:
    factory = uow_factory or MemoryUnitOfWorkFactory()
    clock = FixedClock(NOW)
    async with factory() as uow:
        await uow.catalogue.add_city(CITY)
        await uow.catalogue.add_brand(BRAND)
        await uow.catalogue.add_model(MODEL)
        for user in (SELLER, ANI, CITRA):
            await uow.users.add(user)
        await uow.vehicles.add(CAR)
        await uow.vehicles.add(FOR_SALE)
        await uow.commit()
    ctx = Bookings(factory, clock, SequentialIds(), policy or BookingPolicy())
    return World(factory, clock, ctx)
