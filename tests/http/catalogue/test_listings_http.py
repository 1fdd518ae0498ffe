"""HTTP: master data, and a seller listing, editing and deleting vehicles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import (
    BRIO,
    HONDA,
    INNOVA,
    JAKARTA,
    SURABAYA,
    TOYOTA,
    rental_body,
    sale_body,
    seed_master,
)

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[tuple[Any, dict[str, str]]]]


@pytest.fixture
async def seller(app: Litestar, make_user: MakeUser) -> dict[str, str]:
    await seed_master(app)
    _, headers = await make_user(seller=True)
    return headers


def error_fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["error"]["details"]["errors"]]


async def test_master_data_lists_brands_models_and_cities(client: Client, app: Litestar) -> None:
    """Brands and cities are listed by name; a brand's models too; an unknown brand is 404."""
    await seed_master(app)

    brands = (await client.get("/api/brands")).json()["data"]
    models = (await client.get(f"/api/brands/{TOYOTA.id}/models")).json()["data"]
    cities = (await client.get("/api/cities")).json()["data"]

    assert [b["name"] for b in brands] == ["Honda", "Toyota"]
    assert [(m["name"], m["body_type"]) for m in models] == [
        ("Avanza", "MPV"),
        ("Kijang Innova", "MPV"),
    ]
    assert cities[0] == {
        "id": JAKARTA.id,
        "name": "Jakarta",
        "province": "DKI Jakarta",
        "timezone": "Asia/Jakarta",
        "lat": -6.2,
        "lng": 106.816666,
    }
    assert (await client.get("/api/brands/nope/models")).status_code == 404


async def test_a_seller_lists_a_rental_with_its_rate_plan(
    client: Client, seller: dict[str, str]
) -> None:
    """POST answers 201 with the active listing, its rates, options and the city's coordinates."""
    body = rental_body(
        options=[{"code": "DRIVER", "description": "With driver", "price": 250_000}],
        rules=[
            {"code": "WEEKEND", "description": "Weekend", "weekdays": [5, 6], "percent": "0.20"}
        ],
    )
    response = await client.post("/api/vehicles", json=body, headers=seller)

    assert response.status_code == 201, response.text
    listing = response.json()
    assert listing["status"] == "active"
    assert listing["rates"] == {"daily": 350_000, "weekly": 2_100_000, "monthly": None}
    assert listing["options"] == [
        {"code": "DRIVER", "description": "With driver", "price": 250_000, "charge": "per_day"}
    ]
    assert listing["rules"][0]["percent"] == "0.20"
    assert (listing["lat"], listing["lng"]) == (-6.2, 106.816666)
    assert listing["brand"] == {"id": TOYOTA.id, "name": "Toyota"}
    fetched = await client.get(f"/api/vehicles/{listing['id']}")
    assert fetched.json() == listing


async def test_a_sale_listing_keeps_its_price_and_given_coordinates(
    client: Client, seller: dict[str, str]
) -> None:
    """A sale listing answers its price, mileage, plate region and the coordinates it was given."""
    response = await client.post(
        "/api/vehicles",
        json=sale_body(lat=-6.3, lng=106.9, vin="MHKA1BA1JFK000001"),
        headers=seller,
    )

    assert response.status_code == 201, response.text
    listing = response.json()
    assert (listing["price"], listing["rates"], listing["mileage"]) == (185_000_000, None, 42_000)
    assert (listing["lat"], listing["lng"], listing["vin"]) == (-6.3, 106.9, "MHKA1BA1JFK000001")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"year": 2099, "model_id": "nope", "city_id": "nope"}, ["year", "model_id", "city_id"]),
        ({"year": 1975}, ["year"]),
        ({"seats": 0}, ["seats"]),
        ({"year": 2099}, ["year"]),
        ({"seats": 61}, ["seats"]),
        ({"model_id": BRIO.id}, ["model_id"]),
        ({"model_id": "nope"}, ["model_id"]),
        ({"city_id": "nope"}, ["city_id"]),
        ({"rates": None}, ["rates.daily"]),
        ({"rates": {"daily": 5}}, ["rates.daily"]),
        ({"price": 100_000_000}, ["price"]),
        ({"vin": "not-a-vin"}, ["vin"]),
        ({"title": "x"}, ["title"]),
        ({"lat": 100, "lng": 10}, ["lat"]),
        ({"status": "sold"}, ["status"]),
    ],
)
async def test_a_broken_listing_is_refused_naming_each_field(
    client: Client, seller: dict[str, str], changes: dict[str, Any], fields: list[str]
) -> None:
    """Every broken rule answers 422 with the field it concerns."""
    response = await client.post("/api/vehicles", json=rental_body(**changes), headers=seller)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert error_fields(response) == fields


@pytest.mark.parametrize(
    "body",
    [
        {"category": "boat"},
        {"transmission": "cvt"},
        {"fuel_type": "kerosene"},
        {"seats": "seven"},
        {"year": 10**20},
        {"mileage": 2**63},
        {"seats": 2**64},
        {"deposit": -1},
        {"lat": 0, "lng": 10**30},
        {"title": "x" * 201},
        {"description": "x" * 5001},
        {"plate_region": "BBB"},
        {"options": [{"code": "X", "description": "x", "price": 1}] * 21},
        {"rules": [{"code": "R", "description": "x", "weekdays": [7], "percent": "0.1"}]},
        {"rules": [{"code": "R", "description": "x", "weekdays": [1], "percent": "lots"}]},
        {"colour": "red"},
        {"options": [{"code": "DAILY", "description": "x", "price": 1}]},
        {"rates": {"daily": 10**16}},
    ],
)
async def test_a_malformed_body_is_a_422_never_a_500(
    client: Client, seller: dict[str, str], body: dict[str, Any]
) -> None:
    """Wrong types, unknown enums or keys, reserved codes and huge amounts are refused."""
    response = await client.post("/api/vehicles", json=rental_body(**body), headers=seller)

    assert response.status_code == 422, response.text


