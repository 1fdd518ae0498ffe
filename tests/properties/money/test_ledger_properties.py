"""Ledger properties: transactions balance, refunds conserve, random flows never overdraw."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.money.commission import MAX_COMMISSION_RATE, split_at_rate
from bigauto.domain.money.ledger import Ledger
from bigauto.domain.money.ledger_postings import payment_received, refund_issued, refund_split
from bigauto.domain.shared.money import Money
from bigauto.testing.ledger_machine import LedgerMachine

AT = datetime(2025, 1, 1, tzinfo=UTC)
rates = st.decimals(min_value=Decimal(0), max_value=MAX_COMMISSION_RATE, places=4)
grosses = st.integers(min_value=1, max_value=10**12)

TestLedgerFlows = LedgerMachine.TestCase


@st.composite
def refund_plans(draw: st.DrawFn) -> tuple[int, Decimal, list[int]]:
    """A gross, a rate and partial refunds adding up to at most the gross."""
    gross = draw(grosses)
    rate = draw(rates)
    pieces: list[int] = []
    left = gross
    for _ in range(draw(st.integers(1, 6))):
        if left == 0:
            break
        piece = draw(st.integers(1, left))
        pieces.append(piece)
        left -= piece
    if draw(st.booleans()) and left:
        pieces.append(left)
    return gross, rate, pieces


@given(refund_plans())
def test_each_refund_piece_conserves_and_never_goes_negative(
    plan: tuple[int, Decimal, list[int]],
) -> None:
    """Commission and seller shares of every refund piece are non-negative and add up to it."""
    gross, rate, pieces = plan
    split = split_at_rate(Money(gross), rate)
    before = 0
    for piece in pieces:
        shares = refund_split(split, Money(piece), Money(before))
        assert shares.commission + shares.seller == Money(piece)
        assert not shares.commission.is_negative and not shares.seller.is_negative
        before += piece


@given(refund_plans())
def test_refunded_commission_stays_within_a_rupiah_of_the_proportion(
    plan: tuple[int, Decimal, list[int]],
) -> None:
    """After any pieces, commission refunded is the rounded proportion of the total refunded."""
    gross, rate, pieces = plan
    split = split_at_rate(Money(gross), rate)
    before, commission = 0, 0
    for piece in pieces:
        commission += refund_split(split, Money(piece), Money(before)).commission.amount
        before += piece
        exact = Decimal(before) * split.commission.amount / gross
        assert abs(commission - exact) <= Decimal("0.5")
    if before == gross:
        assert commission == split.commission.amount


@given(refund_plans(), st.sampled_from(["s1", "s2"]))
def test_refunding_a_payment_in_pieces_keeps_the_ledger_balanced_and_conserved(
    plan: tuple[int, Decimal, list[int]], seller: str
) -> None:
    """Payment plus any refunds: every transaction balances and totals conserve."""
    gross, rate, pieces = plan
    split = split_at_rate(Money(gross), rate)
    ledger = Ledger()
    ledger.apply(payment_received("p", AT, seller_id=seller, split=split, reference="p"))
    before = 0
    for i, piece in enumerate(pieces):
        ledger.apply(
            refund_issued(
                f"r{i}",
                AT,
                seller_id=seller,
                split=split,
                amount=Money(piece),
                refunded_before=Money(before),
                reference="p",
            )
        )
        before += piece
    for transaction in ledger.transactions:
        assert sum(entry.amount.amount for entry in transaction.entries) == 0
    totals = ledger.totals()
    assert totals.is_conserved
    assert totals.refunds == Money(before)
    assert not ledger.seller_balance(seller).pending.is_negative
    assert not totals.commission.is_negative
