"""HTTP: paying for a rental through the embedded sandbox, end to end, and the notification
endpoint's guarantees (signatures, amounts, replays, early notifications)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from dependency_injector import providers
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
)

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.ledger import SellerBalance
from bigauto.domain.payments.midtrans_notifications import format_gross_amount, sign_notification
from bigauto.domain.shared.money import Money
from bigauto.services.money.balances import LedgerCheck, check_ledger


class KnownRandom:
    """A RandomSource whose tokens are known in advance (to sign an early notification)."""

    def __init__(self, token: str) -> None:
        self.value = token

    def token(self, nbytes: int = 32) -> str:
        return self.value

    def digits(self, length: int) -> str:
        return "0" * length


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    # Retries of a failed handler are due at once, so drain() can drive them.
    runtime = attrs.evolve(settings.runtime, worker_backoff_base=0.0, worker_backoff_jitter=0.0)
    quick = attrs.evolve(settings, runtime=runtime)
    return booking_app(quick, clock)


@pytest.fixture
async def market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
    return await make_market(app, client, make_user)


async def book(client: Client, market: Market, start: int = 10, end: int = 13) -> dict[str, Any]:
    body = {"vehicle_id": market.rental_id, "start_date": day(start), "end_date": day(end)}
    response = await client.post("/api/rentals", json=body, headers=market.ani)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def open_payment(client: Client, market: Market, booking_id: str) -> dict[str, Any]:
    response = await client.post(
        "/api/payments",
        json={"rental_booking_id": booking_id},
        headers={**market.ani, "Idempotency-Key": f"pay-{booking_id}"},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def balance(app: Litestar, seller_id: str) -> SellerBalance:
    async with app.state.container.uow_factory()() as uow:
        found: SellerBalance = await uow.ledger.seller_balance(seller_id)
    return found


async def ledger(app: Litestar) -> LedgerCheck:
    return await check_ledger(app.state.container.payouts())


def signed(order_id: str, amount: int, status: str = "settlement", key: str | None = None) -> dict:
    gross = format_gross_amount(amount)
    return {
        "order_id": order_id,
        "status_code": "200",
        "gross_amount": gross,
        "transaction_status": status,
        "payment_type": "gopay",
        "signature_key": sign_notification(order_id, "200", gross, key or "sandbox-server-key"),
    }


async def test_a_rental_is_paid_in_the_sandbox_and_its_money_lands_pending_then_available(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Book → pay on the sandbox → paid, seller pending = total − commission, receipt sent;
    completed → available; the ledger conserves throughout."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    again = await open_payment(client, market, booking["id"])
    live = await client.post(
        "/api/payments", json={"rental_booking_id": booking["id"]}, headers=market.ani
    )
    page = await client.get(f"/sandbox/payments/{payment['order_id']}")
    paid = await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={})
    await app.state.worker.drain()

    assert again["payment_id"] == payment["payment_id"]
    assert live.json()["payment_id"] == payment["payment_id"]  # no key: the live one again
    assert payment["amount"] == booking["quote"]["total"] and payment["status"] == "pending"
    assert payment["redirect_url"].endswith(f"/sandbox/payments/{payment['order_id']}")
    assert page.status_code == 200 and "Pay" in page.text and "gopay" in page.text
    assert paid.json()["changed"] is True and paid.json()["status"] == "paid"
    rental = (await client.get(f"/api/rentals/{booking['id']}", headers=market.ani)).json()
    assert rental["status"] in ("paid", "akan_datang")
    revenue = Money(booking["quote"]["subtotal"] - booking["quote"]["discount"])
    commission = split_at_rate(revenue, Decimal(booking["commission_rate"])).commission
    held = await balance(app, market.seller_id)
    assert held.pending == Money(payment["amount"]) - commission
    shown = (
        await client.get(f"/api/payments/{payment['payment_id']}", headers=market.seller)
    ).json()
    assert shown["status"] == "paid" and shown["method"]
    stranger = await client.get(f"/api/payments/{payment['payment_id']}", headers=market.citra)
    assert stranger.status_code == 404
    notices = (await client.get("/api/notifications", headers=market.ani)).json()["data"]
    assert any("payment" in (n.get("link") or "") for n in notices)

    path = f"/api/rentals/{booking['id']}"
    if rental["status"] == "paid":
        await client.post(f"{path}/confirm", headers=market.seller)
    clock.set(jakarta(10, 8))
    market = market.later(app)
    assert (await client.post(f"{path}/start", headers=market.seller)).status_code == 200
    assert (await client.post(f"{path}/complete", headers=market.seller)).status_code == 200
    await app.state.worker.drain()
    done = await balance(app, market.seller_id)
    assert done.pending.is_zero and done.available == held.pending
    assert (await ledger(app)).ok


async def test_an_early_cancellation_is_refunded_through_the_gateway(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Cancelled ≥ 48 h ahead: everything comes back via the gateway; nothing stays with the
    seller; the commission is handed back; the ledger conserves."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={"method": "gopay"})
    await app.state.worker.drain()
    cancelled = await client.post(f"/api/rentals/{booking['id']}/cancel", headers=market.ani)
    await app.state.worker.drain()

    assert cancelled.status_code == 200, cancelled.text
    shown = (await client.get(f"/api/payments/{payment['payment_id']}", headers=market.ani)).json()
    assert shown["status"] == "refunded" and shown["refunded_amount"] == payment["amount"]
    gateway = app.state.container.payment_gateway()
    assert gateway.checkout(payment["order_id"]).refunded == payment["amount"]
    after = await balance(app, market.seller_id)
    check = await ledger(app)
    assert after.pending.is_zero and after.available.is_zero
    assert check.ok and check.totals.refunds == Money(payment["amount"])
    assert check.totals.commission.is_zero


async def test_a_late_cancellation_keeps_part_for_the_seller(
    app: Litestar, client: Client, market: Market, clock: FixedClock
) -> None:
    """Within 48 h: half the rent and the deposit come back; the seller's share is released."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={})
    await app.state.worker.drain()
    clock.set(jakarta(9, 12))
    market = market.later(app)
    cancelled = (
        await client.post(f"/api/rentals/{booking['id']}/cancel", headers=market.ani)
    ).json()
    await app.state.worker.drain()

    back = cancelled["refund_amount"] + cancelled["deposit_refund"]
    shown = (await client.get(f"/api/payments/{payment['payment_id']}", headers=market.ani)).json()
    check = await ledger(app)
    after = await balance(app, market.seller_id)
    assert shown["status"] == "partially_refunded" and shown["refunded_amount"] == back
    assert check.ok and check.totals.refunds == Money(back)
    assert after.pending.is_zero
    assert after.available + check.totals.commission == Money(payment["amount"] - back)


