"""Contract: the stored ledger posts, refuses and reads alike on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.contract.samples import T0

from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import InsufficientFunds, LedgerError
from bigauto.domain.money.ledger import Account, Entry, LedgerTransaction, TransactionKind
from bigauto.domain.money.ledger_postings import (
    payment_received,
    payout_released,
    refund_issued,
    withdrawal_requested,
)
from bigauto.domain.shared.money import MAX_AMOUNT, Money
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

SELLER = "seller-1"
OTHER = "seller-2"


def a_payment(n: int, gross: int = 1_000_000, seller: str = SELLER) -> LedgerTransaction:
    return payment_received(
        f"pay:{n}",
        T0 + timedelta(minutes=n),
        seller_id=seller,
        split=split_at_rate(Money(gross), "0.05"),
        reference=f"booking-{n}",
    )


async def _post(uow_factory: UnitOfWorkFactory, *transactions: LedgerTransaction) -> None:
    async with uow_factory() as uow:
        for transaction in transactions:
            assert await uow.ledger.post(transaction)
        await uow.commit()


async def test_a_posting_round_trips_and_moves_the_balances(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Lines come back as posted, in order; balances move on each account's normal side."""
    payment = a_payment(1, 333_333)
    await _post(uow_factory, payment)
    async with uow_factory() as uow:
        assert await uow.ledger.get("pay:1") == payment
        assert await uow.ledger.get("pay:404") is None
        assert await uow.ledger.balance(Account.customer_payments()) == Money(333_333)
        assert await uow.ledger.balance(Account.platform_commission()) == Money(16_667)
        balance = await uow.ledger.seller_balance(SELLER)
        assert (balance.pending, balance.available) == (Money(316_666), Money(0))
        assert (await uow.ledger.seller_balance(OTHER)).pending == Money(0)


