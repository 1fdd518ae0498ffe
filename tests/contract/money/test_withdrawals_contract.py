"""Contract: withdrawals are stored, changed and listed alike on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.contract.samples import CITY, T0, a_user, an_id

from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import BankAccount, Withdrawal
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

SELLER = a_user(1, seller=True)
OTHER = a_user(2, seller=True)
ACCOUNT = BankAccount("bca", "1234567890", "Budi Santoso")


def a_withdrawal(n: int, seller: str = SELLER.id) -> Withdrawal:
    withdrawal, _ = Withdrawal.request(
        withdrawal_id=an_id(n),
        seller_id=seller,
        amount=Money(100_000 * n),
        bank_account=ACCOUNT,
        minimum=Money(50_000),
        now=T0 + timedelta(minutes=n),
        event_id=an_id(500 + n),
    )
    return withdrawal


async def _sellers(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.catalogue.add_city(CITY)
        await uow.users.add(SELLER)
        await uow.users.add(OTHER)
        await uow.commit()


async def test_a_withdrawal_round_trips_with_its_history(uow_factory: UnitOfWorkFactory) -> None:
    """Every field, the audit trail included, comes back; an id is added once only."""
    await _sellers(uow_factory)
    requested = a_withdrawal(1)
    rejected, _ = requested.reject(
        admin_id="admin", at=T0 + timedelta(hours=1), event_id="e", reason="nama tidak cocok ✓"
    )
    async with uow_factory() as uow:
        await uow.withdrawals.add(requested)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.withdrawals.get(requested.id) == requested
        assert await uow.withdrawals.get(an_id(99)) is None
        with pytest.raises(Conflict):
            await uow.withdrawals.add(requested)
    async with uow_factory() as uow:
        await uow.withdrawals.update(rejected)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.withdrawals.get(requested.id, for_update=True)
        assert found == rejected
        assert found is not None and found.reason == "nama tidak cocok ✓"
        assert [row.to_state for row in found.history] == ["requested", "rejected"]


async def test_updating_an_unknown_withdrawal_is_not_found(uow_factory: UnitOfWorkFactory) -> None:
    """There is nothing to update."""
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.withdrawals.update(a_withdrawal(1))


async def test_lists_are_newest_first_filtered_and_counted(uow_factory: UnitOfWorkFactory) -> None:
    """By seller and by status, newest request first, paged; counts agree with the filters."""
    await _sellers(uow_factory)
    approved, _ = a_withdrawal(2).approve(
        admin_id="admin", at=T0 + timedelta(hours=1), event_id="e"
    )
    async with uow_factory() as uow:
        for withdrawal in (a_withdrawal(1), approved, a_withdrawal(3), a_withdrawal(4, OTHER.id)):
            await uow.withdrawals.add(withdrawal)
        await uow.commit()
    async with uow_factory() as uow:
        mine = await uow.withdrawals.list(seller_id=SELLER.id)
        assert [w.id for w in mine] == [an_id(3), an_id(2), an_id(1)]
        page = await uow.withdrawals.list(seller_id=SELLER.id, limit=1, offset=1)
        assert [w.id for w in page] == [an_id(2)]
        everyone = await uow.withdrawals.list()
        assert [w.id for w in everyone] == [an_id(n) for n in (4, 3, 2, 1)]
        waiting = await uow.withdrawals.list(status=WithdrawalState.REQUESTED)
        assert [w.id for w in waiting] == [an_id(4), an_id(3), an_id(1)]
        assert await uow.withdrawals.count() == 4
        assert await uow.withdrawals.count(seller_id=SELLER.id) == 3
        assert await uow.withdrawals.count(status=WithdrawalState.APPROVED) == 1
        assert await uow.withdrawals.count(seller_id=OTHER.id, status=WithdrawalState.PAID) == 0
