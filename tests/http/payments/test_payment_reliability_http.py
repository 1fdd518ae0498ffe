"""HTTP: no money lost or doubled when the gateway is down during a refund, when the process dies
while handling a notification, when a notification races the checkout, when a payment arrives
for a deal already cancelled; and the real Midtrans adapter against the fake Midtrans."""

from __future__ import annotations

from typing import Any

import attrs
import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.booking_support import (
    NOW,
    Client,
    MakeUser,
    Market,
    booking_app,
    make_market,
)
from tests.http.payments.test_payments_http import balance, book, ledger, open_payment

from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.memory import FixedClock
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.config import Settings
from bigauto.container import build_container
from bigauto.domain.payments.errors import PaymentGatewayUnavailable
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.http import create_app
from bigauto.ports.payments.gateway import PaymentRequest, PaymentSession, RefundResult
from bigauto.services.payments.gateway_notifications import Payments
from bigauto.testing.fake_midtrans import FakeMidtrans


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    """The sandbox app, its gateway wrapped in ``FlakyRefunds`` (reliable until told otherwise)
    before anything is built, so the worker's handlers use the wrapper too."""
    runtime = attrs.evolve(settings.runtime, worker_backoff_base=0.0, worker_backoff_jitter=0.0)
    quick = attrs.evolve(settings, runtime=runtime)
    container = build_container(quick)
    container.clock.override(providers.Object(clock))
    flaky = FlakyRefunds(container.payment_gateway(), failures=0)
    container.payment_gateway.override(providers.Object(flaky))
    return create_app(quick, container=container)


@pytest.fixture
async def market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
    return await make_market(app, client, make_user)


class FlakyRefunds:
    """The sandbox, except that its refund call is unreachable the first ``failures`` times."""

    def __init__(self, inner: SandboxGateway, failures: int) -> None:
        self.inner = inner
        self.failures = failures
        self.refund_calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def refund(
        self, order_id: str, amount: Money, *, reason: str, refund_key: str
    ) -> RefundResult:
        self.refund_calls += 1
        if self.failures > 0:
            self.failures -= 1
            raise PaymentGatewayUnavailable("Midtrans did not answer")
        return await self.inner.refund(order_id, amount, reason=reason, refund_key=refund_key)


async def test_a_refund_while_the_gateway_is_unreachable_is_retried_from_the_outbox(
    app: Litestar, client: Client, market: Market
) -> None:
    """Two failed refund calls, then success: one refund at the gateway, the ledger conserved."""
    container = app.state.container
    flaky: FlakyRefunds = container.payment_gateway()
    flaky.failures = 2
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={})
    await app.state.worker.drain()
    await client.post(f"/api/rentals/{booking['id']}/cancel", headers=market.ani)
    await app.state.worker.drain()

    assert flaky.refund_calls == 3
    assert len(flaky.inner.checkout(payment["order_id"]).refunds) == 1
    async with container.uow_factory()() as uow:
        refunds = await uow.refunds.of_payment(payment["payment_id"])
    assert [(r.status.value, r.attempts) for r in refunds] == [("done", 3)]
    check = await ledger(app)
    assert check.ok and check.totals.refunds == Money(payment["amount"])


class Killed(Exception):
    """The process died."""


class DyingUnitOfWork:
    """A unit of work whose commit kills the process while ``plan["die"]`` is set."""

    def __init__(self, inner: Any, plan: dict[str, bool]) -> None:
        self.inner = inner
        self.plan = plan

    async def __aenter__(self) -> DyingUnitOfWork:
        await self.inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.inner.__aexit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def commit(self) -> None:
        if self.plan["die"]:
            self.plan["die"] = False
            raise Killed()
        await self.inner.commit()


async def test_a_process_killed_before_or_after_the_commit_never_doubles_money(
    app: Litestar, client: Client, market: Market
) -> None:
    """Killed before the commit: nothing changed, the re-sent notification pays once. Answer
    lost after the commit: the re-sent notification changes nothing."""
    container = app.state.container
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    note = container.payment_gateway().notification_for(payment["order_id"], "pay", "gopay")
    plan = {"die": True}
    real = container.uow_factory()
    dying: Payments = container.payments()
    dying.uow_factory = lambda: DyingUnitOfWork(real(), plan)  # type: ignore[assignment,return-value]

    with pytest.raises(Killed):
        await dying.handle_notification(note)
    untouched = await ledger(app)
    resent = await client.post("/api/payments/midtrans/notification", json=note)
    lost_answer_resent = await client.post("/api/payments/midtrans/notification", json=note)

    assert untouched.totals.customer_paid.is_zero
    assert resent.json()["changed"] is True
    assert lost_answer_resent.status_code == 200 and lost_answer_resent.json()["changed"] is False
    check = await ledger(app)
    assert check.ok and check.totals.customer_paid == Money(payment["amount"])


