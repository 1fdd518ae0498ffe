"""HTTP: the booking routes' typed contract — how to pay a deal, and bad input refused with a
422 naming the field (huge numbers, NUL, dates in year 1 or 9999 or beyond the horizon,
unknown fields, unknown enum values), never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from tests.http.booking_support import (
    NOW,
    Client,
    MakeUser,
    Market,
    booking_app,
    day,
    make_market,
    pay_rental,
)

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings

HUGE = 10**30


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    return booking_app(settings, clock)


@pytest.fixture
async def market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
    return await make_market(app, client, make_user)


def refused(response: Any, field: str | None, code: str = "VALIDATION_ERROR") -> None:
    """A 422 with ``code`` whose errors name ``field`` (None: whichever field)."""
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code
    if field is not None:
        assert field in [e["field"] for e in error["details"]["errors"]], error


async def test_a_pending_rental_says_how_to_pay_it_and_a_paid_one_does_not(
    app: Litestar, client: Client, market: Market
) -> None:
    """``payment`` is the exact POST /api/payments to send while pending_payment, then null."""
    body = {"vehicle_id": market.rental_id, "start_date": day(10), "end_date": day(13)}
    booking = (await client.post("/api/rentals", json=body, headers=market.ani)).json()
    assert booking["payment"] == {
        "method": "POST",
        "path": "/api/payments",
        "body": {"rental_booking_id": booking["id"]},
    }
    await pay_rental(app, booking["id"])
    paid = await client.get(f"/api/rentals/{booking['id']}", headers=market.ani)
    assert paid.json()["status"] == "paid" and paid.json()["payment"] is None


async def test_a_sale_order_says_how_to_pay_it_once_accepted(
    client: Client, market: Market
) -> None:
    """No payment while negotiating; the seller's accept makes it payable by its id."""
    offer = {"vehicle_id": market.sale_id, "offer_price": 170_000_000}
    order = (await client.post("/api/sale-orders", json=offer, headers=market.ani)).json()
    accepted = await client.post(f"/api/sale-orders/{order['id']}/accept", headers=market.seller)
    assert order["payment"] is None
    assert accepted.json()["status"] == "pending_payment"
    assert accepted.json()["payment"] == {
        "method": "POST",
        "path": "/api/payments",
        "body": {"sale_order_id": order["id"]},
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-03"), ("2027-03-02", "2027-03-04")],
    ids=["year-9999", "year-1", "a-day-beyond-the-horizon"],
)
async def test_a_rental_or_quote_outside_the_horizon_is_an_invalid_period(
    client: Client, market: Market, start: str, end: str
) -> None:
    """A start in the past or more than 365 days ahead: 422 INVALID_PERIOD on start_date."""
    period = {"start_date": start, "end_date": end}
    booked = await client.post(
        "/api/rentals", json={"vehicle_id": market.rental_id, **period}, headers=market.ani
    )
    quoted = await client.post(f"/api/vehicles/{market.rental_id}/quote", json=period)
    refused(booked, "start_date", "INVALID_PERIOD")
    refused(quoted, "start_date", "INVALID_PERIOD")


async def test_the_last_day_of_the_horizon_may_be_booked(client: Client, market: Market) -> None:
    """365 days after today (1 March 2026 in Jakarta) is still bookable."""
    body = {"vehicle_id": market.rental_id, "start_date": "2027-03-01", "end_date": "2027-03-02"}
    booked = await client.post("/api/rentals", json=body, headers=market.ani)
    assert booked.status_code == 201, booked.text


@pytest.mark.parametrize(
    "scheduled_at",
    ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00Z", "2026-06-01T03:00:00Z"],
    ids=["year-9999", "year-1", "beyond-90-days"],
)
async def test_a_test_drive_outside_its_horizon_is_refused(
    client: Client, market: Market, scheduled_at: str
) -> None:
    """In the past or more than 90 days ahead: 422 on scheduled_at, never an overflow."""
    body = {"vehicle_id": market.sale_id, "scheduled_at": scheduled_at}
    refused(await client.post("/api/test-drives", json=body, headers=market.ani), "scheduled_at")


