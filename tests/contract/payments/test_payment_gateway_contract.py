"""The PaymentGateway contract, run against the sandbox and against Midtrans (the fake server).

Each harness pairs a gateway with a way to play the customer on the gateway's side (choose a
method, pay, fail, let it expire), so the same behaviour is asked of both.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs
import pytest
import pytest_asyncio

from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.domain.payments.errors import (
    PaymentGatewayConflict,
    PaymentGatewayNotFound,
    PaymentGatewayRejected,
)
from bigauto.domain.payments.lifecycle import PaymentState, StatusChangeKind, payment_status_change
from bigauto.domain.payments.midtrans_notifications import MidtransNotification
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    PaymentCustomer,
    PaymentGateway,
    PaymentItem,
    PaymentRequest,
)
from bigauto.testing.fake_midtrans import FakeMidtrans

KEY = "SB-Mid-server-contract"
_orders = itertools.count(1)


@attrs.frozen
class Harness:
    """A gateway and the customer's hand on its far side."""

    gateway: PaymentGateway
    play: Callable[[str, str, str | None], dict[str, Any]]  # (action, order_id, method)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeMidtrans]:
    with FakeMidtrans(server_key=KEY).running() as server:
        yield server


@pytest_asyncio.fixture(params=["sandbox", "midtrans"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "sandbox":
        sandbox = SandboxGateway(server_key=KEY)

        def on_sandbox(action: str, order_id: str, method: str | None) -> dict[str, Any]:
            act = getattr(sandbox.book, action)
            record = act(order_id, method) if method else act(order_id)
            return record.notification(KEY)  # type: ignore[no-any-return]

        yield Harness(sandbox, on_sandbox)
        return
    fake: FakeMidtrans = request.getfixturevalue("fake")
    gateway = MidtransGateway(KEY, snap_url=fake.base_url, api_url=fake.base_url, backoff=0.0)

    def on_fake(action: str, order_id: str, method: str | None) -> dict[str, Any]:
        act = getattr(fake, action)
        return act(order_id, method) if method else act(order_id)  # type: ignore[no-any-return]

    yield Harness(gateway, on_fake)
    await gateway.aclose()


def _request(gross: int = 600_000) -> PaymentRequest:
    return PaymentRequest(
        order_id=f"CT-{next(_orders)}",
        gross_amount=Money(gross),
        items=(PaymentItem("rental", "Pajero, 2 days", Money(gross // 2), quantity=2),),
        customer=PaymentCustomer("Ayu", "ayu@example.com"),
        expiry_minutes=30,
    )


async def _open(harness: Harness, gross: int = 600_000) -> str:
    request = _request(gross)
    await harness.gateway.create_transaction(request)
    return request.order_id


async def test_a_checkout_answers_a_token_and_a_page_to_send_the_customer_to(
    harness: Harness,
) -> None:
    """create_transaction answers a token and a redirect URL, different per checkout."""
    first = await harness.gateway.create_transaction(_request())
    second = await harness.gateway.create_transaction(_request())
    assert first.token and first.redirect_url.startswith("http")
    assert first.token != second.token and first.redirect_url != second.redirect_url


async def test_an_order_id_is_used_once(harness: Harness) -> None:
    """The same order id twice is a conflict."""
    request = _request()
    await harness.gateway.create_transaction(request)
    with pytest.raises(PaymentGatewayConflict):
        await harness.gateway.create_transaction(request)


async def test_there_is_no_transaction_until_a_method_is_chosen(harness: Harness) -> None:
    """Status is not found for an open checkout, pending once a method is chosen."""
    order_id = await _open(harness)
    with pytest.raises(PaymentGatewayNotFound):
        await harness.gateway.get_status(order_id)
    harness.play("choose", order_id, "bca_va")
    assert (await harness.gateway.get_status(order_id)).state is PaymentState.PENDING


@pytest.mark.parametrize(
    ("action", "method", "state"),
    [
        ("pay", "gopay", PaymentState.PAID),
        ("pay", "credit_card", PaymentState.PAID),
        ("settle", "echannel", PaymentState.PAID),
        ("challenge", None, PaymentState.PENDING),
        ("deny", "shopeepay", PaymentState.FAILED),
        ("expire", "bri_va", PaymentState.EXPIRED),
    ],
)
async def test_the_status_confirms_what_the_signed_notification_says(
    harness: Harness, action: str, method: str | None, state: PaymentState
) -> None:
    """Each outcome's notification is signed and agrees with get_status on state and amount."""
    order_id = await _open(harness)
    notification = MidtransNotification.from_payload(harness.play(action, order_id, method))
    status = await harness.gateway.get_status(order_id)
    assert notification.signature_is_valid(KEY)
    assert notification.order_id == status.order_id == order_id
    assert notification.state is status.state is state
    assert notification.amount == status.amount == Money(600_000)
    assert notification.status_code == status.status_code


async def test_refunds_run_down_to_fully_refunded_and_never_twice_per_key(
    harness: Harness,
) -> None:
    """Partial then full refunds; a repeated refund_key changes nothing."""
    order_id = await _open(harness)
    harness.play("pay", order_id, "gopay")
    part = await harness.gateway.refund(order_id, Money(200_000), reason="x", refund_key="k-1")
    same = await harness.gateway.refund(order_id, Money(200_000), reason="x", refund_key="k-1")
    assert part.state is same.state is PaymentState.PARTIALLY_REFUNDED
    status = await harness.gateway.get_status(order_id)
    assert (status.state, status.refund_amount) == (PaymentState.PARTIALLY_REFUNDED, 200_000)
    with pytest.raises(PaymentGatewayRejected):
        await harness.gateway.refund(order_id, Money(400_001), reason="x", refund_key="k-2")
    rest = await harness.gateway.refund(order_id, Money(400_000), reason="x", refund_key="k-3")
    assert rest.state is PaymentState.REFUNDED
    assert (await harness.gateway.get_status(order_id)).refund_amount == 600_000
    with pytest.raises(PaymentGatewayConflict):
        await harness.gateway.refund(order_id, Money(1), reason="x", refund_key="k-4")


async def test_cancel_voids_pending_and_refuses_settled(harness: Harness) -> None:
    """Cancel turns a pending transaction into a failed one; a settled one cannot be voided."""
    pending = await _open(harness)
    harness.play("choose", pending, "gopay")
    assert (await harness.gateway.cancel(pending)).state is PaymentState.FAILED
    assert (await harness.gateway.get_status(pending)).transaction_status == "cancel"
    settled = await _open(harness)
    harness.play("settle", settled, None)
    with pytest.raises(PaymentGatewayConflict):
        await harness.gateway.cancel(settled)


async def test_an_unknown_order_is_not_found_everywhere(harness: Harness) -> None:
    """Status, refund and cancel of an order nobody opened are not found."""
    with pytest.raises(PaymentGatewayNotFound):
        await harness.gateway.get_status("CT-none")
    with pytest.raises(PaymentGatewayNotFound):
        await harness.gateway.refund("CT-none", Money(1), reason="x", refund_key="k")
    with pytest.raises(PaymentGatewayNotFound):
        await harness.gateway.cancel("CT-none")


async def test_statuses_reported_over_a_payments_life_only_move_forward(
    harness: Harness,
) -> None:
    """Choose, pay, refund in part then in full: each status is forward of the one before."""
    order_id = await _open(harness)
    harness.play("choose", order_id, "credit_card")
    seen = [(await harness.gateway.get_status(order_id)).state]
    harness.play("settle", order_id, None)
    seen.append((await harness.gateway.get_status(order_id)).state)
    await harness.gateway.refund(order_id, Money(100), reason="x", refund_key="a")
    seen.append((await harness.gateway.get_status(order_id)).state)
    await harness.gateway.refund(order_id, Money(599_900), reason="x", refund_key="b")
    seen.append((await harness.gateway.get_status(order_id)).state)
    assert seen == [
        PaymentState.PENDING,
        PaymentState.PAID,
        PaymentState.PARTIALLY_REFUNDED,
        PaymentState.REFUNDED,
    ]
    for before, after in itertools.pairwise(seen):
        assert payment_status_change(before, after).kind is StatusChangeKind.FORWARD
