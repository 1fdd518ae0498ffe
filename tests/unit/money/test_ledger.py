"""The ledger: balanced transactions, derived balances, and the postings for each flow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import InsufficientFunds, LedgerError
from bigauto.domain.money.ledger import (
    Account,
    AccountKind,
    Entry,
    Ledger,
    LedgerTransaction,
    SellerBalance,
    TransactionKind,
)
from bigauto.domain.money.ledger_postings import (
    payment_received,
    payout_released,
    refund_issued,
    refund_split,
    withdrawal_paid,
    withdrawal_rejected,
    withdrawal_requested,
)
from bigauto.domain.shared.errors import MoneyError
from bigauto.domain.shared.money import Money

AT = datetime(2025, 3, 1, 9, tzinfo=UTC)
SELLER = "seller-1"


def _paid(ledger: Ledger, gross: int = 1_000_000, reference: str = "pay-1") -> None:
    split = split_at_rate(Money(gross), "0.05")
    ledger.apply(
        payment_received(f"{reference}:in", AT, seller_id=SELLER, split=split, reference=reference)
    )


def test_an_unbalanced_transaction_is_refused() -> None:
    """Debits and credits that do not sum to zero cannot form a transaction."""
    with pytest.raises(LedgerError, match="balance"):
        LedgerTransaction(
            "t1",
            TransactionKind.PAYMENT_RECEIVED,
            AT,
            [
                Entry.debit(Account.customer_payments(), Money(100)),
                Entry.credit(Account.seller_pending(SELLER), Money(99)),
            ],
            "p1",
        )


def test_a_transaction_in_two_currencies_is_refused() -> None:
    """All entries of a transaction share one currency."""
    with pytest.raises(LedgerError, match="one currency"):
        LedgerTransaction(
            "t1",
            TransactionKind.PAYMENT_RECEIVED,
            AT,
            [
                Entry.debit(Account.customer_payments(), Money(100, "USD")),
                Entry.credit(Account.seller_pending(SELLER), Money(100)),
            ],
            "p1",
        )


def test_seller_accounts_need_a_seller_and_platform_accounts_have_none() -> None:
    """An account's owner matches what the chart says about its kind."""
    with pytest.raises(LedgerError):
        Account(AccountKind.SELLER_PENDING)
    with pytest.raises(LedgerError):
        Account(AccountKind.PLATFORM_COMMISSION, "someone")


def test_entries_built_as_debit_or_credit_take_unsigned_amounts() -> None:
    """Entry.debit/credit sign the amount themselves and refuse a negative one."""
    assert Entry.credit(Account.customer_refunds(), Money(5)).amount == Money(-5)
    with pytest.raises(MoneyError):
        Entry.debit(Account.customer_payments(), Money(-5))


def test_a_payment_splits_into_commission_and_seller_pending() -> None:
    """A paid booking puts the commission with the platform and the payout in pending."""
    ledger = Ledger()
    _paid(ledger, 333_333)
    assert ledger.balance(Account.platform_commission()) == Money(16_667)
    assert ledger.seller_balance(SELLER) == SellerBalance(
        pending=Money(316_666),
        available=Money(0),
        currency="IDR",
        reserved=Money(0),
        paid_out=Money(0),
    )


def test_release_moves_pending_to_available() -> None:
    """On completion the booking's pending payout becomes available."""
    ledger = Ledger()
    _paid(ledger)
    pending = ledger.balance_for(Account.seller_pending(SELLER), "pay-1")
    ledger.apply(payout_released("r1", AT, seller_id=SELLER, amount=pending, reference="pay-1"))
    balance = ledger.seller_balance(SELLER)
    assert (balance.pending, balance.available) == (Money(0), Money(950_000))


def test_a_full_refund_in_pieces_returns_exactly_the_commission_and_payout() -> None:
    """Three partial refunds of an odd amount hand back the whole commission and payout."""
    ledger = Ledger()
    split = split_at_rate(Money(1_001), "0.05")
    ledger.apply(payment_received("p", AT, seller_id=SELLER, split=split, reference="pay"))
    before = Money(0)
    for i, piece in enumerate((Money(333), Money(334), Money(334))):
        ledger.apply(
            refund_issued(
                f"rf{i}",
                AT,
                seller_id=SELLER,
                split=split,
                amount=piece,
                refunded_before=before,
                reference="pay",
            )
        )
        before = before + piece
    assert ledger.balance(Account.platform_commission()) == Money(0)
    assert ledger.seller_balance(SELLER).pending == Money(0)
    assert ledger.balance(Account.customer_refunds()) == Money(1_001)


def test_a_refund_gives_back_commission_in_proportion_rounding_half_up() -> None:
    """Refunding half of 1,000,000 at 5% returns 25,000 commission and 475,000 of payout."""
    shares = refund_split(split_at_rate(Money(1_000_000), "0.05"), Money(500_000))
    assert (shares.commission, shares.seller) == (Money(25_000), Money(475_000))
    odd = refund_split(split_at_rate(Money(10), "0.05"), Money(5))
    assert odd.commission == Money(1)  # 0.5 rounds half up


