"""HTTP: ``GET /api/vehicles`` — every filter, every sort, and the edges of pagination."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import (
    AVANZA,
    BRIO,
    HONDA,
    INNOVA,
    JAKARTA,
    SOON,
    SURABAYA,
    TOYOTA,
    day,
    seed_master,
)

from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.catalogue.vehicles import (
    Category,
    FuelType,
    ListingStatus,
    Transmission,
    Vehicle,
)
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod

Client = AsyncTestClient[Litestar]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def vehicle(n: int, seller_id: str, **changes: Any) -> Vehicle:
    values: dict[str, Any] = dict(
        id=f"00000000-0000-7000-8000-{n:012d}",
        seller_id=seller_id,
        category=Category.RENTAL,
        brand_id=TOYOTA.id,
        model_id=AVANZA.id,
        year=2020,
        city_id=JAKARTA.id,
        transmission=Transmission.AUTOMATIC,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title=f"Listing {n}",
        created_at=T0 + timedelta(hours=n),
        daily_rate=Money(300_000),
    )
    values.update(changes)
    if values["category"] is Category.SALE:
        values.setdefault("price", Money(100_000_000))
        values["daily_rate"] = None
    return Vehicle(**values)


@pytest.fixture
async def fleet(app: Litestar, make_user: Callable[..., Awaitable[Any]]) -> dict[str, str]:
    """Six public listings (and a draft and a deleted one) that differ one filter at a time."""
    await seed_master(app)
    seller, _ = await make_user(seller=True)
    s = seller.id
    vehicles = {
        "avanza": vehicle(1, s, title="Sewa Avanza murah"),
        "innova": vehicle(
            2,
            s,
            model_id=INNOVA.id,
            year=2023,
            daily_rate=Money(650_000),
            seats=8,
            fuel_type=FuelType.DIESEL,
            rating=Decimal("4.80"),
            review_count=5,
        ),
        "brio": vehicle(
            3,
            s,
            brand_id=HONDA.id,
            model_id=BRIO.id,
            year=2018,
            seats=5,
            transmission=Transmission.MANUAL,
            daily_rate=Money(200_000),
            city_id=SURABAYA.id,
            latitude=SURABAYA.latitude,
            longitude=SURABAYA.longitude,
        ),
        "sale_avanza": vehicle(
            4,
            s,
            category=Category.SALE,
            price=Money(180_000_000),
            year=2022,
            title="Dijual Avanza",
            rating=Decimal("4.10"),
            review_count=2,
        ),
        "sale_brio": vehicle(
            5,
            s,
            category=Category.SALE,
            brand_id=HONDA.id,
            model_id=BRIO.id,
            price=Money(120_000_000),
            year=2016,
            fuel_type=FuelType.HYBRID,
            latitude=Decimal("-6.300000"),
            longitude=Decimal("106.900000"),
        ),
        "electric": vehicle(
            6, s, fuel_type=FuelType.ELECTRIC, daily_rate=Money(900_000), year=2025
        ),
        "draft": vehicle(7, s, status=ListingStatus.DRAFT),
        "deleted": vehicle(8, s, deleted_at=T0),
    }
    async with app.state.container.uow_factory()() as uow:
        for v in vehicles.values():
            await uow.vehicles.add(v)
        await uow.calendar.add(
            vehicles["avanza"].id,
            CalendarEntry.booking(
                "booking-1", DatePeriod(SOON + timedelta(days=10), SOON + timedelta(days=15))
            ),
            created_at=T0,
        )
        await uow.commit()
    return {name: v.id for name, v in vehicles.items()}


async def names(client: Client, fleet: dict[str, str], **params: Any) -> list[str]:
    response = await client.get("/api/vehicles", params=params)
    assert response.status_code == 200, response.text
    by_id = {v: k for k, v in fleet.items()}
    return [by_id[hit["id"]] for hit in response.json()["data"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["electric", "sale_brio", "sale_avanza", "brio", "innova", "avanza"]),
        ({"search": "avanza"}, ["electric", "sale_avanza", "avanza"]),
        ({"search": "TOYOTA murah"}, ["avanza"]),
        ({"search": "honda brio"}, ["sale_brio", "brio"]),
        ({"search": "lamborghini"}, []),
        ({"category": "sale"}, ["sale_brio", "sale_avanza"]),
        ({"brand": HONDA.id}, ["sale_brio", "brio"]),
        ({"model": INNOVA.id}, ["innova"]),
        ({"city": SURABAYA.id}, ["brio"]),
        ({"min_year": 2022}, ["electric", "sale_avanza", "innova"]),
        ({"max_year": 2018}, ["sale_brio", "brio"]),
        ({"min_year": 2018, "max_year": 2020}, ["brio", "avanza"]),
        ({"min_price": 600_000, "max_price": 1_000_000}, ["electric", "innova"]),
        ({"max_price": 300_000}, ["brio", "avanza"]),
        ({"transmission": "manual"}, ["brio"]),
        ({"fuel_type": "diesel"}, ["innova"]),
        ({"fuel_type": "electric"}, ["electric"]),
        ({"seats": 8}, ["innova"]),
        ({"seats": 6}, ["electric", "sale_brio", "sale_avanza", "innova", "avanza"]),
        ({"lat": "-7.25", "lng": "112.77", "radius_km": "20"}, ["brio"]),
        (
            {"available_from": day(12), "available_to": day(14)},
            ["electric", "brio", "innova"],
        ),
        (
            {"available_from": day(15), "available_to": day(17)},
            ["electric", "brio", "innova", "avanza"],
        ),
    ],
)
async def test_each_filter_narrows_the_public_listings(
    client: Client, fleet: dict[str, str], params: dict[str, Any], expected: list[str]
) -> None:
    """Each filter keeps exactly the public listings that match it, newest first."""
    assert await names(client, fleet, **params) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["electric", "sale_brio", "sale_avanza", "brio", "innova", "avanza"]),
        ("price_asc", ["brio", "avanza", "innova", "electric", "sale_brio", "sale_avanza"]),
        ("price_desc", ["sale_avanza", "sale_brio", "electric", "innova", "avanza", "brio"]),
        ("year_desc", ["electric", "innova", "sale_avanza", "avanza", "brio", "sale_brio"]),
        ("rating_desc", ["innova", "sale_avanza", "electric", "sale_brio", "brio", "avanza"]),
    ],
)
async def test_each_sort_orders_the_hits(
    client: Client, fleet: dict[str, str], sort: str, expected: list[str]
) -> None:
    """Sorts order by price (sale price or daily rate), year, rating; ties by id."""
    assert await names(client, fleet, sort=sort) == expected


async def test_distance_sort_answers_the_distance(client: Client, fleet: dict[str, str]) -> None:
    """Near Monas, the listing placed in south Jakarta beats the city-centre ones; Surabaya last."""
    response = await client.get(
        "/api/vehicles", params={"lat": "-6.3", "lng": "106.9", "sort": "distance", "limit": 100}
    )
    hits = response.json()["data"]
    by_id = {v: k for k, v in fleet.items()}

    assert by_id[hits[0]["id"]] == "sale_brio" and hits[0]["distance_km"] == 0.0
    assert by_id[hits[-1]["id"]] == "brio"
    assert [h["distance_km"] for h in hits] == sorted(h["distance_km"] for h in hits)
    assert 650 < hits[-1]["distance_km"] < 700


async def test_a_hit_has_exactly_the_documented_fields(
    client: Client, fleet: dict[str, str]
) -> None:
    """Rental hits carry daily_rate, sale hits price; nothing else beyond the documented fields."""
    hits = {h["id"]: h for h in (await client.get("/api/vehicles")).json()["data"]}
    common = {
        "id",
        "brand",
        "model",
        "year",
        "category",
        "transmission",
        "fuel_type",
        "seats",
        "city",
        "photos",
        "rating",
        "review_count",
        "seller",
    }

    innova, sale = hits[fleet["innova"]], hits[fleet["sale_avanza"]]
    assert set(innova) == common | {"daily_rate"}
    assert set(sale) == common | {"price"}
    assert innova["daily_rate"] == 650_000 and innova["rating"] == 4.8
    assert sale["price"] == 180_000_000
    assert (innova["brand"], innova["model"], innova["city"]) == (
        "Toyota",
        "Kijang Innova",
        "Jakarta",
    )
    assert set(innova["seller"]) == {"id", "name", "business_name"}
    assert hits[fleet["electric"]]["rating"] is None


async def test_pages_split_the_hits_and_a_page_past_the_end_is_empty(
    client: Client, fleet: dict[str, str]
) -> None:
    """limit splits the six hits into pages; page 4 of 2-per-page is empty but keeps the totals."""
    pages = [
        await client.get("/api/vehicles", params={"limit": 2, "page": p}) for p in (1, 2, 3, 4)
    ]
    ids = [h["id"] for p in pages[:3] for h in p.json()["data"]]

    assert len(ids) == len(set(ids)) == 6
    assert pages[3].json() == {
        "data": [],
        "pagination": {"current_page": 4, "total_pages": 3, "total_items": 6, "items_per_page": 2},
    }
    assert pages[0].json()["pagination"] == {
        "current_page": 1,
        "total_pages": 3,
        "total_items": 6,
        "items_per_page": 2,
    }


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 101},
        {"limit": 0},
        {"page": 0},
        {"sort": "distance"},
        {"sort": "cheapest"},
        {"category": "boat"},
        {"lat": "-6.2"},
        {"radius_km": "5"},
        {"lat": "91", "lng": "0"},
        {"min_year": 2024, "max_year": 2020},
        {"min_price": 500, "max_price": 100},
        {"available_from": day(5)},
        {"available_from": day(5), "available_to": day(5)},
        {"page": "two"},
        {"available_from": "tomorrow", "available_to": day(5)},
        {"search": "x" * 101},
    ],
)
async def test_a_bad_search_is_a_422(
    client: Client, fleet: dict[str, str], params: dict[str, Any]
) -> None:
    """limit above 100 is refused (not clamped), as is any malformed or contradictory filter."""
    response = await client.get("/api/vehicles", params=params)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_year": 10**20}, "min_year"),
        ({"max_year": 1899}, "max_year"),
        ({"min_price": 2**64}, "min_price"),
        ({"max_price": -1}, "max_price"),
        ({"page": 2**63}, "page"),
        ({"limit": 10**30}, "limit"),
        ({"seats": 61}, "seats"),
        ({"lat": "nan", "lng": "0"}, "lat"),
        ({"lat": "0", "lng": "1e400"}, "lng"),
        ({"lat": "0", "lng": "0", "radius_km": "0"}, "radius_km"),
        ({"category": "boat"}, "category"),
        ({"transmission": "cvt"}, "transmission"),
        ({"fuel_type": "coal"}, "fuel_type"),
        ({"sort": "cheapest"}, "sort"),
        ({"brand": "x" * 65}, "brand"),
        ({"search": "x" * 101}, "search"),
        ({"available_from": "9999-12-30", "available_to": "9999-12-31"}, "available_from"),
        ({"available_from": day(0), "available_to": "9999-12-31"}, "available_to"),
        ({"available_from": "0001-01-01", "available_to": "0001-01-02"}, "available_from"),
    ],
)
async def test_a_filter_out_of_bounds_is_a_422_naming_it(
    client: Client, params: dict[str, Any], field: str
) -> None:
    """Huge numbers, wrong enums, over-long text and days beyond the calendar are refused
    before any query runs, naming the filter."""
    response = await client.get("/api/vehicles", params=params)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"brand": "honda"}, "brand takes a brand id (see GET /api/brands); 'honda' is not one"),
        (
            {"model": "avanza"},
            "model takes a model id (see GET /api/brands/{brand_id}/models); 'avanza' is not one",
        ),
        ({"city": "jakarta"}, "city takes a city id (see GET /api/cities); 'jakarta' is not one"),
    ],
)
async def test_a_name_where_an_id_belongs_is_a_422_saying_so(
    client: Client, fleet: dict[str, str], params: dict[str, Any], message: str
) -> None:
    """brand, model and city take ids: given a name, the 422 says which ids and where."""
    response = await client.get("/api/vehicles", params=params)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["message"] == message
    assert error["details"]["errors"] == [{"field": next(iter(params)), "message": message}]


async def test_a_known_id_that_matches_nothing_is_an_empty_page(
    client: Client, fleet: dict[str, str]
) -> None:
    """A real brand with no listing in the city asked for finds nothing, which is no error."""
    response = await client.get("/api/vehicles", params={"brand": TOYOTA.id, "city": SURABAYA.id})

    assert response.status_code == 200, response.text
    assert response.json()["data"] == []


async def test_an_empty_catalogue_answers_an_empty_first_page(client: Client) -> None:
    """With nothing listed, search answers no data and zero pages."""
    response = await client.get("/api/vehicles")

    assert response.json() == {
        "data": [],
        "pagination": {"current_page": 1, "total_pages": 0, "total_items": 0, "items_per_page": 20},
    }
