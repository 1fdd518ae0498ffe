"""Contract: users, catalogue and vehicle repositories behave alike on every backend."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import attrs
import pytest
from tests.contract.samples import (
    BRAND,
    CITY,
    MODEL,
    SELLER,
    a_user,
    a_vehicle,
    an_id,
    seed,
)

from bigauto.domain.catalogue.vehicles import Brand, CarModel, Category, City, ListingStatus
from bigauto.domain.identity.errors import EmailTaken
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.money import MAX_AMOUNT, Money
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")


# Users


async def test_a_user_round_trips_with_their_seller_profile(uow_factory: UnitOfWorkFactory) -> None:
    """Every field of a user, seller profile included, comes back as it was stored."""
    seller = attrs.evolve(SELLER, email_verified=True, is_admin=True, locale="en")
    async with uow_factory() as uow:
        await seed(uow)
        await uow.users.add(a_user(1))
        await uow.users.update(seller)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.get(seller.id) == seller
        assert await uow.users.get(a_user(1).id) == a_user(1)
        assert (await uow.users.get(a_user(1).id)).seller is None  # type: ignore[union-attr]
        assert await uow.users.count() == 2


async def test_emails_are_unique_whatever_their_case(uow_factory: UnitOfWorkFactory) -> None:
    """A second account with the same email in other letters is refused as EMAIL_TAKEN."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1, email="ana@example.com"))
        with pytest.raises(EmailTaken) as refused:
            await uow.users.add(a_user(2, email="  Ana@Example.COM "))
        assert isinstance(refused.value, Conflict)
        assert refused.value.code == "EMAIL_TAKEN"
        # The refusal leaves the transaction usable.
        await uow.users.add(a_user(3))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.count() == 2