class EagerCustomer:
    """The sandbox, with a customer who pays (and Midtrans notifies) before ``create_transaction``
    has even returned to the engine."""

    def __init__(self, inner: SandboxGateway, app: Litestar) -> None:
        self.inner = inner
        self.app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def create_transaction(self, request: PaymentRequest) -> PaymentSession:
        session = await self.inner.create_transaction(request)
        note = self.inner.notification_for(request.order_id, "pay", "gopay")
        await self.app.state.container.payments().handle_notification(note)
        return session


async def test_a_notification_racing_the_checkout_is_not_undone_by_it(
    app: Litestar, client: Client, market: Market
) -> None:
    """The payment is paid while the checkout is still being saved; the save keeps it paid."""
    container = app.state.container
    container.payment_gateway.override(
        providers.Object(EagerCustomer(container.payment_gateway().inner, app))
    )
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    await app.state.worker.drain()

    assert payment["status"] == "paid" and payment["snap_token"]
    rental = (await client.get(f"/api/rentals/{booking['id']}", headers=market.ani)).json()
    assert rental["status"] in ("paid", "akan_datang")
    assert (await ledger(app)).totals.customer_paid == Money(payment["amount"])


async def test_a_payment_for_a_cancelled_booking_is_refunded_in_full(
    app: Litestar, client: Client, market: Market
) -> None:
    """The customer cancels, then pays the still-open checkout: recorded, then all given back."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    cancelled = await client.post(f"/api/rentals/{booking['id']}/cancel", headers=market.ani)
    paid = await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={})
    await app.state.worker.drain()

    assert cancelled.json()["status"] == "cancelled"
    assert paid.json()["changed"] is True
    shown = (await client.get(f"/api/payments/{payment['payment_id']}", headers=market.ani)).json()
    assert shown["status"] == "refunded"
    check = await ledger(app)
    assert check.ok and check.totals.refunds == check.totals.customer_paid
    seller = await balance(app, market.seller_id)
    assert seller.pending.is_zero and seller.available.is_zero


async def test_a_failed_sandbox_payment_cancels_the_booking(
    app: Litestar, client: Client, market: Market
) -> None:
    """Fail on the sandbox page (a form post): redirected back, payment failed, booking
    cancelled, a new booking of the same dates possible."""
    booking = await book(client, market)
    payment = await open_payment(client, market, booking["id"])
    failed = await client.post(
        f"/sandbox/payments/{payment['order_id']}/fail",
        data={"method": "bca_va"},
        follow_redirects=False,
    )
    rental = (await client.get(f"/api/rentals/{booking['id']}", headers=market.ani)).json()
    shown = (await client.get(f"/api/payments/{payment['payment_id']}", headers=market.ani)).json()

    assert failed.status_code == 303
    assert failed.headers["location"].endswith(f"/sandbox/payments/{payment['order_id']}")
    assert shown["status"] == "failed" and rental["status"] == "cancelled"


async def test_the_midtrans_adapter_pays_a_rental_against_the_fake_midtrans(
    settings: Settings, clock: FixedClock, make_user: MakeUser
) -> None:
    """Snap checkout, a signed notification, the status challenge: paid, and the engine asked
    ``GET /v2/{order_id}/status`` before acting."""
    fake = FakeMidtrans(clock=clock)
    payments = attrs.evolve(
        settings.payments, gateway="midtrans", midtrans_server_key=fake.server_key
    )
    midtrans = attrs.evolve(settings, payments=payments)
    app = booking_app(midtrans, clock)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app), base_url="http://fake")
    gateway = MidtransGateway(
        fake.server_key, snap_url="http://fake", api_url="http://fake", http=http
    )
    app.state.container.payment_gateway.override(providers.Object(gateway))
    async with AsyncTestClient(app=app) as client:
        market = await make_market(app, client, make_user)
        booking = await book(client, market)
        payment = await open_payment(client, market, booking["id"])
        note = fake.pay(payment["order_id"], "bca_va")
        answer = await client.post("/api/payments/midtrans/notification", json=note)
        sandbox = await client.post(f"/sandbox/payments/{payment['order_id']}/pay", json={})
    await http.aclose()

    assert answer.status_code == 200 and answer.json()["changed"] is True
    assert sandbox.status_code == 404
    paths = [r.path for r in fake.requests]
    assert paths[0] == "/snap/v1/transactions"
    assert f"/v2/{payment['order_id']}/status" in paths
    assert (await ledger(app)).totals.customer_paid == Money(payment["amount"])