async def test_a_bad_signature_is_refused_and_recorded(
    app: Litestar, client: Client, market: Market
) -> None:
    """401 INVALID_SIGNATURE, an incident with the remote address, nothing paid."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    forged = signed(payment["order_id"], payment["amount"], key="not-the-key")
    response = await client.post("/api/payments/midtrans/notification", json=forged)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SIGNATURE"
    async with app.state.container.uow_factory()() as uow:
        incidents = await uow.security_incidents.recent()
        stored = await uow.payments.get(payment["payment_id"])
    assert [i.kind.value for i in incidents] == ["bad_signature"]
    assert incidents[0].order_id == payment["order_id"] and incidents[0].remote_ip
    assert stored is not None and stored.status.value == "pending"


async def test_an_amount_mismatch_is_flagged_and_changes_nothing(
    app: Litestar, client: Client, market: Market
) -> None:
    """A correctly signed notification for another amount: 200 (no retries), flagged, unpaid."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    app.state.container.payment_gateway().book.pay(payment["order_id"], "gopay")
    wrong = signed(payment["order_id"], payment["amount"] - 1)
    response = await client.post("/api/payments/midtrans/notification", json=wrong)

    assert response.status_code == 200 and response.json()["status"] == "flagged"
    async with app.state.container.uow_factory()() as uow:
        incidents = await uow.security_incidents.recent()
        stored = await uow.payments.get(payment["payment_id"])
    assert [i.kind.value for i in incidents] == ["amount_mismatch"]
    assert stored is not None and stored.status.value == "pending"
    assert (await ledger(app)).totals.customer_paid.is_zero