async def test_only_sellers_list_vehicles(
    client: Client, app: Litestar, make_user: MakeUser
) -> None:
    """Without a token: 401; a customer: 403."""
    await seed_master(app)
    _, customer = await make_user()

    assert (await client.post("/api/vehicles", json=rental_body())).status_code == 401
    assert (
        await client.post("/api/vehicles", json=rental_body(), headers=customer)
    ).status_code == 403


async def test_a_draft_is_seen_by_its_owner_only(
    client: Client, seller: dict[str, str], make_user: MakeUser
) -> None:
    """A draft answers 404 to others and stays out of search until it is made active."""
    _, other = await make_user(seller=True)
    draft = (
        await client.post("/api/vehicles", json=rental_body(status="draft"), headers=seller)
    ).json()
    path = f"/api/vehicles/{draft['id']}"

    assert draft["status"] == "draft"
    assert (await client.get(path, headers=seller)).status_code == 200
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.get(path)).status_code == 404
    assert (await client.get("/api/vehicles")).json()["pagination"]["total_items"] == 0

    await client.patch(path, json={"status": "active"}, headers=seller)
    assert (await client.get(path)).status_code == 200
    assert (await client.get("/api/vehicles")).json()["pagination"]["total_items"] == 1


async def test_the_owner_edits_and_others_are_forbidden(
    client: Client, seller: dict[str, str], make_user: MakeUser
) -> None:
    """PATCH by the owner changes the listing (and what search finds); another seller gets 403."""
    _, other = await make_user(seller=True)
    created = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
    path = f"/api/vehicles/{created['id']}"

    forbidden = await client.patch(path, json={"title": "Mine now"}, headers=other)
    changed = await client.patch(
        path,
        json={"title": "Sewa Innova murah", "model_id": INNOVA.id, "rates": {"daily": 500_000}},
        headers=seller,
    )

    assert forbidden.status_code == 403
    assert changed.status_code == 200, changed.text
    assert changed.json()["title"] == "Sewa Innova murah"
    assert changed.json()["rates"]["daily"] == 500_000
    assert (await client.get("/api/vehicles", params={"search": "innova murah"})).json()["data"][0][
        "id"
    ] == created["id"]
    assert (await client.get("/api/vehicles", params={"search": "avanza"})).json()["data"] == []


async def test_an_edit_is_checked_like_a_new_listing(
    client: Client, seller: dict[str, str]
) -> None:
    """A PATCH that breaks a rule is a 422; one to a status the owner may not set is a 409."""
    created = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
    path = f"/api/vehicles/{created['id']}"

    wrong_brand = await client.patch(path, json={"brand_id": HONDA.id}, headers=seller)
    sold = await client.patch(path, json={"status": "sold"}, headers=seller)
    moved = await client.patch(path, json={"city_id": SURABAYA.id}, headers=seller)

    assert wrong_brand.status_code == 422 and error_fields(wrong_brand) == ["model_id"]
    assert sold.status_code == 409 and sold.json()["error"]["code"] == "INVALID_TRANSITION"
    assert moved.json()["city"]["name"] == "Surabaya"
    assert (moved.json()["lat"], moved.json()["lng"]) == (-6.2, 106.816666), "coordinates kept"


async def test_delete_is_soft_and_final(
    client: Client, seller: dict[str, str], make_user: MakeUser
) -> None:
    """DELETE answers 204; the listing then is 404 everywhere and out of search."""
    _, other = await make_user(seller=True)
    created = (await client.post("/api/vehicles", json=rental_body(), headers=seller)).json()
    path = f"/api/vehicles/{created['id']}"

    assert (await client.delete(path, headers=other)).status_code == 403
    assert (await client.delete(path, headers=seller)).status_code == 204
    assert (await client.get(path)).status_code == 404
    assert (await client.patch(path, json={"title": "Back"}, headers=seller)).status_code == 404
    assert (await client.delete(path, headers=seller)).status_code == 404
    assert (await client.get("/api/vehicles")).json()["data"] == []


async def test_a_listing_is_placed_at_its_geocoded_address(
    client: Client, seller: dict[str, str], app: Litestar
) -> None:
    """With an address and no coordinates, the geocoder's answer places the listing."""
    from decimal import Decimal

    from bigauto.ports.shared.external import Coordinates

    class Atlas:
        async def geocode(self, address: str, *, city: str | None = None) -> Coordinates | None:
            assert city == "Jakarta"
            return (
                Coordinates(Decimal("-6.175392"), Decimal("106.827153"))
                if "Monas" in address
                else None
            )

    app.state.container.geocoder.override(Atlas())
    found = await client.post(
        "/api/vehicles", json=rental_body(address="Monas, Gambir"), headers=seller
    )
    unknown = await client.post(
        "/api/vehicles", json=rental_body(address="Nowhere 1"), headers=seller
    )
    app.state.container.geocoder.reset_override()

    assert (found.json()["lat"], found.json()["lng"]) == (-6.175392, 106.827153)
    assert (unknown.json()["lat"], unknown.json()["lng"]) == (-6.2, 106.816666)
