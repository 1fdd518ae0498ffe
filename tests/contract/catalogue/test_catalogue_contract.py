"""Contract: listing details, photos, favorites, the calendar and search behave alike everywhere."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from tests.contract.samples import BRAND, CITY, MODEL, SELLER, T0, a_user, a_vehicle, an_id, seed

from bigauto.domain.catalogue.availability import CalendarEntry, EntryKind
from bigauto.domain.catalogue.pricing import OptionCharge, PriceRule, RentalOption
from bigauto.domain.catalogue.search import SearchQuery, SortOrder
from bigauto.domain.catalogue.vehicles import Category, ListingStatus, Photo
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")


def a_photo(n: int, vehicle_id: str, position: int, *, cover: bool = False) -> Photo:
    return Photo(
        id=an_id(500 + n),
        vehicle_id=vehicle_id,
        key=f"vehicles/{vehicle_id}/{n}.jpg",
        url=f"/media/{n}.jpg",
        thumbnail=f"/media/{n}_thumb.jpg",
        content_type="image/jpeg",
        size=1000 + n,
        position=position,
        is_cover=cover,
        created_at=T0 + timedelta(minutes=n),
    )


def days(a: int, b: int) -> DatePeriod:
    return DatePeriod(date(2026, 5, a), date(2026, 5, b))


async def test_a_listing_keeps_its_rate_plan_vin_address_and_rating(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Options, rules, VIN, address and rating come back exactly, and make the same plan."""
    vehicle = a_vehicle(
        1,
        vin="MHKA1BA1JFK000001",
        address="Jl. Asia Afrika 8",
        options=[
            RentalOption("DRIVER", "With driver", Money(250_000)),
            RentalOption("DELIVERY", "Delivery", Money(100_000), OptionCharge.FLAT),
        ],
        rules=[
            PriceRule("WEEKEND", "Weekend", weekdays={5, 6}, percent=Decimal("0.20")),
            PriceRule("LEBARAN", "Lebaran", dates={date(2026, 3, 20)}, per_day=Money(150_000)),
        ],
        rating=Decimal("4.75"),
        review_count=8,
    )
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(vehicle)
        await uow.commit()

    async with uow_factory() as uow:
        stored = await uow.vehicles.get(vehicle.id)
    assert stored == vehicle
    assert stored is not None and stored.rate_plan() == vehicle.rate_plan()