async def test_posting_the_same_transaction_twice_is_a_no_op(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A replay answers False and changes nothing; the same id with other contents is refused."""
    await _post(uow_factory, a_payment(1))
    async with uow_factory() as uow:
        assert await uow.ledger.post(a_payment(1)) is False
        with pytest.raises(LedgerError):
            await uow.ledger.post(a_payment(1, gross=2_000_000))
        assert (await uow.ledger.seller_balance(SELLER)).pending == Money(950_000)
        assert await uow.ledger.count_lines_for_owner(SELLER) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.ledger.totals()).customer_paid == Money(1_000_000)


async def test_an_overdraft_is_refused_and_the_unit_of_work_goes_on(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """InsufficientFunds leaves no line or balance behind; later work in the same unit commits."""
    await _post(uow_factory, a_payment(1))
    release = payout_released(
        "release:1", T0, seller_id=SELLER, amount=Money(950_000), reference="booking-1"
    )
    too_much = withdrawal_requested(
        "withdrawal:w1:requested", T0, seller_id=SELLER, amount=Money(950_001), reference="w1"
    )
    just_right = withdrawal_requested(
        "withdrawal:w2:requested", T0, seller_id=SELLER, amount=Money(950_000), reference="w2"
    )
    async with uow_factory() as uow:
        assert await uow.ledger.post(release)
        with pytest.raises(InsufficientFunds) as refused:
            await uow.ledger.post(too_much)
        assert refused.value.details["balance"] == 950_000
        assert await uow.ledger.get(too_much.id) is None
        assert await uow.ledger.post(just_right)
        await uow.commit()
    async with uow_factory() as uow:
        balance = await uow.ledger.seller_balance(SELLER)
        assert (balance.available, balance.reserved) == (Money(0), Money(950_000))
        assert await uow.ledger.get(too_much.id) is None
        assert await uow.ledger.count_lines_for_owner(SELLER) == 5


async def test_spending_from_an_account_never_credited_is_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A seller with no balance row at all cannot withdraw a single rupiah."""
    async with uow_factory() as uow:
        with pytest.raises(InsufficientFunds):
            await uow.ledger.post(
                withdrawal_requested("w:1", T0, seller_id=OTHER, amount=Money(1), reference="w")
            )
        assert await uow.ledger.stored_balances() == {}


async def test_a_balance_beyond_the_largest_amount_is_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Two payments that would take a balance past MAX_AMOUNT: the second changes nothing."""
    big = MAX_AMOUNT - 10
    await _post(uow_factory, a_payment(1, gross=big))
    async with uow_factory() as uow:
        with pytest.raises(LedgerError):
            await uow.ledger.post(a_payment(2, gross=big))
        assert await uow.ledger.get("pay:2") is None
        assert (await uow.ledger.totals()).customer_paid == Money(big)


async def test_uncommitted_postings_are_rolled_back(uow_factory: UnitOfWorkFactory) -> None:
    """Without commit, neither lines nor balances survive the unit of work."""
    async with uow_factory() as uow:
        await uow.ledger.post(a_payment(1))
    async with uow_factory() as uow:
        assert await uow.ledger.get("pay:1") is None
        assert await uow.ledger.stored_balances() == {}
        assert await uow.ledger.recomputed_balances() == {}


async def test_balance_for_a_reference_sums_only_its_lines(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """What one booking put in a seller's pending funds, net of its refunds."""
    split = split_at_rate(Money(1_000_000), "0.05")
    refund = refund_issued(
        "refund:1",
        T0,
        seller_id=SELLER,
        split=split,
        amount=Money(400_000),
        reference="booking-1",
    )
    await _post(uow_factory, a_payment(1), a_payment(2), refund)
    async with uow_factory() as uow:
        pending = Account.seller_pending(SELLER)
        assert await uow.ledger.balance_for(pending, "booking-1") == Money(570_000)
        assert await uow.ledger.balance_for(pending, "booking-2") == Money(950_000)
        refunds = Account.customer_refunds()
        assert await uow.ledger.balance_for(refunds, "booking-1") == Money(400_000)
        assert await uow.ledger.balance_for(pending, "nothing") == Money(0)


async def test_a_sellers_lines_are_newest_first_and_paged(uow_factory: UnitOfWorkFactory) -> None:
    """Only the seller's own accounts; newest first, ties by the order written; counted."""
    await _post(uow_factory, a_payment(1), a_payment(2, seller=OTHER), a_payment(3))
    await _post(
        uow_factory,
        payout_released(
            "rel:3",
            T0 + timedelta(hours=1),
            seller_id=SELLER,
            amount=Money(100),
            reference="booking-3",
        ),
    )
    async with uow_factory() as uow:
        lines = await uow.ledger.lines_for_owner(SELLER, limit=10)
        assert [(line.transaction_id, line.line_no) for line in lines] == [
            ("rel:3", 2),
            ("rel:3", 1),
            ("pay:3", 3),
            ("pay:1", 3),
        ]
        assert [line.change.amount for line in lines] == [100, -100, 950_000, 950_000]
        assert lines[0].kind is TransactionKind.PAYOUT_RELEASED
        assert lines[0].account == Account.seller_available(SELLER)
        assert lines[0].reference == "booking-3"
        assert lines[0].occurred_at == T0 + timedelta(hours=1)
        assert lines[0].id > lines[1].id
        page = await uow.ledger.lines_for_owner(SELLER, limit=2, offset=2)
        assert [line.transaction_id for line in page] == ["pay:3", "pay:1"]
        assert await uow.ledger.count_lines_for_owner(SELLER) == 4
        assert await uow.ledger.count_lines_for_owner("nobody") == 0


async def test_materialised_balances_equal_the_lines_and_totals_conserve(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Stored balances, balances summed from lines and totals agree; nothing is unbalanced."""
    split = split_at_rate(Money(1_000_000), "0.05")
    await _post(
        uow_factory,
        a_payment(1),
        a_payment(2, seller=OTHER),
        refund_issued(
            "refund:1", T0, seller_id=SELLER, split=split, amount=Money(1), reference="booking-1"
        ),
        payout_released(
            "release:2", T0, seller_id=OTHER, amount=Money(950_000), reference="booking-2"
        ),
    )
    async with uow_factory() as uow:
        stored = await uow.ledger.stored_balances()
        assert stored == await uow.ledger.recomputed_balances()
        assert stored[(Account.seller_pending(OTHER), "IDR")] == Money(0)
        assert await uow.ledger.unbalanced_transactions() == []
        totals = await uow.ledger.totals()
        assert totals.is_conserved
        assert totals.customer_paid == Money(2_000_000)
        assert totals.refunds == Money(1)
        assert totals.seller_available == Money(950_000)
        assert (await uow.ledger.totals("USD")).customer_paid == Money(0, "USD")


async def test_entries_on_one_account_are_netted(uow_factory: UnitOfWorkFactory) -> None:
    """Two lines on the same account in one transaction move its balance by their sum."""
    pending = Account.seller_pending(SELLER)
    odd = LedgerTransaction(
        "odd",
        TransactionKind.PAYMENT_RECEIVED,
        T0,
        [
            Entry.debit(Account.customer_payments(), Money(10)),
            Entry.credit(pending, Money(4)),
            Entry.credit(pending, Money(6)),
        ],
        "booking-odd",
    )
    await _post(uow_factory, odd)
    async with uow_factory() as uow:
        assert await uow.ledger.balance(pending) == Money(10)
        assert await uow.ledger.get("odd") == odd
