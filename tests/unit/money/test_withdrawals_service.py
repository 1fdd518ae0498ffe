"""Withdrawals: requests reserve funds, admins approve, reject or mark paid, events go out."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.domain.shared.errors import InvalidTransition, NotFound, ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.services.money.balances import check_ledger, seller_balance
from bigauto.services.money.context import PayoutPolicy, Payouts
from bigauto.services.money.postings import record_payment, release_payout
from bigauto.services.money.withdrawals import (
    approve_withdrawal,
    list_withdrawals,
    mark_withdrawal_paid,
    reject_withdrawal,
    request_withdrawal,
    withdrawal_state,
)

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


class World:
    """A memory database where seller ``budi`` has ``available`` rupiah to withdraw."""

    def __init__(self) -> None:
        self.factory = MemoryUnitOfWorkFactory()
        self.ctx = Payouts(self.factory, FixedClock(AT), SequentialIds())

    async def earn(self, gross: int, ref: str = "deal") -> None:
        async with self.factory() as uow:
            split = split_at_rate(Money(gross), "0")
            await record_payment(
                uow, payment_id=ref, seller_id="budi", split=split, reference=ref, at=AT
            )
            await release_payout(uow, seller_id="budi", reference=ref, at=AT)
            await uow.commit()

    async def request(
        self, amount: int, policy: PayoutPolicy | None = None, **changes: object
    ) -> Withdrawal:
        ctx = self.ctx if policy is None else attrs.evolve(self.ctx, policy=policy)
        fields: dict[str, object] = {
            "seller_id": "budi",
            "amount": amount,
            "bank_code": "bca",
            "account_number": "1234567890",
            "account_name": "Budi Santoso",
        }
        fields.update(changes)
        return await request_withdrawal(ctx, **fields)  # type: ignore[arg-type]

    async def events(self) -> list[tuple[str, dict[str, object]]]:
        async with self.factory() as uow:
            return [(r.event.name, dict(r.event.payload)) for r in await uow.outbox.pending()]


@pytest.fixture
async def world() -> World:
    made = World()
    await made.earn(1_000_000)
    return made


async def test_a_request_reserves_the_funds_at_once(world: World) -> None:
    """Available drops and reserved grows by the amount; the request is stored, evented."""
    withdrawal = await world.request(300_000)
    balance = await seller_balance(world.ctx, "budi")
    assert (balance.available, balance.reserved) == (Money(700_000), Money(300_000))
    assert withdrawal.status is WithdrawalState.REQUESTED
    assert (await world.events())[-1][0] == "withdrawal.requested"


async def test_asking_for_more_than_is_available_is_refused_and_keeps_nothing(
    world: World,
) -> None:
    """InsufficientFunds names what is available; no withdrawal, no reservation remains."""
    with pytest.raises(InsufficientFunds) as refused:
        await world.request(1_000_001)
    assert refused.value.details == {"available": 1_000_000, "amount": 1_000_001}
    assert (await list_withdrawals(world.ctx, seller_id="budi")).total == 0
    assert (await seller_balance(world.ctx, "budi")).reserved == Money(0)


async def test_everything_available_can_be_withdrawn(world: World) -> None:
    """The boundary: exactly the available funds is allowed."""
    await world.request(1_000_000)
    assert (await seller_balance(world.ctx, "budi")).available == Money(0)


async def test_an_amount_below_the_minimum_is_a_validation_error(world: World) -> None:
    """The minimum setting applies; the field is named."""
    with pytest.raises(ValidationFailed) as refused:
        await world.request(49_999)
    assert refused.value.details["field"] == "amount"
    await world.request(10_000, PayoutPolicy(min_withdrawal=10_000))


async def test_every_bad_bank_field_is_named(world: World) -> None:
    """Bank code, account number and name are all reported in one refusal."""
    with pytest.raises(ValidationFailed) as refused:
        await world.request(100_000, bank_code="xyz", account_number="12ab", account_name="  ")
    fields = [error["field"] for error in refused.value.details["errors"]]
    assert fields == ["bank_code", "account_number", "account_name"]


async def test_reject_puts_the_funds_back_and_says_why(world: World) -> None:
    """Rejected: reserved → available; the event carries the reason for the seller."""
    withdrawal = await world.request(300_000)
    rejected = await reject_withdrawal(
        world.ctx,
        withdrawal_id=withdrawal.id,
        admin_id="admin",
        reason="nama rekening tidak cocok",
    )
    assert rejected.status is WithdrawalState.REJECTED
    balance = await seller_balance(world.ctx, "budi")
    assert (balance.available, balance.reserved) == (Money(1_000_000), Money(0))
    name, payload = (await world.events())[-1]
    assert name == "withdrawal.rejected"
    assert payload["reason"] == "nama rekening tidak cocok"


async def test_approve_then_mark_paid_pays_the_funds_out(world: World) -> None:
    """Approved keeps them reserved; paid moves them out; both notify with the bank details."""
    withdrawal = await world.request(300_000)
    await approve_withdrawal(world.ctx, withdrawal_id=withdrawal.id, admin_id="admin")
    assert (await seller_balance(world.ctx, "budi")).reserved == Money(300_000)
    paid = await mark_withdrawal_paid(world.ctx, withdrawal_id=withdrawal.id, admin_id="admin")
    assert paid.status is WithdrawalState.PAID
    assert [row.actor_id for row in paid.history] == ["budi", "admin", "admin"]
    balance = await seller_balance(world.ctx, "budi")
    assert (balance.available, balance.reserved, balance.paid_out) == (
        Money(700_000),
        Money(0),
        Money(300_000),
    )
    events = await world.events()
    assert [name for name, _ in events[-2:]] == ["withdrawal.approved", "withdrawal.paid"]
    payload = events[-1][1]
    assert {k: payload[k] for k in ("seller_id", "amount", "bank_code", "account_number")} == {
        "seller_id": "budi",
        "amount": 300_000,
        "bank_code": "bca",
        "account_number": "1234567890",
    }
    assert (await check_ledger(world.ctx)).ok


async def test_illegal_moves_are_invalid_transitions_that_change_nothing(world: World) -> None:
    """Paying an unapproved request, or rejecting a paid one, is refused."""
    withdrawal = await world.request(300_000)
    with pytest.raises(InvalidTransition):
        await mark_withdrawal_paid(world.ctx, withdrawal_id=withdrawal.id, admin_id="a")
    await approve_withdrawal(world.ctx, withdrawal_id=withdrawal.id, admin_id="a")
    with pytest.raises(InvalidTransition):
        await reject_withdrawal(world.ctx, withdrawal_id=withdrawal.id, admin_id="a")
    assert (await seller_balance(world.ctx, "budi")).reserved == Money(300_000)


async def test_deciding_on_an_unknown_withdrawal_is_not_found(world: World) -> None:
    """There is nothing to approve."""
    with pytest.raises(NotFound):
        await approve_withdrawal(world.ctx, withdrawal_id="nope", admin_id="a")


async def test_lists_filter_by_status_and_check_the_page(world: World) -> None:
    """A status filter, an unknown status and a bad page are handled."""
    first = await world.request(100_000)
    await world.request(200_000)
    await approve_withdrawal(world.ctx, withdrawal_id=first.id, admin_id="a")
    approved = await list_withdrawals(world.ctx, status=withdrawal_state("approved"))
    assert [w.id for w in approved.items] == [first.id]
    assert withdrawal_state(None) is None
    with pytest.raises(ValidationFailed):
        withdrawal_state("lost")
    with pytest.raises(ValidationFailed):
        await list_withdrawals(world.ctx, page=0)
