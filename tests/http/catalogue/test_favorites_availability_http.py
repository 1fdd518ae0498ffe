"""HTTP: favorites (idempotent, paginated) and a listing's calendar (busy periods, blocks)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import SOON, day, rental_body, sale_body, seed_master

from bigauto.domain.catalogue.availability import CalendarEntry
from bigauto.domain.shared.periods import DatePeriod

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Any]]


@pytest.fixture
async def owner(app: Litestar, make_user: MakeUser) -> dict[str, str]:
    await seed_master(app)
    _, headers = await make_user(seller=True)
    return headers


async def listed(
    client: Client, headers: dict[str, str], body: dict[str, Any] | None = None
) -> str:
    response = await client.post("/api/vehicles", json=body or rental_body(), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_favorites_are_idempotent_and_listed_newest_first(
    client: Client, owner: dict[str, str], make_user: MakeUser
) -> None:
    """PUT twice keeps one favorite; DELETE twice is fine; the list pages newest first."""
    _, buyer = await make_user()
    first, second = await listed(client, owner), await listed(client, owner, sale_body())

    for vehicle_id in (first, first, second):
        response = await client.put(f"/api/vehicles/{vehicle_id}/favorite", headers=buyer)
        assert response.status_code == 204
    page_one = await client.get("/api/users/me/favorites", params={"limit": 1}, headers=buyer)
    page_two = await client.get(
        "/api/users/me/favorites", params={"limit": 1, "page": 2}, headers=buyer
    )

    assert [h["id"] for h in page_one.json()["data"]] == [second]
    assert page_one.json()["data"][0]["status"] == "active"
    assert page_one.json()["pagination"] == {
        "current_page": 1,
        "total_pages": 2,
        "total_items": 2,
        "items_per_page": 1,
    }
    assert [h["id"] for h in page_two.json()["data"]] == [first]
    for _ in range(2):
        response = await client.delete(f"/api/vehicles/{second}/favorite", headers=buyer)
        assert response.status_code == 204
    remaining = await client.get("/api/users/me/favorites", headers=buyer)
    assert [h["id"] for h in remaining.json()["data"]] == [first]


async def test_favorites_need_a_user_and_a_visible_listing(
    client: Client, owner: dict[str, str], make_user: MakeUser
) -> None:
    """No token: 401; an unknown or draft listing: 404; limit over 100: 422."""
    _, buyer = await make_user()
    draft = await listed(client, owner, rental_body(status="draft"))

    assert (await client.put(f"/api/vehicles/{draft}/favorite")).status_code == 401
    assert (await client.get("/api/users/me/favorites")).status_code == 401
    assert (await client.put("/api/vehicles/nope/favorite", headers=buyer)).status_code == 404
    assert (await client.put(f"/api/vehicles/{draft}/favorite", headers=buyer)).status_code == 404
    too_many = await client.get("/api/users/me/favorites", params={"limit": 101}, headers=buyer)
    assert too_many.status_code == 422


async def test_a_deleted_listing_leaves_the_favorites(
    client: Client, owner: dict[str, str], make_user: MakeUser
) -> None:
    """Favorites show listings that still exist."""
    _, buyer = await make_user()
    vehicle_id = await listed(client, owner)
    await client.put(f"/api/vehicles/{vehicle_id}/favorite", headers=buyer)

    await client.delete(f"/api/vehicles/{vehicle_id}", headers=owner)

    assert (await client.get("/api/users/me/favorites", headers=buyer)).json()["data"] == []


async def test_blocks_show_as_busy_periods_and_can_be_lifted(
    client: Client, owner: dict[str, str]
) -> None:
    """An owner's blocks merge into busy periods; listing them and lifting one works."""
    vehicle_id = await listed(client, owner)
    base = f"/api/vehicles/{vehicle_id}"

    one = await client.post(
        f"{base}/blocks", json={"start_date": day(1), "end_date": day(3)}, headers=owner
    )
    two = await client.post(
        f"{base}/blocks",
        json={"start_date": day(2), "end_date": day(5), "reason": "servis"},
        headers=owner,
    )
    busy = await client.get(f"{base}/availability", params={"from": day(0), "to": day(9)})

    assert one.status_code == two.status_code == 201
    assert two.json()["reason"] == "servis"
    assert busy.json() == {
        "vehicle_id": vehicle_id,
        "from": day(0),
        "to": day(9),
        "busy": [{"start_date": day(1), "end_date": day(5)}],
    }
    listed_blocks = (await client.get(f"{base}/blocks", headers=owner)).json()["data"]
    assert [b["id"] for b in listed_blocks] == [one.json()["id"], two.json()["id"]]
    lifted = await client.delete(f"{base}/blocks/{one.json()['id']}", headers=owner)
    assert lifted.status_code == 204
    busy = await client.get(f"{base}/availability", params={"from": day(0), "to": day(9)})
    assert busy.json()["busy"] == [{"start_date": day(2), "end_date": day(5)}]
    again = await client.delete(f"{base}/blocks/{one.json()['id']}", headers=owner)
    assert again.status_code == 404


