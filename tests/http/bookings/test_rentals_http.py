"""HTTP: quotes, rental bookings (holds, conflicts, idempotency, visibility, moves, timers)."""

from __future__ import annotations

from datetime import timedelta

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


def rental(market: Market, start: int, end: int, **extra: object) -> dict[str, object]:
    return {"vehicle_id": market.rental_id, "start_date": day(start), "end_date": day(end), **extra}


async def test_a_quote_is_itemised_with_the_commission_rate(client: Client, market: Market) -> None:
    """The quote lists its lines and adds up; nothing is booked."""
    response = await client.post(
        f"/api/vehicles/{market.rental_id}/quote",
        json={"start_date": day(10), "end_date": day(18)},
    )
    assert response.status_code == 200, response.text
    quote = response.json()
    assert quote["days"] == 8 and quote["commission_rate"] == "0.05"
    assert sum(line["amount"] for line in quote["lines"]) == quote["subtotal"]
    assert quote["total"] == quote["subtotal"] - quote["discount"] + quote["deposit"]
    assert set(quote["lines"][0]) == {"code", "description", "quantity", "unit_price", "amount"}


async def test_a_booking_holds_its_dates_and_an_overlap_is_refused(
    client: Client, market: Market
) -> None:
    """201 pending_payment with the quote; an overlapping request 409; the calendar shows it."""
    created = await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.ani)
    clash = await client.post("/api/rentals", json=rental(market, 12, 14), headers=market.citra)
    busy = await client.get(
        f"/api/vehicles/{market.rental_id}/availability", params={"from": day(1), "to": day(31)}
    )

    assert created.status_code == 201, created.text
    booking = created.json()
    assert booking["status"] == "pending_payment"
    assert booking["quote"]["total"] == booking["total"] == 3 * 350_000 + 1_000_000
    assert booking["hold_expires_at"] == "2026-03-01T02:30:00Z"
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "VEHICLE_UNAVAILABLE"
    assert busy.json()["busy"] == [{"start_date": day(10), "end_date": day(13)}]


async def test_the_same_idempotency_key_books_once(client: Client, market: Market) -> None:
    """Same key and body: the same answer, replayed; same key, other body: 422."""
    headers = {**market.ani, "Idempotency-Key": "book-10-13"}
    first = await client.post("/api/rentals", json=rental(market, 10, 13), headers=headers)
    again = await client.post("/api/rentals", json=rental(market, 10, 13), headers=headers)
    other = await client.post("/api/rentals", json=rental(market, 20, 23), headers=headers)
    listed = await client.get("/api/rentals", headers=market.ani)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert listed.json()["pagination"]["total_items"] == 1


async def test_a_replayed_refusal_is_the_same_refusal(client: Client, market: Market) -> None:
    """A conflict answered under a key is answered again the same way."""
    await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.citra)
    headers = {**market.ani, "Idempotency-Key": "k"}
    first = await client.post("/api/rentals", json=rental(market, 11, 12), headers=headers)
    again = await client.post("/api/rentals", json=rental(market, 11, 12), headers=headers)
    assert first.status_code == again.status_code == 409
    assert again.json() == first.json()


async def test_a_booking_is_seen_by_its_parties_and_admins_only(
    client: Client, market: Market, make_user: object
) -> None:
    """Customer and seller see it (and list it by side); a stranger gets 404."""
    booking = (
        await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.ani)
    ).json()
    path = f"/api/rentals/{booking['id']}"
    _, admin = await make_user(admin=True)  # type: ignore[operator]

    assert (await client.get(path, headers=market.ani)).status_code == 200
    assert (await client.get(path, headers=market.seller)).status_code == 200
    assert (await client.get(path, headers=admin)).status_code == 200
    stranger = await client.get(path, headers=market.citra)
    assert stranger.status_code == 404
    as_seller = await client.get("/api/rentals", params={"as": "seller"}, headers=market.seller)
    as_customer = await client.get("/api/rentals", params={"as": "seller"}, headers=market.ani)
    pending = await client.get(
        "/api/rentals", params={"status": "pending_payment"}, headers=market.ani
    )
    bad = await client.get("/api/rentals", params={"status": "nope"}, headers=market.ani)
    assert [b["id"] for b in as_seller.json()["data"]] == [booking["id"]]
    assert as_customer.json()["data"] == []
    assert pending.json()["pagination"]["total_items"] == 1
    assert bad.status_code == 422


async def test_a_rental_runs_from_payment_to_return(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Paid → confirmed → started on its date → completed; an illegal move is 409 by state."""
    booking = (
        await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.ani)
    ).json()
    path = f"/api/rentals/{booking['id']}"
    early = await client.post(f"{path}/confirm", headers=market.seller)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "INVALID_TRANSITION"
    assert early.json()["error"]["details"]["current_state"] == "pending_payment"

    assert await pay_rental(app, booking["id"]) == ["rental.paid"]
    confirmed = await client.post(f"{path}/confirm", headers=market.seller)
    too_soon = await client.post(f"{path}/start", headers=market.seller)
    clock.set(jakarta(10, 8))
    market = market.later(app)
    started = await client.post(f"{path}/start", headers=market.seller)
    not_yours = await client.post(f"{path}/complete", headers=market.ani)
    done = await client.post(f"{path}/complete", headers=market.seller)

    assert confirmed.json()["status"] == "akan_datang"
    assert too_soon.status_code == 409
    assert started.json()["status"] == "berjalan"
    assert not_yours.status_code == 403
    assert done.json()["status"] == "selesai"
    assert [h["event"] for h in done.json()["history"]] == [
        "request",
        "pay",
        "confirm",
        "start",
        "complete",
    ]


async def test_cancelling_late_refunds_half_and_frees_the_dates(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """A customer cancelling within 48 hours of the start gets half back plus the deposit."""
    booking = (
        await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.ani)
    ).json()
    await pay_rental(app, booking["id"])
    clock.set(jakarta(9, 12))
    market = market.later(app)
    cancelled = await client.post(
        f"/api/rentals/{booking['id']}/cancel", json={"reason": "sakit"}, headers=market.ani
    )
    again = await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.citra)

    body = cancelled.json()
    assert body["status"] == "cancelled" and body["cancelled_by"] == "customer"
    assert body["refund_amount"] == 3 * 350_000 // 2
    assert body["deposit_refund"] == 1_000_000
    assert body["history"][-1]["reason"] == "sakit"
    assert again.status_code == 201


async def test_timers_expire_unpaid_holds_and_notify(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Half an hour later the worker's timer cancels the unpaid booking; the dates are free."""
    booking = (
        await client.post("/api/rentals", json=rental(market, 10, 13), headers=market.ani)
    ).json()
    clock.advance(timedelta(minutes=31))
    ran = await app.state.worker.timers.run_due()
    await app.state.worker.drain()
    market = market.later(app)

    shown = await client.get(f"/api/rentals/{booking['id']}", headers=market.ani)
    notes = await client.get("/api/notifications", headers=market.ani)
    assert "rentals.expire_holds" in ran
    assert shown.json()["status"] == "cancelled"
    assert shown.json()["history"][-1]["event"] == "payment_expired"
    assert notes.json()["pagination"]["total_items"] >= 2
