"""HTTP: sale orders to completion, test drives and opening hours, reviews and ratings, admin
pricing."""

from __future__ import annotations

import pytest
from litestar import Litestar
from tests.http.booking_support import (
    NOW,
    Client,
    MakeUser,
    Market,
    booking_app,
    day,
    jakarta,
    make_market,
    pay_order,
    pay_rental,
)

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    return booking_app(settings, clock)


@pytest.fixture
async def market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
    return await make_market(app, client, make_user)


async def test_a_sale_is_negotiated_paid_papered_completed_and_reviewed(
    app: Litestar, client: Client, market: Market
) -> None:
    """Offer, counter, accept the counter, pay, four papers, complete: sold; then a review."""
    floor = await client.patch(
        f"/api/vehicles/{market.sale_id}", json={"floor_price": 150_000_000}, headers=market.seller
    )
    assert floor.status_code == 200, floor.text
    low = await client.post(
        "/api/sale-orders",
        json={"vehicle_id": market.sale_id, "offer_price": 100_000_000},
        headers=market.ani,
    )
    assert low.status_code == 422 and low.json()["error"]["code"] == "OFFER_BELOW_FLOOR"
    other = await client.post(
        "/api/sale-orders",
        json={"vehicle_id": market.sale_id, "offer_price": 160_000_000},
        headers=market.citra,
    )
    order = await client.post(
        "/api/sale-orders",
        json={"vehicle_id": market.sale_id, "offer_price": 170_000_000},
        headers={**market.ani, "Idempotency-Key": "offer-1"},
    )
    assert order.status_code == 201 and order.json()["status"] == "pending_confirmation"
    path = f"/api/sale-orders/{order.json()['id']}"

    countered = await client.post(
        f"{path}/counter", json={"price": 180_000_000}, headers=market.seller
    )
    accepted = await client.post(f"{path}/accept-counter", headers=market.ani)
    assert countered.json()["status"] == "countered" and countered.json()["rounds_left"] == 4
    assert accepted.json()["agreed_price"] == 180_000_000
    assert await pay_order(app, order.json()["id"]) == ["sale_order.paid", "sale_order.declined"]
    declined = await client.get(f"/api/sale-orders/{other.json()['id']}", headers=market.citra)
    assert declined.json()["status"] == "rejected"

    await client.post(f"{path}/start-documents", headers=market.seller)
    partial = await client.patch(
        f"{path}/documents",
        json={"bpkb_transferred": True, "stnk_transferred": True},
        headers=market.seller,
    )
    too_early = await client.post(f"{path}/complete", headers=market.seller)
    await client.patch(
        f"{path}/documents",
        json={"faktur_transferred": True, "pajak_transferred": True},
        headers=market.seller,
    )
    done = await client.post(f"{path}/complete", headers=market.seller)
    listing = await client.get(f"/api/vehicles/{market.sale_id}")

    assert partial.json()["documents"]["bpkb"]["transferred_by"] == market.seller_id
    assert partial.json()["documents"]["pajak"]["transferred"] is False
    assert too_early.status_code == 409
    assert done.json()["status"] == "completed"
    assert listing.json()["status"] == "sold"

    review = await client.post(
        "/api/reviews",
        json={"sale_order_id": order.json()["id"], "rating": 5, "comment": "Mulus"},
        headers=market.ani,
    )
    twice = await client.post(
        "/api/reviews", json={"sale_order_id": order.json()["id"], "rating": 1}, headers=market.ani
    )
    reviews = await client.get(f"/api/vehicles/{market.sale_id}/reviews")
    seller = await client.get(f"/api/users/{market.seller_id}")
    assert review.status_code == 201 and twice.status_code == 409
    assert reviews.json()["summary"] == {"rating": 5.0, "review_count": 1}
    assert reviews.json()["data"][0]["comment"] == "Mulus"
    assert (seller.json()["rating"], seller.json()["review_count"]) == (5.0, 1)


