"""Properties of the sandbox's Midtrans model under any sequence of customer moves and refunds."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bigauto.adapters.local.payment_book import SandboxTransaction, TransactionBook
from bigauto.adapters.memory.clock import FixedClock
from bigauto.domain.payments.errors import PaymentGatewayError
from bigauto.domain.payments.lifecycle import PaymentState, StatusChangeKind, payment_status_change
from bigauto.domain.payments.midtrans_notifications import map_midtrans_status
from bigauto.ports.payments.gateway import DEFAULT_ENABLED_PAYMENTS

GROSS = 1_000
methods = st.none() | st.sampled_from(DEFAULT_ENABLED_PAYMENTS)
moves = st.one_of(
    st.tuples(st.sampled_from(["choose", "pay", "settle", "deny", "expire"]), methods),
    st.tuples(st.just("challenge")),
    st.tuples(st.just("refund"), st.integers(1, GROSS + 10), st.sampled_from("abc")),
    st.tuples(st.just("advance"), st.integers(1, 20)),
)


def _snapshot(record: SandboxTransaction) -> tuple[Any, ...]:
    return (record.transaction_status, record.fraud_status, record.method, record.refunded)


def _state(record: SandboxTransaction) -> PaymentState | None:
    if record.transaction_status is None:
        return None
    return map_midtrans_status(record.transaction_status, record.fraud_status)


def _apply(book: TransactionBook, clock: FixedClock, move: tuple[Any, ...]) -> None:
    if move[0] == "advance":
        clock.advance(minutes=move[1])
    elif move[0] == "refund":
        book.refund("P-1", amount=move[1], refund_key=move[2], reason="property")
    elif move[0] == "challenge":
        book.challenge("P-1")
    else:
        getattr(book, move[0])("P-1", move[1])


@given(st.lists(moves, max_size=12))
def test_payments_only_move_forward_and_never_refund_more_than_was_paid(
    sequence: list[tuple[Any, ...]],
) -> None:
    """Whatever happens, statuses move forward, refunds stay within the gross amount, and a
    refused move changes nothing."""
    clock = FixedClock()
    book = TransactionBook(clock=clock)
    book.open_checkout(
        order_id="P-1",
        gross_amount=GROSS,
        enabled_payments=DEFAULT_ENABLED_PAYMENTS,
        expiry_minutes=30,
    )
    record = book.checkout("P-1")
    for move in sequence:
        before, state = _snapshot(record), _state(record)
        try:
            _apply(book, clock, move)
        except PaymentGatewayError:
            assert _snapshot(record) == before
        book.checkout("P-1")  # lets a due expiry happen, as any read does
        after = _state(record)
        if state is not None:
            assert after is not None
            change = payment_status_change(state, after).kind
            assert change in (StatusChangeKind.FORWARD, StatusChangeKind.REPLAY)
        assert 0 <= record.refunded <= GROSS
        assert (after is PaymentState.REFUNDED) == (record.refunded == GROSS)
