"""Properties of the Payment aggregate: statuses only move forward, the ledger split keeps the
deposit out of commission, refunds never exceed what was paid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import LedgerError
from bigauto.domain.payments.lifecycle import PAYMENT, PaymentState
from bigauto.domain.payments.payment import SETTLED_STATES, DealKind, Payment
from bigauto.domain.shared.money import Money

AT = datetime(2026, 3, 1, tzinfo=UTC)


def a_payment(amount: int, revenue: int, rate: Decimal) -> Payment:
    return Payment.open(
        payment_id="p",
        order_id="BA-x",
        kind=DealKind.RENTAL,
        deal_id="d",
        customer_id="c",
        seller_id="s",
        amount=Money(amount),
        revenue=Money(revenue),
        commission_rate=rate,
        expires_at=AT,
        created_at=AT,
    )


rates = st.decimals(min_value=0, max_value=Decimal("0.5"), places=4)


@given(st.lists(st.sampled_from(list(PaymentState)), max_size=12))
def test_a_payment_status_never_moves_backwards(reports: list[PaymentState]) -> None:
    """Whatever statuses are reported in whatever order, each change is a forward path of the
    payment lifecycle, and a report of the status on record changes nothing."""
    payment = a_payment(100_000, 100_000, Decimal("0.05"))
    forward = 0
    for n, report in enumerate(reports):
        before = payment.status
        payment, change = payment.move_to(report, at=AT + timedelta(minutes=n))
        if change.is_forward:
            forward += 1
            assert PAYMENT.path(before, payment.status) is not None and payment.status == report
        else:
            assert payment.status == before
    assert len(payment.history) == 1 + forward
    assert (payment.paid_at is not None) == (payment.status in SETTLED_STATES)


@given(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=0, max_value=10**9),
    rates,
)
def test_commission_is_taken_on_the_revenue_only(revenue: int, deposit: int, rate: Decimal) -> None:
    """The split charges commission on the revenue; the deposit all goes to the seller's
    pending funds; commission + payout = what the customer paid."""
    payment = a_payment(revenue + deposit, revenue, rate)
    split = payment.split
    assert split.commission == split_at_rate(Money(revenue), rate).commission
    assert split.commission + split.payout == Money(revenue + deposit)


@given(st.integers(min_value=1, max_value=10**7), st.lists(st.integers(1, 10**7), max_size=6))
def test_refunds_never_exceed_what_was_paid(amount: int, pieces: list[int]) -> None:
    """Partial refunds add up; the last one to reach the amount makes the payment refunded, and
    one beyond it is refused."""
    payment, _ = a_payment(amount, amount, Decimal("0.1")).move_to(PaymentState.PAID, at=AT)
    total = 0
    for piece in pieces:
        if total + piece > amount:
            with pytest.raises(LedgerError):
                payment.refund(Money(piece), at=AT)
            continue
        payment = payment.refund(Money(piece), at=AT)
        total += piece
        expected = PaymentState.REFUNDED if total == amount else PaymentState.PARTIALLY_REFUNDED
        assert payment.status is expected and payment.refunded == Money(total)
