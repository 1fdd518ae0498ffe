"""Payment requests: what a checkout may ask for, checked when the value is made."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.ports.payments.gateway import (
    DEFAULT_ENABLED_PAYMENTS,
    GatewayStatus,
    PaymentCustomer,
    PaymentItem,
    PaymentRequest,
)

BUDI = PaymentCustomer("Budi", "budi@example.com", "+628123456789")
ITEMS = (
    PaymentItem("rental", "Avanza, 3 days", Money(150_000), quantity=3),
    PaymentItem("delivery", "Delivery", Money(100_000)),
    PaymentItem("promo", "Promo HEMAT", Money(-50_000)),
)


def request(**changes: Any) -> PaymentRequest:
    fields: dict[str, Any] = {
        "order_id": "RENT-1",
        "gross_amount": Money(500_000),
        "items": ITEMS,
        "customer": BUDI,
        "expiry_minutes": 30,
    }
    fields.update(changes)
    return PaymentRequest(**fields)


def test_items_with_a_discount_line_that_add_up_make_a_request() -> None:
    """Items (a negative discount line included) adding up to the gross amount are accepted."""
    made = request()
    assert Money.sum(item.subtotal for item in made.items) == made.gross_amount
    assert made.enabled_payments == DEFAULT_ENABLED_PAYMENTS


def test_the_default_methods_are_the_issues_list_without_ovo_or_dana() -> None:
    """VA BCA/BNI/BRI/Permata, Mandiri echannel, GoPay, ShopeePay, QRIS and cards by default."""
    assert set(DEFAULT_ENABLED_PAYMENTS) == {
        "bca_va",
        "bni_va",
        "bri_va",
        "echannel",
        "permata_va",
        "gopay",
        "shopeepay",
        "other_qris",
        "credit_card",
    }
    assert request(enabled_payments=("gopay", "ovo", "dana")).enabled_payments[1:] == (
        "ovo",
        "dana",
    )


@given(st.integers(min_value=-10_000, max_value=10_000).filter(lambda d: d != 0))
def test_items_that_do_not_add_up_to_the_gross_amount_are_refused(difference: int) -> None:
    """Any difference between the items' total and the gross amount is a ValidationFailed."""
    with pytest.raises(ValidationFailed) as caught:
        request(gross_amount=Money(500_000 + difference))
    assert caught.value.details["items_total"] == 500_000


@pytest.mark.parametrize(
    "changes",
    [
        {"order_id": ""},
        {"order_id": "x" * 51},
        {"order_id": "RENT 1"},
        {"order_id": "RENT/1"},
        {"items": ()},
        {"gross_amount": Money(0), "items": (PaymentItem("a", "A", Money(0)),)},
        {"expiry_minutes": 0},
        {"enabled_payments": ()},
        {"enabled_payments": ("gopay", "bitcoin")},
    ],
)
def test_requests_midtrans_would_refuse_are_refused_here_first(changes: dict[str, Any]) -> None:
    """Bad order ids, empty items, non-positive amounts or expiry, unknown methods are refused."""
    with pytest.raises(ValidationFailed):
        request(**changes)


def test_an_item_needs_a_name_and_a_quantity_of_at_least_one() -> None:
    """Quantity below one or a blank name cannot make an item."""
    with pytest.raises(ValidationFailed):
        PaymentItem("a", "A", Money(1), quantity=0)
    with pytest.raises(ValidationFailed):
        PaymentItem("a", "  ", Money(1))


def test_a_gateway_status_tells_its_payment_state_and_amount() -> None:
    """A status reads as the lifecycle's state and as Money."""
    status = GatewayStatus("RENT-1", "capture", "201", 500_000, fraud_status="challenge")
    assert status.state is PaymentState.PENDING
    assert status.amount == Money(500_000)
