"""A Hypothesis state machine that runs random money flows through a ``Ledger``.

Customers pay for bookings of a few sellers at random commission rates; bookings are refunded in
pieces, released, and sellers withdraw (sometimes more than they have). After every step the
machine checks that every transaction balances, balances equal the sums of entries, no seller
fund is negative, refused transactions changed nothing, and that customers' money is conserved:
``paid = refunds + commission + seller payouts``, to the rupiah, also against its own tally.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bigauto.domain.money.commission import MAX_COMMISSION_RATE, CommissionSplit, split_at_rate
from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.money.ledger import Account, Ledger, LedgerTransaction
from bigauto.domain.money.ledger_postings import (
    payment_received,
    payout_released,
    refund_issued,
    withdrawal_paid,
    withdrawal_rejected,
    withdrawal_requested,
)
from bigauto.domain.shared.money import Money

SELLERS = ("seller-a", "seller-b", "seller-c")
_AT = datetime(2025, 1, 1, tzinfo=UTC)

rates = st.decimals(min_value=Decimal(0), max_value=MAX_COMMISSION_RATE, places=3)
grosses = st.integers(min_value=1, max_value=50_000_000)


@attrs.define
class _Booking:
    reference: str
    seller_id: str
    split: CommissionSplit
    refunded: int = 0
    released: bool = False


@attrs.define
class _Withdrawal:
    reference: str
    seller_id: str
    amount: Money


class LedgerMachine(RuleBasedStateMachine):
    """Random payments, refunds, releases and withdrawals against one ledger."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger()
        self.bookings: list[_Booking] = []
        self.withdrawals: list[_Withdrawal] = []
        self.paid_in = 0
        self.refunded = 0
        self.count = 0

    def _id(self) -> str:
        self.count += 1
        return f"tx-{self.count}"

    def _apply_or_refuse(self, transaction: LedgerTransaction) -> bool:
        """Apply; on InsufficientFunds check nothing changed and answer False."""
        before = (self.ledger.balances(), self.ledger.transactions)
        try:
            self.ledger.apply(transaction)
        except InsufficientFunds:
            assert (self.ledger.balances(), self.ledger.transactions) == before
            return False
        return True

    def _open(self) -> list[_Booking]:
        return [b for b in self.bookings if not b.released and b.refunded < b.split.gross.amount]

    @rule(seller=st.sampled_from(SELLERS), gross=grosses, rate=rates)
    def customer_pays(self, seller: str, gross: int, rate: Decimal) -> None:
        booking = _Booking(
            f"booking-{len(self.bookings)}", seller, split_at_rate(Money(gross), rate)
        )
        self.ledger.apply(
            payment_received(
                self._id(), _AT, seller_id=seller, split=booking.split, reference=booking.reference
            )
        )
        self.bookings.append(booking)
        self.paid_in += gross

    @precondition(lambda self: bool(self._open()))
    @rule(data=st.data())
    def customer_is_refunded(self, data: Any) -> None:
        booking = data.draw(st.sampled_from(self._open()), label="booking")
        left = booking.split.gross.amount - booking.refunded
        amount = data.draw(st.integers(1, left) | st.just(left), label="amount")
        transaction = refund_issued(
            self._id(),
            _AT,
            seller_id=booking.seller_id,
            split=booking.split,
            amount=Money(amount),
            refunded_before=Money(booking.refunded),
            reference=booking.reference,
        )
        # Refunds come out of this booking's own pending payout, so they never overdraw.
        assert self._apply_or_refuse(transaction)
        booking.refunded += amount
        self.refunded += amount

    @precondition(lambda self: bool(self._open()))
    @rule(data=st.data())
    def booking_completes(self, data: Any) -> None:
        booking = data.draw(st.sampled_from(self._open()), label="booking")
        pending = self.ledger.balance_for(
            Account.seller_pending(booking.seller_id), booking.reference
        )
        self.ledger.apply(
            payout_released(
                self._id(),
                _AT,
                seller_id=booking.seller_id,
                amount=pending,
                reference=booking.reference,
            )
        )
        booking.released = True

    @rule(seller=st.sampled_from(SELLERS), extra=st.integers(-1_000, 1_000), data=st.data())
    def seller_requests_withdrawal(self, seller: str, extra: int, data: Any) -> None:
        available = self.ledger.seller_balance(seller).available.amount
        amount = max(1, data.draw(st.integers(0, available), label="amount") + extra)
        reference = f"withdrawal-{self.count}"
        transaction = withdrawal_requested(
            self._id(), _AT, seller_id=seller, amount=Money(amount), reference=reference
        )
        applied = self._apply_or_refuse(transaction)
        assert applied == (amount <= available)
        if applied:
            self.withdrawals.append(_Withdrawal(reference, seller, Money(amount)))

    @precondition(lambda self: bool(self.withdrawals))
    @rule(data=st.data(), paid=st.booleans())
    def admin_settles_withdrawal(self, data: Any, paid: bool) -> None:
        withdrawal = data.draw(st.sampled_from(self.withdrawals), label="withdrawal")
        post = withdrawal_paid if paid else withdrawal_rejected
        self.ledger.apply(
            post(
                self._id(),
                _AT,
                seller_id=withdrawal.seller_id,
                amount=withdrawal.amount,
                reference=withdrawal.reference,
            )
        )
        self.withdrawals.remove(withdrawal)

    @rule(seller=st.sampled_from(SELLERS), over=st.integers(1, 1_000))
    def releasing_more_than_pending_is_refused(self, seller: str, over: int) -> None:
        pending = self.ledger.seller_balance(seller).pending.amount
        transaction = payout_released(
            self._id(), _AT, seller_id=seller, amount=Money(pending + over), reference="too-much"
        )
        assert not self._apply_or_refuse(transaction)

    @invariant()
    def every_transaction_balances(self) -> None:
        for transaction in self.ledger.transactions:
            assert sum(entry.amount.amount for entry in transaction.entries) == 0

    @invariant()
    def balances_are_the_sums_of_entries(self) -> None:
        sums: dict[Account, int] = {}
        for transaction in self.ledger.transactions:
            for entry in transaction.entries:
                sums[entry.account] = sums.get(entry.account, 0) + entry.amount.amount
        for account, balance in self.ledger.balances().items():
            signed = sums.get(account, 0)
            assert balance.amount == (signed if account.spec.normal == "debit" else -signed)

    @invariant()
    def no_seller_fund_is_negative(self) -> None:
        for account, balance in self.ledger.balances().items():
            if account.spec.non_negative:
                assert not balance.is_negative, f"{account} is {balance}"

    @invariant()
    def customers_money_is_conserved(self) -> None:
        totals = self.ledger.totals()
        assert totals.is_conserved
        assert totals.customer_paid == Money(self.paid_in)
        assert totals.refunds == Money(self.refunded)

    @invariant()
    def reserved_funds_match_open_withdrawals(self) -> None:
        for seller in SELLERS:
            open_amounts = [w.amount for w in self.withdrawals if w.seller_id == seller]
            assert self.ledger.seller_balance(seller).reserved == Money.sum(open_amounts)


__all__ = ["SELLERS", "LedgerMachine"]