async def test_duplicated_and_reordered_notifications_change_nothing_more(
    app: Litestar, client: Client, market: Market
) -> None:
    """The same settlement three times and a late pending: one state change, one posting, all
    answered 200."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    gateway = app.state.container.payment_gateway()
    note = gateway.notification_for(payment["order_id"], "pay", "gopay")
    answers = [
        await client.post("/api/payments/midtrans/notification", json=note) for _ in range(3)
    ]
    late = signed(payment["order_id"], payment["amount"], status="pending")
    stale = await client.post("/api/payments/midtrans/notification", json=late)
    await app.state.worker.drain()

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["changed"] for a in answers] == [True, False, False]
    assert stale.status_code == 200 and stale.json()["changed"] is False
    check = await ledger(app)
    assert check.ok and check.totals.customer_paid == Money(payment["amount"])
    shown = (await client.get(f"/api/payments/{payment['payment_id']}", headers=market.ani)).json()
    assert shown["status"] == "paid"


async def test_a_notification_before_the_payment_row_is_committed_is_retried(
    app: Litestar, client: Client, market: Market
) -> None:
    """No payment row for the order id yet: 503, nothing recorded; the retry after the commit
    is processed once."""
    app.state.container.random.override(providers.Object(KnownRandom("k" * 24)))
    booking = await book(client, market)
    order_id = "BA-" + "k" * 24
    early = signed(order_id, booking["quote"]["total"])
    first = await client.post("/api/payments/midtrans/notification", json=early)
    payment = await open_payment(client, market, booking["id"])
    app.state.container.payment_gateway().book.pay(order_id, "gopay")
    retried = await client.post("/api/payments/midtrans/notification", json=early)
    again = await client.post("/api/payments/midtrans/notification", json=early)

    assert first.status_code == 503 and first.json()["error"]["code"] == "PAYMENT_NOT_READY"
    assert payment["order_id"] == order_id
    assert retried.status_code == 200 and retried.json()["changed"] is True
    assert again.status_code == 200 and again.json()["changed"] is False
    assert (await ledger(app)).totals.customer_paid == Money(payment["amount"])


async def test_paying_needs_the_deal_to_be_yours_and_awaiting_payment(
    client: Client, market: Market
) -> None:
    """Someone else's booking is 404; both ids or neither is 422."""
    booking = await book(client, market)
    other = await client.post(
        "/api/payments", json={"rental_booking_id": booking["id"]}, headers=market.citra
    )
    both = await client.post(
        "/api/payments",
        json={"rental_booking_id": booking["id"], "sale_order_id": "x"},
        headers=market.ani,
    )
    assert other.status_code == 404
    assert both.status_code == 422


async def test_a_sale_order_is_paid_and_its_payout_released_on_completion(
    app: Litestar, client: Client, market: Market
) -> None:
    """Accepted offer → pay on the sandbox → paid, seller pending = price − commission; the
    papers done and the sale completed → available."""
    order = (
        await client.post(
            "/api/sale-orders",
            json={"vehicle_id": market.sale_id, "offer_price": 170_000_000},
            headers=market.ani,
        )
    ).json()
    path = f"/api/sale-orders/{order['id']}"
    accepted = await client.post(f"{path}/accept", headers=market.seller)
    assert accepted.json()["status"] == "pending_payment", accepted.text
    created = await client.post(
        "/api/payments", json={"sale_order_id": order["id"]}, headers=market.ani
    )
    payment = created.json()
    await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={"method": "bca_va"})
    await app.state.worker.drain()

    assert created.status_code == 201 and payment["amount"] == 170_000_000
    paid = (await client.get(path, headers=market.ani)).json()
    commission = split_at_rate(Money(170_000_000), Decimal(paid["commission_rate"])).commission
    held = await balance(app, market.seller_id)
    assert paid["status"] == "paid"
    assert held.pending == Money(170_000_000) - commission

    await client.post(f"{path}/start-documents", headers=market.seller)
    papers = dict.fromkeys(
        ("bpkb_transferred", "stnk_transferred", "faktur_transferred", "pajak_transferred"), True
    )
    await client.patch(f"{path}/documents", json=papers, headers=market.seller)
    done = await client.post(f"{path}/complete", headers=market.seller)
    await app.state.worker.drain()

    assert done.json()["status"] == "completed"
    after = await balance(app, market.seller_id)
    assert after.pending.is_zero and after.available == held.pending
    check = await ledger(app)
    assert check.ok and check.totals.commission == commission