async def test_a_rental_is_reviewed_only_once_completed(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Before completion a review is 409; after, the car's rating shows in its listing."""
    booking = (
        await client.post(
            "/api/rentals",
            json={"vehicle_id": market.rental_id, "start_date": day(2), "end_date": day(4)},
            headers=market.ani,
        )
    ).json()
    body = {"rental_booking_id": booking["id"], "rating": 4}
    early = await client.post("/api/reviews", json=body, headers=market.ani)
    await pay_rental(app, booking["id"])
    path = f"/api/rentals/{booking['id']}"
    await client.post(f"{path}/confirm", headers=market.seller)
    clock.set(jakarta(2, 9))
    market = market.later(app)
    await client.post(f"{path}/start", headers=market.seller)
    await client.post(f"{path}/complete", headers=market.seller)
    late = await client.post("/api/reviews", json=body, headers=market.ani)
    listing = await client.get(f"/api/vehicles/{market.rental_id}")

    assert early.status_code == 409 and early.json()["error"]["code"] == "REVIEW_NOT_ALLOWED"
    assert late.status_code == 201
    assert (listing.json()["rating"], listing.json()["review_count"]) == (4.0, 1)


async def test_test_drives_follow_opening_hours_and_their_lifecycle(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Default hours refuse 19:00; the seller's own hours allow it; one driver per slot."""
    at_seven = jakarta(2, 19).isoformat()
    refused = await client.post(
        "/api/test-drives",
        json={"vehicle_id": market.sale_id, "scheduled_at": at_seven},
        headers=market.ani,
    )
    hours = await client.put(
        "/api/users/me/seller/opening-hours",
        json={"days": [{"weekday": "monday", "opens": "10:00", "closes": "21:00"}]},
        headers=market.seller,
    )
    drive = await client.post(
        "/api/test-drives",
        json={"vehicle_id": market.sale_id, "scheduled_at": at_seven},
        headers=market.ani,
    )
    taken = await client.post(
        "/api/test-drives",
        json={"vehicle_id": market.sale_id, "scheduled_at": at_seven},
        headers=market.citra,
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "OUTSIDE_OPENING_HOURS"
    assert hours.json()["days"] == [{"weekday": "monday", "opens": "10:00", "closes": "21:00"}]
    assert drive.status_code == 201 and drive.json()["status"] == "requested"
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "TEST_DRIVE_SLOT_TAKEN"

    path = f"/api/test-drives/{drive.json()['id']}"
    confirmed = await client.post(f"{path}/confirm", headers=market.seller)
    hidden = await client.get(path, headers=market.citra)
    listed = await client.get("/api/test-drives", params={"as": "seller"}, headers=market.seller)
    clock.set(jakarta(2, 20))
    market = market.later(app)
    completed = await client.post(f"{path}/complete", headers=market.seller)
    assert confirmed.json()["status"] == "confirmed"
    assert hidden.status_code == 404
    assert listed.json()["pagination"]["total_items"] == 1
    assert completed.json()["status"] == "completed"


async def test_admins_set_commission_and_promo_codes(
    client: Client, market: Market, make_user: MakeUser
) -> None:
    """A new rate applies to quotes; promo codes discount; others may not touch either."""
    _, admin = await make_user(admin=True)
    forbidden = await client.put("/api/admin/commission", json={"rate": "0.07"}, headers=market.ani)
    too_high = await client.put("/api/admin/commission", json={"rate": 0.6}, headers=admin)
    set_rate = await client.put(
        "/api/admin/commission", json={"rate": 0.07, "category": "rental"}, headers=admin
    )
    overview = await client.get("/api/admin/commission", headers=admin)
    promo = await client.post(
        "/api/admin/promocodes",
        json={
            "code": "hemat10",
            "kind": "percent",
            "value": "0.10",
            "usage_limit": 10,
            "expires_at": "2026-12-31T00:00:00Z",
        },
        headers=admin,
    )
    quote = await client.post(
        f"/api/vehicles/{market.rental_id}/quote",
        json={"start_date": day(10), "end_date": day(12), "promo_code": "HEMAT10"},
    )

    assert forbidden.status_code == 403 and too_high.status_code == 422
    assert set_rate.json()["rate"] == "0.07"
    assert (overview.json()["rental"], overview.json()["sale"]) == ("0.07", "0.05")
    assert promo.status_code == 201 and promo.json()["code"] == "HEMAT10"
    assert quote.json()["commission_rate"] == "0.07"
    assert quote.json()["discount"] == 70_000