def test_refunding_more_than_was_paid_is_refused() -> None:
    """Refunds on a payment never add up to more than its gross."""
    split = split_at_rate(Money(1_000), "0.05")
    with pytest.raises(LedgerError):
        refund_split(split, Money(600), refunded_before=Money(500))


def test_a_withdrawal_is_reserved_then_paid_out() -> None:
    """Requesting reserves available funds; paying moves them to paid out."""
    ledger = Ledger()
    _paid(ledger)
    ledger.apply(
        payout_released("r", AT, seller_id=SELLER, amount=Money(950_000), reference="pay-1")
    )
    ledger.apply(
        withdrawal_requested("w:req", AT, seller_id=SELLER, amount=Money(900_000), reference="w")
    )
    assert ledger.seller_balance(SELLER).available == Money(50_000)
    assert ledger.seller_balance(SELLER).reserved == Money(900_000)
    ledger.apply(
        withdrawal_paid("w:paid", AT, seller_id=SELLER, amount=Money(900_000), reference="w")
    )
    assert ledger.seller_balance(SELLER).reserved == Money(0)
    assert ledger.seller_balance(SELLER).paid_out == Money(900_000)


def test_a_rejected_withdrawal_makes_the_funds_available_again() -> None:
    """Rejecting returns the reserved amount to available."""
    ledger = Ledger()
    _paid(ledger)
    ledger.apply(
        payout_released("r", AT, seller_id=SELLER, amount=Money(950_000), reference="pay-1")
    )
    ledger.apply(
        withdrawal_requested("w:req", AT, seller_id=SELLER, amount=Money(950_000), reference="w")
    )
    ledger.apply(
        withdrawal_rejected("w:rej", AT, seller_id=SELLER, amount=Money(950_000), reference="w")
    )
    assert ledger.seller_balance(SELLER).available == Money(950_000)


def test_withdrawing_more_than_available_is_refused_and_changes_nothing() -> None:
    """An overdraw raises InsufficientFunds and leaves balances and journal as they were."""
    ledger = Ledger()
    _paid(ledger)
    before = (ledger.balances(), ledger.transactions)
    with pytest.raises(InsufficientFunds) as refused:
        ledger.apply(
            withdrawal_requested("w", AT, seller_id=SELLER, amount=Money(1), reference="w")
        )
    assert refused.value.details["account"] == f"seller_available:{SELLER}"
    assert (ledger.balances(), ledger.transactions) == before


def test_replaying_a_transaction_is_a_no_op_but_reusing_its_id_is_an_error() -> None:
    """The same transaction twice applies once; another one under the same id is refused."""
    ledger = Ledger()
    split = split_at_rate(Money(1_000), "0.05")
    tx = payment_received("p:in", AT, seller_id=SELLER, split=split, reference="p")
    assert ledger.apply(tx) is True
    assert ledger.apply(tx) is False
    assert ledger.seller_balance(SELLER).pending == Money(950)
    other = payment_received("p:in", AT, seller_id="someone-else", split=split, reference="p")
    with pytest.raises(LedgerError):
        ledger.apply(other)


def test_a_ledger_refuses_a_transaction_in_another_currency() -> None:
    """An IDR ledger takes only IDR transactions."""
    split = split_at_rate(Money(1_000, "USD"), "0.05")
    with pytest.raises(LedgerError):
        Ledger().apply(payment_received("p", AT, seller_id=SELLER, split=split, reference="p"))


def test_a_zero_commission_payment_has_no_commission_line() -> None:
    """At 0% the transaction carries only the gross and the payout."""
    tx = payment_received(
        "p", AT, seller_id=SELLER, split=split_at_rate(Money(1_000), "0"), reference="p"
    )
    assert [entry.account.kind for entry in tx.entries] == [
        AccountKind.CUSTOMER_PAYMENTS,
        AccountKind.SELLER_PENDING,
    ]


def test_replay_rebuilds_the_same_balances() -> None:
    """A ledger rebuilt from its transactions has the same balances."""
    ledger = Ledger()
    _paid(ledger, reference="a")
    _paid(ledger, 77_777, reference="b")
    assert Ledger.replay(ledger.transactions).balances() == ledger.balances()


def test_totals_conserve_what_customers_paid() -> None:
    """customer paid = refunds + commission + seller payouts after a mix of flows."""
    ledger = Ledger()
    _paid(ledger, 1_234_567)
    split = split_at_rate(Money(1_234_567), "0.05")
    ledger.apply(
        refund_issued(
            "rf", AT, seller_id=SELLER, split=split, amount=Money(1_001), reference="pay-1"
        )
    )
    totals = ledger.totals()
    assert totals.customer_paid == Money(1_234_567)
    assert totals.refunds == Money(1_001)
    assert totals.is_conserved
