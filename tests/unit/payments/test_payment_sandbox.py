"""The embedded payment sandbox: checkout pages, scripted outcomes, signed notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bigauto.adapters.local.payment_sandbox import SandboxGateway
from bigauto.adapters.memory.clock import FixedClock
from bigauto.adapters.midtrans import MidtransGateway
from bigauto.config import Settings
from bigauto.container import aclose, build_container
from bigauto.domain.payments.errors import PaymentGatewayConflict, PaymentGatewayRejected
from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.midtrans_notifications import MidtransNotification
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import PaymentCustomer, PaymentItem, PaymentRequest


def _request(order_id: str = "RENT-7", **changes: object) -> PaymentRequest:
    fields: dict[str, object] = {
        "order_id": order_id,
        "gross_amount": Money(300_000),
        "items": (PaymentItem("rental", "Brio, 1 day", Money(300_000)),),
        "customer": PaymentCustomer("Budi", "budi@example.com"),
        "expiry_minutes": 30,
    }
    fields.update(changes)
    return PaymentRequest(**fields)  # type: ignore[arg-type]


async def test_the_checkout_page_is_a_page_of_the_app() -> None:
    """redirect_url is {public_base_url}/sandbox/payments/{order_id}."""
    gateway = SandboxGateway(public_base_url="https://bigauto.example/")
    session = await gateway.create_transaction(_request())
    assert session.redirect_url == "https://bigauto.example/sandbox/payments/RENT-7"
    assert session.token


@pytest.mark.parametrize(
    ("outcome", "method", "status", "state"),
    [
        ("pay", "bca_va", "settlement", PaymentState.PAID),
        ("pay", "credit_card", "capture", PaymentState.PAID),
        ("fail", "gopay", "deny", PaymentState.FAILED),
        ("expire", "echannel", "expire", PaymentState.EXPIRED),
    ],
)
async def test_each_outcome_answers_a_notification_signed_with_the_server_key(
    outcome: str, method: str, status: str, state: PaymentState
) -> None:
    """pay, fail and expire change the transaction and answer its signed notification."""
    gateway = SandboxGateway(server_key="SB-Mid-server-local")
    await gateway.create_transaction(_request())
    payload = gateway.notification_for("RENT-7", outcome, method)  # type: ignore[arg-type]
    notification = MidtransNotification.from_payload(payload)
    assert notification.signature_is_valid("SB-Mid-server-local")
    assert not notification.signature_is_valid("sandbox-server-key")
    assert (notification.transaction_status, notification.state) == (status, state)
    assert notification.amount == Money(300_000)
    assert (await gateway.get_status("RENT-7")).state is state


async def test_a_scripted_payment_uses_a_refundable_method_by_default() -> None:
    """Without a method, pay picks the first refundable enabled one, so it can be refunded."""
    gateway = SandboxGateway()
    await gateway.create_transaction(_request())
    assert gateway.notification_for("RENT-7", "pay")["payment_type"] == "gopay"
    refund = await gateway.refund("RENT-7", Money(300_000), reason="cancelled", refund_key="r1")
    assert refund.state is PaymentState.REFUNDED


async def test_an_outcome_twice_or_an_unknown_one_is_refused() -> None:
    """A paid checkout cannot be failed; an unknown outcome or method is a validation error."""
    gateway = SandboxGateway()
    await gateway.create_transaction(_request())
    with pytest.raises(PaymentGatewayRejected):
        gateway.notification_for("RENT-7", "pay", "ovo")  # not enabled for this checkout
    gateway.notification_for("RENT-7", "pay")
    with pytest.raises(PaymentGatewayConflict):
        gateway.notification_for("RENT-7", "fail")
    with pytest.raises(ValidationFailed):
        gateway.notification_for("RENT-7", "refund")  # type: ignore[arg-type]


async def test_a_pending_payment_expires_when_its_hold_runs_out() -> None:
    """Once expiry_minutes pass, a pending transaction reads as expired."""
    clock = FixedClock()
    gateway = SandboxGateway(clock=clock)
    await gateway.create_transaction(_request(expiry_minutes=30))
    gateway.book.choose("RENT-7", "bca_va")
    clock.advance(minutes=29)
    assert (await gateway.get_status("RENT-7")).state is PaymentState.PENDING
    clock.advance(timedelta(minutes=1))
    assert (await gateway.get_status("RENT-7")).state is PaymentState.EXPIRED
    with pytest.raises(PaymentGatewayConflict):
        gateway.notification_for("RENT-7", "pay")


async def test_virtual_account_payments_cannot_be_refunded_through_the_gateway() -> None:
    """As at Midtrans, a bank transfer refund is refused (it is done by hand)."""
    gateway = SandboxGateway()
    await gateway.create_transaction(_request())
    gateway.notification_for("RENT-7", "pay", "bca_va")
    with pytest.raises(PaymentGatewayConflict):
        await gateway.refund("RENT-7", Money(1), reason="x", refund_key="r1")


async def test_the_container_picks_the_sandbox_unless_midtrans_is_configured() -> None:
    """No server key: the sandbox, signing with the sandbox key; a key: Midtrans."""
    embedded = build_container(Settings.from_env({"BIGAUTO_PUBLIC_URL": "http://app.test/"}))
    sandbox = embedded.payment_gateway()
    assert isinstance(sandbox, SandboxGateway) and sandbox.server_key == "sandbox-server-key"
    assert sandbox.checkout_url("A-1") == "http://app.test/sandbox/payments/A-1"
    real = build_container(Settings.from_env({"MIDTRANS_SERVER_KEY": "SB-Mid-server-x"}))
    gateway = real.payment_gateway()
    assert isinstance(gateway, MidtransGateway)
    assert gateway.api_base == "https://api.sandbox.midtrans.com"
    keyed = build_container(
        Settings.from_env({"MIDTRANS_SERVER_KEY": "k", "BIGAUTO_PAYMENT_GATEWAY": "sandbox"})
    )
    assert keyed.payment_gateway().server_key == "k"  # type: ignore[union-attr]
    for container in (embedded, real, keyed):
        await aclose(container)