async def test_a_soft_deleted_listing_is_gone_from_get_lists_and_counts(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """After archiving with deleted_at, the repository no longer sees the listing."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.vehicles.add(a_vehicle(2))
        await uow.vehicles.update(a_vehicle(1).archived(T0))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.vehicles.get(a_vehicle(1).id) is None
        assert await uow.vehicles.count() == 1
        with pytest.raises(NotFound):
            await uow.vehicles.update(a_vehicle(1))


async def test_photos_are_listed_in_position_order_and_reordered(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """of_vehicle sorts by position; save_order stores positions and cover flags."""
    vid = a_vehicle(1).id
    photos = [a_photo(1, vid, 2), a_photo(2, vid, 0, cover=True), a_photo(3, vid, 1)]
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        for photo in photos:
            await uow.photos.add(photo)
        await uow.commit()

    async with uow_factory() as uow:
        assert [p.id for p in await uow.photos.of_vehicle(vid)] == [
            an_id(502),
            an_id(503),
            an_id(501),
        ]
        assert await uow.photos.get(an_id(501)) == photos[0]
        await uow.photos.save_order(
            [
                attrs.evolve(photos[0], position=0, is_cover=True),
                attrs.evolve(photos[1], position=1, is_cover=False),
            ]
        )
        await uow.photos.remove(an_id(503))
        with pytest.raises(NotFound):
            await uow.photos.remove(an_id(503))
        await uow.commit()

    async with uow_factory() as uow:
        listed = await uow.photos.of_vehicle(vid)
        assert [(p.id, p.position, p.is_cover) for p in listed] == [
            (an_id(501), 0, True),
            (an_id(502), 1, False),
        ]
        assert await uow.photos.of_vehicle(an_id(77)) == []


async def test_favorites_are_idempotent_both_ways(uow_factory: UnitOfWorkFactory) -> None:
    """Adding twice keeps one favorite; removing twice answers False the second time."""
    user = a_user(1)
    async with uow_factory() as uow:
        await seed(uow)
        await uow.users.add(user)
        await uow.vehicles.add(a_vehicle(1))
        assert await uow.favorites.add(user.id, a_vehicle(1).id, T0)
        assert not await uow.favorites.add(user.id, a_vehicle(1).id, T0 + timedelta(hours=1))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.favorites.contains(user.id, a_vehicle(1).id)
        page = await uow.search.favorites(user.id, page=1, limit=10)
        assert [h.id for h in page.items] == [a_vehicle(1).id] and page.total_items == 1
        assert await uow.favorites.remove(user.id, a_vehicle(1).id)
        assert not await uow.favorites.remove(user.id, a_vehicle(1).id)
        with pytest.raises(NotFound):
            await uow.favorites.add(user.id, an_id(77), T0)


async def test_favorites_list_newest_first_without_deleted_listings(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The favorites page orders by when each was marked and skips deleted listings."""
    user = a_user(1)
    async with uow_factory() as uow:
        await seed(uow)
        await uow.users.add(user)
        for n in (1, 2, 3):
            await uow.vehicles.add(a_vehicle(n))
            await uow.favorites.add(user.id, a_vehicle(n).id, T0 + timedelta(minutes=n))
        await uow.vehicles.update(a_vehicle(2).archived(T0))
        await uow.commit()

    async with uow_factory() as uow:
        first = await uow.search.favorites(user.id, page=1, limit=1)
        second = await uow.search.favorites(user.id, page=2, limit=1)
        past = await uow.search.favorites(user.id, page=3, limit=1)
    assert [h.id for h in first.items] == [a_vehicle(3).id]
    assert [h.id for h in second.items] == [a_vehicle(1).id]
    assert past.items == [] and past.total_items == 2 and first.total_pages == 2


async def test_the_calendar_keeps_entries_and_removes_them_softly(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Entries come back as a domain Calendar; a removed ref is free to be used again."""
    vid = a_vehicle(1).id
    hold = CalendarEntry.hold("r-1", days(10, 12), expires_at=T0 + timedelta(minutes=30))
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.calendar.add(
            vid, CalendarEntry.block("b-1", days(1, 3)), created_at=T0, note="servis"
        )
        await uow.calendar.add(vid, hold, created_at=T0)
        with pytest.raises(Conflict):
            await uow.calendar.add(vid, CalendarEntry.booking("r-1", days(20, 22)), created_at=T0)
        await uow.commit()

    async with uow_factory() as uow:
        calendar = await uow.calendar.entries(vid)
        assert [(e.ref, e.kind) for e in calendar.entries] == [
            ("b-1", EntryKind.BLOCK),
            ("r-1", EntryKind.HOLD),
        ]
        assert calendar.get("r-1") == hold
        assert [e.ref for e in (await uow.calendar.entries(vid, days(11, 15))).entries] == ["r-1"]
        record = await uow.calendar.find("b-1")
        assert record is not None and record.vehicle_id == vid and record.note == "servis"
        await uow.calendar.remove("r-1", at=T0)
        with pytest.raises(NotFound):
            await uow.calendar.remove("r-1", at=T0)
        await uow.calendar.add(vid, CalendarEntry.booking("r-1", days(10, 12)), created_at=T0)
        await uow.commit()

    async with uow_factory() as uow:
        calendar = await uow.calendar.entries(vid)
        assert calendar.get("r-1") == CalendarEntry.booking("r-1", days(10, 12))
        assert await uow.calendar.find("nope") is None


async def test_search_answers_public_listings_with_names_seller_and_cover_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A hit joins brand, model, city and seller, lists the cover photo first, hides drafts."""
    vid = a_vehicle(1).id
    async with uow_factory() as uow:
        await seed(uow)
        await uow.vehicles.add(a_vehicle(1))
        await uow.vehicles.add(a_vehicle(2, status=ListingStatus.DRAFT))
        await uow.vehicles.add(
            a_vehicle(
                3,
                category=Category.SALE,
                daily_rate=None,
                weekly_rate=None,
                deposit=None,
                price=Money(150_000_000),
            )
        )
        await uow.photos.add(a_photo(1, vid, 0))
        await uow.photos.add(a_photo(2, vid, 1, cover=True))
        await uow.commit()

    async with uow_factory() as uow:
        page = await uow.search.search(SearchQuery(sort=SortOrder.PRICE_ASC), now=T0)
    assert [h.id for h in page.items] == [a_vehicle(1).id, a_vehicle(3).id]
    rental, sale = page.items
    assert (rental.brand, rental.model, rental.city) == (BRAND.name, MODEL.name, CITY.name)
    assert rental.daily_rate == 350_000 and rental.price is None
    assert sale.price == 150_000_000 and sale.daily_rate is None
    assert [p.url for p in rental.photos] == ["/media/2.jpg", "/media/1.jpg"]
    assert rental.seller.business_name == SELLER.seller.business_name  # type: ignore[union-attr]
    assert rental.rating is None and rental.review_count == 0
    assert page.total_items == 2


async def test_search_skips_vehicles_taken_for_the_dates_but_not_expired_holds(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Availability excludes overlapping bookings, blocks and live holds, and sale listings."""
    now = T0
    async with uow_factory() as uow:
        await seed(uow)
        for n in (1, 2, 3, 4):
            await uow.vehicles.add(a_vehicle(n))
        await uow.vehicles.add(
            a_vehicle(
                5,
                category=Category.SALE,
                price=Money(9_000_000),
                daily_rate=None,
                weekly_rate=None,
                deposit=None,
            )
        )
        await uow.calendar.add(
            a_vehicle(1).id, CalendarEntry.booking("bk", days(10, 13)), created_at=now
        )
        await uow.calendar.add(
            a_vehicle(2).id, CalendarEntry.block("bl", days(12, 14)), created_at=now
        )
        await uow.calendar.add(
            a_vehicle(3).id,
            CalendarEntry.hold("old", days(10, 20), expires_at=now - timedelta(minutes=1)),
            created_at=now,
        )
        await uow.calendar.add(
            a_vehicle(4).id, CalendarEntry.booking("later", days(13, 15)), created_at=now
        )
        await uow.commit()

    query = SearchQuery(available_from=date(2026, 5, 11), available_to=date(2026, 5, 13))
    async with uow_factory() as uow:
        page = await uow.search.search(query, now=now)
    assert sorted(h.id for h in page.items) == [a_vehicle(3).id, a_vehicle(4).id]
