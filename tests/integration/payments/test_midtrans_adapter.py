"""The Midtrans adapter over HTTP against the fake Midtrans server on a local port."""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio

from bigauto.adapters.midtrans import MidtransGateway
from bigauto.domain.payments.errors import (
    PaymentGatewayAuthFailed,
    PaymentGatewayConflict,
    PaymentGatewayNotFound,
    PaymentGatewayRejected,
    PaymentGatewayUnavailable,
)
from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.midtrans_notifications import MidtransNotification
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import PaymentCustomer, PaymentItem, PaymentRequest
from bigauto.testing.fake_midtrans import FakeMidtrans

KEY = "SB-Mid-server-integration"
_orders = itertools.count(1)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeMidtrans]:
    with FakeMidtrans(server_key=KEY).running() as server:
        yield server


def _gateway(fake: FakeMidtrans, **options: object) -> MidtransGateway:
    settings: dict[str, object] = {"timeout": 2.0, "retries": 3, "backoff": 0.0}
    settings.update(options)
    return MidtransGateway(
        settings.pop("key", KEY),  # type: ignore[arg-type]
        snap_url=fake.base_url,
        api_url=fake.base_url,
        **settings,  # type: ignore[arg-type]
    )


@pytest_asyncio.fixture
async def gateway(fake: FakeMidtrans) -> AsyncIterator[MidtransGateway]:
    client = _gateway(fake)
    yield client
    await client.aclose()


