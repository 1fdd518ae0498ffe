"""Load the demo marketplace: master data, a few sellers and customers, and their vehicles.

Deterministic for a given ``seed`` so that a demo, a screenshot or a benchmark is repeatable.
Runs only against an empty database unless told otherwise (the CLI decides).
"""

from __future__ import annotations

import random
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.pricing import WEEKEND, OptionCharge, PriceRule, RentalOption
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
from bigauto.domain.identity.accounts import SellerProfile, User, normalise_email
from bigauto.domain.shared.money import Money
from bigauto.ports.identity.security import PasswordHasher
from bigauto.ports.shared.system import IdGenerator
from bigauto.services.catalogue import demo_data
from bigauto.services.catalogue.context import Catalogue

DEMO_PASSWORD = "bigauto-demo-2026"


@attrs.frozen
class SeedReport:
    """What a seeding run created."""

    brands: int
    models: int
    cities: int
    sellers: int
    customers: int
    vehicles: int


async def seed_demo(
    ctx: Catalogue,
    hasher: PasswordHasher,
    *,
    vehicles: int = 30,
    seed: int = 2026,
    batch: int = 1000,
) -> SeedReport:
    """Create the demo data set; ``vehicles`` listings spread over the demo sellers."""
    rng = random.Random(seed)
    ids, now = ctx.ids, ctx.clock.now()
    password_hash = await hasher.hash(DEMO_PASSWORD)

    brands: list[Brand] = []
    models: list[CarModel] = []
    cities: list[City] = []
    for brand_name, brand_models in demo_data.BRANDS:
        brand = Brand(ids.new_id(), brand_name)
        brands.append(brand)
        models.extend(CarModel(ids.new_id(), brand.id, name, body) for name, body in brand_models)
    for name, province, tz, lat, lng in demo_data.CITIES:
        cities.append(City(ids.new_id(), name, province, tz, Decimal(lat), Decimal(lng)))
    city_by_name = {c.name: c for c in cities}

    def demo_user(name: str, email: str, seller: SellerProfile | None = None) -> User:
        return User(
            id=ids.new_id(),
            email=normalise_email(email),
            name=name,
            password_hash=password_hash,
            created_at=now,
            email_verified=True,
            seller=seller,
        )

    sellers = [
        demo_user(name, email, SellerProfile(business_name=business, city_id=city_by_name[city].id))
        for name, email, business, city in demo_data.SELLERS
    ]
    customers = [demo_user(name, email) for name, email in demo_data.CUSTOMERS]

    async with ctx.uow_factory() as uow:
        for brand in brands:
            await uow.catalogue.add_brand(brand)
        for model in models:
            await uow.catalogue.add_model(model)
        for city in cities:
            await uow.catalogue.add_city(city)
        for user in (*sellers, *customers):
            await uow.users.add(user)
        await uow.commit()

    brand_by_id = {b.id: b for b in brands}
    made = 0
    while made < vehicles:
        async with ctx.uow_factory() as uow:
            for _ in range(min(batch, vehicles - made)):
                seller = sellers[made % len(sellers)]
                model = rng.choice(models)
                await uow.vehicles.add(
                    _demo_vehicle(rng, ids, now, seller, model, brand_by_id, cities)
                )
                made += 1
            await uow.commit()

    return SeedReport(
        brands=len(brands),
        models=len(models),
        cities=len(cities),
        sellers=len(sellers),
        customers=len(customers),
        vehicles=made,
    )


WEEKEND_SURCHARGE = PriceRule(
    "WEEKEND", "Biaya akhir pekan", weekdays=WEEKEND, percent=Decimal("0.15")
)


def _demo_options(rng: random.Random) -> list[RentalOption]:
    """Most rentals offer a driver (per day); some deliver the car (once)."""
    options = []
    if rng.random() < 0.7:
        options.append(RentalOption("WITH_DRIVER", "Dengan sopir", Money(250_000)))
    if rng.random() < 0.4:
        options.append(
            RentalOption("DELIVERY", "Antar ke alamat", Money(150_000), OptionCharge.FLAT)
        )
    return options


def _demo_vehicle(
    rng: random.Random,
    ids: IdGenerator,
    now: object,
    seller: User,
    model: CarModel,
    brand_by_id: dict[str, Brand],
    cities: list[City],
) -> Vehicle:
    assert seller.seller is not None  # demo sellers all have a profile
    home = next((c for c in cities if c.id == seller.seller.city_id), cities[0])
    city = home if rng.random() < 0.7 else rng.choice(cities)
    category = Category.RENTAL if rng.random() < 0.5 else Category.SALE
    year = rng.randint(2012, 2026)
    brand = brand_by_id[model.brand_id].name
    seats = {"pickup": 2, "van": 12, "coupe": 4, "sedan": 5, "hatchback": 5}.get(model.body_type, 7)
    jitter = Decimal(rng.randint(-300, 300)) / Decimal(10_000)
    common = dict(
        id=ids.new_id(),
        seller_id=seller.id,
        brand_id=model.brand_id,
        model_id=model.id,
        year=year,
        city_id=city.id,
        transmission=rng.choice(list(Transmission)),
        fuel_type=rng.choices(list(FuelType), weights=[70, 20, 7, 3])[0],
        seats=seats,
        created_at=now,
        status=ListingStatus.ACTIVE,
        latitude=city.latitude + jitter,
        longitude=city.longitude - jitter,
    )
    if category is Category.RENTAL:
        daily = rng.randrange(250_000, 1_500_001, 25_000)
        return Vehicle(
            **common,  # type: ignore[arg-type]
            category=category,
            title=f"Sewa {brand} {model.name} {year}",
            description=f"{brand} {model.name} bersih dan terawat, siap untuk perjalanan Anda.",
            daily_rate=Money(daily),
            weekly_rate=Money(daily * 6),
            monthly_rate=Money(daily * 22),
            deposit=Money(1_000_000),
            options=_demo_options(rng),
            rules=[WEEKEND_SURCHARGE] if rng.random() < 0.3 else [],
        )
    return Vehicle(
        **common,  # type: ignore[arg-type]
        category=category,
        title=f"Dijual {brand} {model.name} {year}",
        description=f"{brand} {model.name} tangan pertama, pajak hidup, servis rutin.",
        price=Money(rng.randrange(80_000_000, 900_000_001, 500_000)),
        mileage=rng.randrange(5_000, 180_001, 1_000),
        plate_region=rng.choice(["B", "D", "L", "AB", "H", "N", "DK", "BK"]),
        condition=rng.choice(["excellent", "good", "fair"]),
    )


__all__ = ["DEMO_PASSWORD", "SeedReport", "seed_demo"]