async def test_concurrent_sign_ups_with_one_email_leave_one_account(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Of two overlapping units of work registering one email, exactly one wins."""

    async def sign_up(n: int, email: str) -> str:
        try:
            async with uow_factory() as uow:
                await uow.users.add(a_user(n, email=email))
                await asyncio.sleep(0.05)  # keep the transaction open while the other runs
                await uow.commit()
        except EmailTaken:
            return "taken"
        return "created"

    outcomes = await asyncio.gather(sign_up(1, "eka@example.com"), sign_up(2, "EKA@example.com"))

    assert sorted(outcomes) == ["created", "taken"]
    async with uow_factory() as uow:
        assert await uow.users.count() == 1


async def test_emails_are_stored_normalised(uow_factory: UnitOfWorkFactory) -> None:
    """An email is kept trimmed and in lower case."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1, email=" Budi@Example.COM"))
        await uow.commit()

    async with uow_factory() as uow:
        stored = await uow.users.get(a_user(1).id)
        assert stored is not None and stored.email == "budi@example.com"


async def test_get_by_email_ignores_case(uow_factory: UnitOfWorkFactory) -> None:
    """Looking up an email finds its account however the email is capitalised."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1, email="citra@example.com"))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.get_by_email("CITRA@example.com") == a_user(
            1, email="citra@example.com"
        )
        assert await uow.users.get_by_email("nobody@example.com") is None


async def test_update_changes_a_user_but_not_to_a_taken_email(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An update is stored, unless it would take another account's email."""
    async with uow_factory() as uow:
        await uow.users.add(a_user(1))
        await uow.users.add(a_user(2))
        renamed = attrs.evolve(a_user(1), name="Dewi", phone=None, email_verified=True)
        await uow.users.update(renamed)
        with pytest.raises(EmailTaken):
            await uow.users.update(attrs.evolve(a_user(2), email=a_user(1).email.upper()))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.users.get(a_user(1).id) == renamed
        assert await uow.users.get(a_user(2).id) == a_user(2)


async def test_updating_an_unknown_user_is_not_found(uow_factory: UnitOfWorkFactory) -> None:
    """There is nothing to update for an id never stored."""
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.users.update(a_user(1))


# Catalogue


async def test_catalogue_lists_are_ordered_by_name(uow_factory: UnitOfWorkFactory) -> None:
    """Brands, a brand's models and cities are listed alphabetically."""
    honda = Brand(id=an_id(10), name="Honda")
    daihatsu = Brand(id=an_id(11), name="Daihatsu")
    jazz = CarModel(id=an_id(20), brand_id=honda.id, name="Jazz", body_type="hatchback")
    brio = CarModel(id=an_id(21), brand_id=honda.id, name="Brio", body_type="hatchback")
    denpasar = City(
        id=an_id(30),
        name="Denpasar",
        province="Bali",
        timezone="Asia/Makassar",
        latitude=Decimal("-8.650000"),
        longitude=Decimal("115.216667"),
    )
    async with uow_factory() as uow:
        await seed(uow)
        for brand in (honda, daihatsu):
            await uow.catalogue.add_brand(brand)
        for model in (jazz, brio):
            await uow.catalogue.add_model(model)
        await uow.catalogue.add_city(denpasar)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.catalogue.brands() == [daihatsu, honda, BRAND]
        assert await uow.catalogue.models(honda.id) == [brio, jazz]
        assert await uow.catalogue.models(BRAND.id) == [MODEL]
        assert await uow.catalogue.models(daihatsu.id) == []
        assert await uow.catalogue.cities() == [CITY, denpasar]


async def test_catalogue_entries_are_found_by_id(uow_factory: UnitOfWorkFactory) -> None:
    """Each entry is found by its id, with exact coordinates; unknown ids answer None."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.catalogue.get_brand(BRAND.id) == BRAND
        assert await uow.catalogue.get_model(MODEL.id) == MODEL
        city = await uow.catalogue.get_city(CITY.id)
        assert city == CITY
        assert city is not None and city.latitude == Decimal("-6.917464")
        assert await uow.catalogue.get_brand(an_id(1)) is None
        assert await uow.catalogue.get_model(an_id(1)) is None
        assert await uow.catalogue.get_city(an_id(1)) is None


# Vehicles


async def test_a_vehicle_round_trips_with_money_and_coordinates_exact(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Amounts come back as the same whole numbers, coordinates as the same Decimals."""
    for_sale = a_vehicle(
        2,
        category=Category.SALE,
        daily_rate=None,
        weekly_rate=None,
        deposit=None,
        price=Money(MAX_AMOUNT),
        mileage=123_456,
        plate_region="D",
        condition="bekas",
        latitude=None,
        longitude=None,
        status=ListingStatus.RESERVED,
        description="Satu pemilik, servis rutin.",
    )
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.vehicles.add(for_sale)
        await uow.commit()

    async with uow_factory() as uow:
        rental = await uow.vehicles.get(a_vehicle(1).id)
        assert rental == a_vehicle(1)
        assert rental is not None and rental.daily_rate == Money(350_000)
        assert type(rental.daily_rate.amount) is int
        assert rental.latitude == Decimal("-6.914744")
        assert await uow.vehicles.get(for_sale.id) == for_sale
        assert await uow.vehicles.get(an_id(3)) is None
        assert await uow.vehicles.count() == 2


async def test_update_changes_a_vehicle(uow_factory: UnitOfWorkFactory) -> None:
    """An updated listing is stored as given."""
    changed = a_vehicle(
        1, status=ListingStatus.PAUSED, daily_rate=Money(400_000), monthly_rate=Money(8_000_000)
    )
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.vehicles.update(changed)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.vehicles.get(changed.id) == changed


async def test_updating_an_unknown_vehicle_is_not_found(uow_factory: UnitOfWorkFactory) -> None:
    """There is nothing to update for an id never stored."""
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.vehicles.update(a_vehicle(1))


async def test_adding_the_same_vehicle_twice_is_a_conflict(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A vehicle id is stored once."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        with pytest.raises(Conflict):
            await uow.vehicles.add(a_vehicle(1, title="again"))