def _request(gross: int = 450_000) -> PaymentRequest:
    return PaymentRequest(
        order_id=f"IT-{next(_orders)}",
        gross_amount=Money(gross),
        items=(PaymentItem("rental", "Xenia, 3 days", Money(gross // 3), quantity=3),),
        customer=PaymentCustomer("Budi", "budi@example.com", "+628123"),
        expiry_minutes=30,
    )


async def _open(gateway: MidtransGateway) -> str:
    request = _request()
    await gateway.create_transaction(request)
    return request.order_id


def _requests_to(fake: FakeMidtrans, path: str) -> int:
    return sum(1 for request in fake.requests if request.path == path)


async def test_create_sends_the_documented_request_and_answers_token_and_redirect(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Snap gets Basic auth (key and empty password) and the body; we get token and URL."""
    request = _request()
    session = await gateway.create_transaction(request)
    sent = fake.requests[-1]
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
    assert sent.headers["accept"] == "application/json"
    assert sent.json["transaction_details"] == {
        "order_id": request.order_id,
        "gross_amount": 450_000,
    }
    assert sent.json["expiry"]["duration"] == 30
    assert session.token == fake.transaction(request.order_id).token
    assert session.redirect_url.endswith(f"/snap/v4/redirection/{session.token}")
    async with httpx.AsyncClient() as browser:
        assert (await browser.get(session.redirect_url)).status_code == 200


async def test_an_order_id_is_taken_once(gateway: MidtransGateway) -> None:
    """A second checkout with the same order id is a conflict."""
    request = _request()
    await gateway.create_transaction(request)
    with pytest.raises(PaymentGatewayConflict):
        await gateway.create_transaction(request)


async def test_a_wrong_server_key_is_an_auth_failure_on_snap_and_core(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Midtrans refusing the key is PAYMENT_GATEWAY_AUTH, on both APIs."""
    order_id = await _open(gateway)
    wrong = _gateway(fake, key="SB-Mid-server-wrong")
    with pytest.raises(PaymentGatewayAuthFailed):
        await wrong.create_transaction(_request())
    with pytest.raises(PaymentGatewayAuthFailed):
        await wrong.get_status(order_id)
    await wrong.aclose()


async def test_a_checkout_has_no_status_until_a_method_is_chosen(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Snap creates the transaction when the customer picks a method: 404 before, pending after."""
    order_id = await _open(gateway)
    with pytest.raises(PaymentGatewayNotFound):
        await gateway.get_status(order_id)
    fake.choose(order_id, "bni_va")
    status = await gateway.get_status(order_id)
    assert (status.transaction_status, status.status_code, status.state) == (
        "pending",
        "201",
        PaymentState.PENDING,
    )
    assert status.payment_type == "bank_transfer"
    assert status.raw["va_numbers"][0]["bank"] == "bni"


async def test_the_status_matches_the_signed_notification(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """After a card payment, status and notification agree and the signature verifies."""
    order_id = await _open(gateway)
    notification = MidtransNotification.from_payload(fake.pay(order_id, "credit_card"))
    status = await gateway.get_status(order_id)
    assert notification.signature_is_valid(KEY)
    assert (status.transaction_status, status.fraud_status) == ("capture", "accept")
    assert status.state is notification.state is PaymentState.PAID
    assert status.gross_amount == notification.amount.amount == 450_000


async def test_a_status_read_is_retried_through_server_errors(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Two 503s then success: get_status answers, after three requests."""
    order_id = await _open(gateway)
    fake.settle(order_id)
    path = f"/v2/{order_id}/status"
    fake.fail_next(2, status=503, path=path)
    assert (await gateway.get_status(order_id)).state is PaymentState.PAID
    assert _requests_to(fake, path) == 3


async def test_a_status_read_gives_up_after_its_retries(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """More failures than retries surface as PAYMENT_GATEWAY_UNAVAILABLE."""
    order_id = await _open(gateway)
    path = f"/v2/{order_id}/status"
    fake.fail_next(4, status=500, path=path)
    with pytest.raises(PaymentGatewayUnavailable):
        await gateway.get_status(order_id)
    assert _requests_to(fake, path) == 4  # the first try and three retries


async def test_a_status_read_is_retried_after_a_timeout(fake: FakeMidtrans) -> None:
    """A read that times out is sent again and the second answer is used."""
    gateway = _gateway(fake, timeout=0.2)
    order_id = await _open(gateway)
    fake.settle(order_id)
    fake.fail_next(1, status=None, delay=1.0, path=f"/v2/{order_id}/status")
    assert (await gateway.get_status(order_id)).state is PaymentState.PAID
    await gateway.aclose()


async def test_create_is_not_retried_after_a_server_error(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """A 500 from Snap is reported, not retried: the checkout may exist already."""
    before = _requests_to(fake, "/snap/v1/transactions")
    fake.fail_next(1, status=500, path="/snap/")
    with pytest.raises(PaymentGatewayUnavailable):
        await gateway.create_transaction(_request())
    assert _requests_to(fake, "/snap/v1/transactions") == before + 1


async def test_create_is_not_retried_after_a_timeout_because_it_may_have_worked(
    fake: FakeMidtrans,
) -> None:
    """A Snap call that timed out may have created the checkout; sending it again would clash."""
    gateway = _gateway(fake, timeout=0.2)
    request = _request()
    fake.fail_next(1, status=None, delay=1.0, path="/snap/")
    with pytest.raises(PaymentGatewayUnavailable):
        await gateway.create_transaction(request)
    assert fake.transaction(request.order_id).order_id == request.order_id
    with pytest.raises(PaymentGatewayConflict):
        await gateway.create_transaction(request)
    await gateway.aclose()


async def test_create_is_retried_when_the_connection_was_never_made() -> None:
    """Connection refused means nothing was sent: it is retried, then reported unavailable."""
    with FakeMidtrans(server_key=KEY).running() as gone:
        url = gone.base_url
    gateway = MidtransGateway(KEY, snap_url=url, api_url=url, retries=2, backoff=0.0)
    with pytest.raises(PaymentGatewayUnavailable) as caught:
        await gateway.create_transaction(_request())
    assert caught.value.details["reason"] == "ConnectError"
    await gateway.aclose()


async def test_refunds_are_partial_then_full_and_a_refund_key_refunds_once(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Two refunds sum to the gross amount; repeating a refund_key refunds nothing more."""
    order_id = await _open(gateway)
    fake.settle(order_id, "shopeepay")
    first = await gateway.refund(order_id, Money(150_000), reason="one day less", refund_key="r-1")
    again = await gateway.refund(order_id, Money(150_000), reason="one day less", refund_key="r-1")
    assert first.state is again.state is PaymentState.PARTIALLY_REFUNDED
    assert first.refund_amount == again.refund_amount == Money(150_000)
    assert (await gateway.get_status(order_id)).refund_amount == 150_000
    rest = await gateway.refund(order_id, Money(300_000), reason="cancelled", refund_key="r-2")
    assert rest.state is PaymentState.REFUNDED
    assert (await gateway.get_status(order_id)).refund_amount == 450_000


async def test_a_refund_whose_answer_is_lost_is_retried_with_the_same_key(
    fake: FakeMidtrans,
) -> None:
    """The refund happens, its answer times out, the retry with the same key does not double."""
    gateway = _gateway(fake, timeout=0.2)
    order_id = await _open(gateway)
    fake.settle(order_id, "gopay")
    path = f"/v2/{order_id}/refund"
    fake.fail_next(1, status=None, delay=1.0, path=path)
    refund = await gateway.refund(order_id, Money(100_000), reason="x", refund_key="lost-1")
    assert refund.refund_amount == Money(100_000)
    assert _requests_to(fake, path) == 2
    assert fake.transaction(order_id).refunded == 100_000
    await gateway.aclose()


async def test_refunds_midtrans_refuses_become_domain_errors(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """Beyond the remainder: rejected; unpaid or bank transfer: conflict; unknown: not found."""
    paid = await _open(gateway)
    fake.settle(paid, "other_qris")
    with pytest.raises(PaymentGatewayRejected):
        await gateway.refund(paid, Money(450_001), reason="x", refund_key="too-much")
    pending = await _open(gateway)
    fake.choose(pending, "gopay")
    with pytest.raises(PaymentGatewayConflict):
        await gateway.refund(pending, Money(1), reason="x", refund_key="early")
    transfer = await _open(gateway)
    fake.settle(transfer, "permata_va")
    with pytest.raises(PaymentGatewayConflict):
        await gateway.refund(transfer, Money(1), reason="x", refund_key="va")
    with pytest.raises(PaymentGatewayNotFound):
        await gateway.refund("IT-unknown", Money(1), reason="x", refund_key="nothing")


async def test_cancel_voids_a_pending_payment_but_not_a_settled_one(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """A pending transaction cancels (failed); a settled one answers 412, a conflict."""
    pending = await _open(gateway)
    fake.choose(pending, "gopay")
    cancelled = await gateway.cancel(pending)
    assert (cancelled.transaction_status, cancelled.state) == ("cancel", PaymentState.FAILED)
    settled = await _open(gateway)
    fake.settle(settled)
    with pytest.raises(PaymentGatewayConflict):
        await gateway.cancel(settled)
    with pytest.raises(PaymentGatewayNotFound):
        await gateway.cancel("IT-unknown")


async def test_a_cancel_whose_answer_is_lost_still_answers_the_cancelled_status(
    fake: FakeMidtrans,
) -> None:
    """The retry finds it already cancelled (412) and answers the cancelled status."""
    gateway = _gateway(fake, timeout=0.2)
    order_id = await _open(gateway)
    fake.choose(order_id, "bri_va")
    fake.fail_next(1, status=None, delay=1.0, path=f"/v2/{order_id}/cancel")
    status = await gateway.cancel(order_id)
    assert status.transaction_status == "cancel"
    await gateway.aclose()


async def test_an_http_level_error_status_is_mapped_too(
    fake: FakeMidtrans, gateway: MidtransGateway
) -> None:
    """A Core API answering HTTP 401 (not a 200 with a body code) is still an auth failure."""
    order_id = await _open(gateway)
    fake.fail_next(1, status=401, path=f"/v2/{order_id}/status")
    with pytest.raises(PaymentGatewayAuthFailed):
        await gateway.get_status(order_id)


async def test_notifications_reach_a_url_as_midtrans_posts_them(fake: FakeMidtrans) -> None:
    """notify POSTs the signed payload as JSON to the given URL."""
    received: list[dict[str, object]] = []

    async def endpoint(request: httpx.Request) -> httpx.Response:
        received.append(json.loads(request.content))
        return httpx.Response(200, json={"status": "ok"})

    gateway = _gateway(fake)
    order_id = await _open(gateway)
    payload = fake.expire(order_id, "gopay")
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint)) as client:
        response = await fake.notify(
            "http://app.test/api/payments/midtrans/notification", payload, client=client
        )
    assert response.status_code == 200
    assert MidtransNotification.from_payload(received[0]).state is PaymentState.EXPIRED
    await gateway.aclose()