async def test_asking_for_a_test_drive_twice_with_one_key_asks_once(
    client: Client, market: Market
) -> None:
    """Every deal's creation honours Idempotency-Key, test drives included."""
    body = {"vehicle_id": market.sale_id, "scheduled_at": "2026-03-02T03:00:00Z"}
    headers = {**market.ani, "Idempotency-Key": "drive-1"}
    first = await client.post("/api/test-drives", json=body, headers=headers)
    again = await client.post("/api/test-drives", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"


async def test_a_move_takes_no_body_an_optional_one_or_refuses_a_bad_one(
    client: Client, market: Market
) -> None:
    """Cancel with no body works; an unknown field or an overlong reason is a 422."""
    body = {"vehicle_id": market.rental_id, "start_date": day(10), "end_date": day(13)}
    booking = (await client.post("/api/rentals", json=body, headers=market.ani)).json()
    path = f"/api/rentals/{booking['id']}/cancel"
    refused(await client.post(path, json={"why": "x"}, headers=market.ani), "why")
    refused(await client.post(path, json={"reason": "x" * 1001}, headers=market.ani), "reason")
    cancelled = await client.post(path, headers=market.ani)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


async def test_a_counter_offer_without_a_body_is_a_422_naming_the_price(
    client: Client, market: Market
) -> None:
    """A move whose body has a required field, sent with no body at all, is refused, not a 500
    (Schemathesis found this one)."""
    offer = {"vehicle_id": market.sale_id, "offer_price": 170_000_000}
    order = (await client.post("/api/sale-orders", json=offer, headers=market.ani)).json()
    path = f"/api/sale-orders/{order['id']}/counter"
    refused(await client.post(path, headers=market.seller), "price")
    countered = await client.post(path, json={"price": 180_000_000}, headers=market.seller)
    assert countered.status_code == 200 and countered.json()["status"] == "countered"


async def test_bad_deal_input_names_its_field(client: Client, market: Market) -> None:
    """Huge numbers, unknown fields and enum values, a NUL, a bad path id: 422, never 500."""
    ani, seller = market.ani, market.seller
    offer = {"vehicle_id": market.sale_id, "offer_price": HUGE}
    refused(await client.post("/api/sale-orders", json=offer, headers=ani), "offer_price")
    extra = {"vehicle_id": market.sale_id, "offer_price": 1, "discount": 5}
    refused(await client.post("/api/sale-orders", json=extra, headers=ani), "discount")
    listed = await client.get("/api/rentals", params={"status": "nope"}, headers=ani)
    refused(listed, "status")
    side = await client.get("/api/test-drives", params={"as": "both"}, headers=ani)
    assert side.status_code == 422, side.text
    refused(await client.get("/api/sale-orders", params={"page": HUGE}, headers=ani), "page")
    nul = {"vehicle_id": "v\u0000", "start_date": day(10), "end_date": day(12)}
    assert (await client.post("/api/rentals", json=nul, headers=ani)).status_code == 422
    refused(await client.get("/api/rentals/a%20b", headers=ani), "booking_id")
    floor = await client.put(
        f"/api/vehicles/{market.sale_id}/sale-floor", json={"floor_price": 0}, headers=seller
    )
    refused(floor, "floor_price")
    review = {"rental_booking_id": "r1", "rating": HUGE}
    refused(await client.post("/api/reviews", json=review, headers=ani), "rating")
    many = {"vehicle_id": market.rental_id, "start_date": day(10), "end_date": day(12)}
    options = {**many, "options": ["driver"] * 21}
    refused(await client.post("/api/rentals", json=options, headers=ani), "options")


async def test_opening_hours_take_weekdays_and_clock_times(client: Client, market: Market) -> None:
    """An unknown weekday or a time such as 25:00 is refused by its field's path."""
    path = "/api/users/me/seller/opening-hours"
    day_off = {"days": [{"weekday": "funday", "opens": "08:00", "closes": "18:00"}]}
    late = {"days": [{"weekday": "monday", "opens": "08:00", "closes": "25:00"}]}
    refused(await client.put(path, json=day_off, headers=market.seller), "days[0].weekday")
    refused(await client.put(path, json=late, headers=market.seller), "days[0].closes")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rate": 0.6}, "rate"),
        ({"rate": "-0.01"}, "rate"),
        ({"rate": "NaN"}, "rate"),
        ({"rate": "0.05", "effective_from": "9999-12-31T23:00:00-05:00"}, "effective_from"),
        ({"rate": "0.05", "category": "boat"}, "category"),
    ],
    ids=["above-half", "negative", "nan", "year-9999", "unknown-category"],
)
async def test_a_commission_rate_is_bounded(
    client: Client, make_user: MakeUser, change: dict[str, Any], field: str
) -> None:
    """0 to 50%, finite, within ten years: anything else is a 422 on its field."""
    _, admin = await make_user(admin=True)
    refused(await client.put("/api/admin/commission", json=change, headers=admin), field)


PROMO = {
    "code": "HEMAT10",
    "kind": "fixed",
    "value": 50_000,
    "usage_limit": 10,
    "expires_at": "2026-12-31T00:00:00Z",
}


AMOUNT = "INVALID_AMOUNT"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"value": "1E+999999999"}, "value", AMOUNT),
        ({"value": HUGE}, "value", AMOUNT),
        # The catalogue's promo rule names no field of its own (its details start with code).
        ({"kind": "percent", "value": "1.5"}, None, "VALIDATION_ERROR"),
        ({"usage_limit": 0}, "usage_limit", "VALIDATION_ERROR"),
        ({"usage_limit": HUGE}, "usage_limit", "VALIDATION_ERROR"),
        ({"min_days": HUGE}, "min_days", "VALIDATION_ERROR"),
        ({"expires_at": "9999-12-31T23:00:00Z"}, "expires_at", "VALIDATION_ERROR"),
        ({"expires_at": "0001-01-01T00:00:00Z"}, "expires_at", "VALIDATION_ERROR"),
        ({"expires_at": "2026-12-31T00:00:00"}, "expires_at", "VALIDATION_ERROR"),
        ({"code": "a b"}, "code", "VALIDATION_ERROR"),
    ],
    ids=[
        "value-exponent",
        "value-huge",
        "percent-above-1",
        "no-uses",
        "uses-huge",
        "min-days-huge",
        "expiry-9999",
        "expiry-year-1",
        "expiry-naive",
        "code-with-space",
    ],
)
async def test_a_promo_code_is_bounded(
    client: Client, make_user: MakeUser, change: dict[str, Any], field: str | None, code: str
) -> None:
    """Values, usage limits and expiry within bounds: anything else a 422 on its field."""
    _, admin = await make_user(admin=True)
    answer = await client.post("/api/admin/promocodes", json={**PROMO, **change}, headers=admin)
    refused(answer, field, code)