async def test_a_block_over_a_booking_is_a_conflict(
    client: Client, app: Litestar, owner: dict[str, str]
) -> None:
    """Blocking days a rental holds answers 409 VEHICLE_UNAVAILABLE."""
    vehicle_id = await listed(client, owner)
    async with app.state.container.uow_factory()() as uow:
        booking = CalendarEntry.booking(
            "rental-1", DatePeriod(SOON + timedelta(days=31), SOON + timedelta(days=35))
        )
        await uow.calendar.add(vehicle_id, booking, created_at=app.state.container.clock().now())
        await uow.commit()

    response = await client.post(
        f"/api/vehicles/{vehicle_id}/blocks",
        json={"start_date": day(34), "end_date": day(38)},
        headers=owner,
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "VEHICLE_UNAVAILABLE"
    assert response.json()["error"]["details"]["conflicts"] == [
        {"ref": "rental-1", "kind": "booking"}
    ]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"start_date": day(4), "end_date": day(4)}, 422),
        ({"start_date": day(-90), "end_date": day(-86)}, 422),
        ({"start_date": day(4)}, 422),
        ({"start_date": day(0), "end_date": day(500)}, 422),
        ({"start_date": day(0), "end_date": "9999-12-31"}, 422),
        ({"start_date": "0001-01-01", "end_date": day(0)}, 422),
        ({"start_date": day(0), "end_date": day(1), "reason": "x" * 301}, 422),
        ({"start_date": day(0), "end_date": day(1), "note": "unknown"}, 422),
    ],
)
async def test_a_bad_block_is_refused(
    client: Client, owner: dict[str, str], body: dict[str, Any], status: int
) -> None:
    """Empty, past, incomplete, over-long or beyond-the-horizon periods are 422, as are an
    over-long reason and an unknown field."""
    vehicle_id = await listed(client, owner)

    response = await client.post(f"/api/vehicles/{vehicle_id}/blocks", json=body, headers=owner)

    assert response.status_code == status, response.text


async def test_blocks_belong_to_the_owner_of_a_rental(
    client: Client, owner: dict[str, str], make_user: MakeUser
) -> None:
    """Another seller gets 403; a sale listing has no calendar (422)."""
    _, other = await make_user(seller=True)
    rental, sale = await listed(client, owner), await listed(client, owner, sale_body())
    body = {"start_date": day(1), "end_date": day(3)}

    assert (
        await client.post(f"/api/vehicles/{rental}/blocks", json=body, headers=other)
    ).status_code == 403
    assert (await client.get(f"/api/vehicles/{rental}/blocks", headers=other)).status_code == 403
    assert (
        await client.post(f"/api/vehicles/{sale}/blocks", json=body, headers=owner)
    ).status_code == 422


async def test_availability_of_a_hidden_or_unknown_listing_is_404(
    client: Client, owner: dict[str, str]
) -> None:
    """A draft's calendar is the owner's business; an unknown id is 404; a long window 422."""
    draft = await listed(client, owner, rental_body(status="draft"))

    assert (await client.get(f"/api/vehicles/{draft}/availability")).status_code == 404
    assert (
        await client.get(f"/api/vehicles/{draft}/availability", headers=owner)
    ).status_code == 200
    assert (await client.get("/api/vehicles/nope/availability")).status_code == 404
    long = await client.get(
        f"/api/vehicles/{draft}/availability",
        params={"from": day(0), "to": day(400)},
        headers=owner,
    )
    assert long.status_code == 422


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "9999-12-31"}, "from"),
        ({"from": "0001-01-01"}, "from"),
        ({"to": "9999-12-31"}, "to"),
    ],
)
async def test_an_availability_window_beyond_the_calendar_is_a_422(
    client: Client, owner: dict[str, str], params: dict[str, str], field: str
) -> None:
    """A day beyond the horizon (a year back, two ahead) is refused naming it, never a 500."""
    vehicle_id = await listed(client, owner)

    response = await client.get(f"/api/vehicles/{vehicle_id}/availability", params=params)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]["errors"][0]["field"] == field
