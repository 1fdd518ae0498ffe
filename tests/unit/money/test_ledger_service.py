"""The ledger postings other use cases make: payments, releases, refunds, the check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import LedgerError
from bigauto.domain.money.ledger import Account, TransactionKind
from bigauto.domain.shared.money import Money
from bigauto.ports.money.repositories import LedgerLine
from bigauto.services.money.balances import check_ledger, seller_balance, seller_transactions
from bigauto.services.money.context import Payouts
from bigauto.services.money.postings import record_payment, record_refund, release_payout

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)
SPLIT = split_at_rate(Money(1_000_000), "0.05")


def _reading(factory: MemoryUnitOfWorkFactory) -> Payouts:
    """The context the balance and check use cases read ``factory``'s ledger through."""
    return Payouts(factory, FixedClock(AT), SequentialIds())


async def _pay(factory: MemoryUnitOfWorkFactory, payment_id: str = "p1", ref: str = "r1") -> bool:
    async with factory() as uow:
        done = await record_payment(
            uow, payment_id=payment_id, seller_id="budi", split=SPLIT, reference=ref, at=AT
        )
        await uow.commit()
    return done


async def _refund(
    factory: MemoryUnitOfWorkFactory, refund_id: str, amount: int, ref: str = "r1"
) -> bool:
    async with factory() as uow:
        done = await record_refund(
            uow,
            refund_id=refund_id,
            seller_id="budi",
            split=SPLIT,
            amount=Money(amount),
            reference=ref,
            at=AT,
        )
        await uow.commit()
    return done


async def _release(factory: MemoryUnitOfWorkFactory, ref: str = "r1") -> Money:
    async with factory() as uow:
        released = await release_payout(uow, seller_id="budi", reference=ref, at=AT)
        await uow.commit()
    return released


async def test_a_replayed_payment_notification_posts_once() -> None:
    """The second record_payment for the same payment id answers False and moves nothing."""
    factory = MemoryUnitOfWorkFactory()
    assert await _pay(factory) is True
    assert await _pay(factory) is False
    balance = await seller_balance(_reading(factory), "budi")
    assert (balance.pending, balance.available) == (Money(950_000), Money(0))
    assert (await check_ledger(_reading(factory))).totals.customer_paid == Money(1_000_000)


async def test_release_moves_exactly_what_is_pending_for_the_deal() -> None:
    """Completion releases the deal's pending payout net of refunds; a second release is 0."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory, "p1", "r1")
    await _pay(factory, "p2", "r2")
    await _refund(factory, "f1", 100_000, "r1")
    assert await _release(factory, "r1") == Money(855_000)
    assert await _release(factory, "r1") == Money(0)
    balance = await seller_balance(_reading(factory), "budi")
    assert (balance.pending, balance.available) == (Money(950_000), Money(855_000))


async def test_partial_refunds_hand_back_commission_in_proportion_to_the_rupiah() -> None:
    """Three uneven pieces refund the whole payment: commission and payout come back exactly."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory)
    for n, piece in enumerate((333_333, 333_333, 333_334)):
        assert await _refund(factory, f"f{n}", piece)
    result = await check_ledger(_reading(factory))
    assert result.totals.commission == Money(0)
    assert result.totals.seller_pending == Money(0)
    assert result.totals.refunds == Money(1_000_000)
    assert result.ok


async def test_a_replayed_refund_is_a_no_op_and_a_changed_one_is_refused() -> None:
    """Same refund id and amount: False; same id, other amount: LedgerError."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory)
    assert await _refund(factory, "f1", 200_000)
    assert await _refund(factory, "f1", 200_000) is False
    with pytest.raises(LedgerError):
        await _refund(factory, "f1", 300_000)
    assert (await check_ledger(_reading(factory))).totals.refunds == Money(200_000)


async def test_refunding_more_than_was_paid_is_refused() -> None:
    """The running total of refunds never exceeds the gross."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory)
    await _refund(factory, "f1", 900_000)
    with pytest.raises(LedgerError):
        await _refund(factory, "f2", 100_001)


async def test_a_refund_after_release_does_not_raid_the_sellers_other_deals() -> None:
    """Once a deal's payout is released its refund is refused, even with other deals pending."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory, "p1", "r1")
    await _pay(factory, "p2", "r2")
    await _release(factory, "r1")
    with pytest.raises(LedgerError, match="no longer pending"):
        await _refund(factory, "f1", 10_000, "r1")
    assert (await seller_balance(_reading(factory), "budi")).pending == Money(950_000)


async def test_a_second_release_after_a_late_payment_gets_its_own_id() -> None:
    """Money that reaches a released deal later is released under a new, deterministic id."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory, "p1", "r1")
    await _release(factory, "r1")
    await _pay(factory, "p2", "r1")
    assert await _release(factory, "r1") == Money(950_000)
    async with factory() as uow:
        assert await uow.ledger.get("release:r1") is not None
        assert await uow.ledger.get("release:r1:950000") is not None


async def test_a_sellers_statement_is_paged_newest_first() -> None:
    """Lines of the seller's own accounts only; pagination counts them all."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory, "p1", "r1")
    await _pay(factory, "p2", "r2")
    await _release(factory, "r1")
    page = await seller_transactions(_reading(factory), "budi", page=1, limit=2)
    assert (page.total, page.pages) == (4, 2)
    assert [line.account for line in page.items] == [
        Account.seller_available("budi"),
        Account.seller_pending("budi"),
    ]


async def test_the_check_reports_a_balance_that_drifted_from_its_lines() -> None:
    """A materialised balance changed behind the ledger's back is found, with both values."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory)
    assert (await check_ledger(_reading(factory))).ok
    key = (Account.seller_pending("budi"), "IDR")
    factory.database.tables.account_balances[key] += 1
    result = await check_ledger(_reading(factory))
    assert not result.ok
    assert [(m.account, m.stored, m.recomputed) for m in result.mismatches] == [
        (Account.seller_pending("budi"), Money(950_001), Money(950_000))
    ]


async def test_the_check_reports_unbalanced_and_negative_accounts() -> None:
    """A stray line that balances nothing and overdraws a seller fails the check."""
    factory = MemoryUnitOfWorkFactory()
    await _pay(factory)
    lines = factory.database.tables.ledger_lines
    stray = LedgerLine(
        id=len(lines) + 1,
        transaction_id="stray",
        line_no=1,
        kind=TransactionKind.PAYOUT_RELEASED,
        account=Account.seller_available("budi"),
        amount=Money(5),
        reference="r1",
        occurred_at=AT,
    )
    lines[stray.id] = stray
    result = await check_ledger(_reading(factory))
    assert not result.ok
    assert result.unbalanced == ("stray",)
    assert result.negative == ((Account.seller_available("budi"), Money(-5)),)
