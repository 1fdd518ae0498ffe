"""Random money flows through the service layer never lose or double a rupiah.

Customers pay for deals of a few sellers at random commission rates; deals are refunded in
pieces, cancelled (a refund by some policy, the rest released to the seller) or completed;
notifications are replayed; sellers ask to withdraw (sometimes more than they have) and admins
approve, reject or pay, sometimes out of turn. After every step: the ledger check passes (every
transaction balances, materialised balances equal the sums of lines, no seller fund is negative,
``customer paid = refunds + commission + seller payouts`` to the rupiah), and the totals and each
seller's reserved and paid-out funds agree with the model's own tally.

Run on the memory unit of work with the profile's examples, and on SQLite with a few.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bigauto.adapters.memory import FixedClock, MemoryUnitOfWorkFactory, SequentialIds
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade
from bigauto.domain.identity.accounts import User
from bigauto.domain.money.commission import MAX_COMMISSION_RATE, CommissionSplit, split_at_rate
from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.money import postings as ledger
from bigauto.services.money.balances import check_ledger, seller_balance
from bigauto.services.money.context import PayoutPolicy, Payouts
from bigauto.services.money.withdrawals import (
    approve_withdrawal,
    mark_withdrawal_paid,
    reject_withdrawal,
    request_withdrawal,
)

SELLERS = ("seller-a", "seller-b", "seller-c")
AT = datetime(2026, 1, 1, tzinfo=UTC)
rates = st.decimals(min_value=Decimal(0), max_value=MAX_COMMISSION_RATE, places=3)
grosses = st.integers(min_value=1, max_value=50_000_000)


@attrs.define
class Deal:
    """What the model knows of one paid deal."""

    payment_id: str
    reference: str
    seller_id: str
    split: CommissionSplit
    refunded: int = 0
    closed: bool = False
    refunds: list[tuple[str, int]] = attrs.Factory(list)

    @property
    def left(self) -> int:
        return self.split.gross.amount - self.refunded


class MoneyFlows(RuleBasedStateMachine):
    """Payments, refunds, cancellations, completions and withdrawals through the services."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.clock = FixedClock(AT)
        self.factory = self.make_factory()
        # Any amount up to the available funds may be asked for.
        self.payouts = Payouts(
            self.factory, self.clock, SequentialIds(), PayoutPolicy(min_withdrawal=1)
        )
        self.deals: list[Deal] = []
        self.withdrawals: dict[str, tuple[str, int, WithdrawalState]] = {}
        self.paid_in = 0
        self.refunded = 0
        self.count = 0

    def make_factory(self) -> UnitOfWorkFactory:
        return MemoryUnitOfWorkFactory()

    def teardown(self) -> None:
        self.loop.close()

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def _next(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    def _open(self) -> list[Deal]:
        return [deal for deal in self.deals if not deal.closed]

    async def _in_uow(self, work: Any) -> Any:
        async with self.factory() as uow:
            result = await work(uow)
            await uow.commit()
        return result

    def _refund(self, deal: Deal, refund_id: str, amount: int) -> bool:
        async def work(uow: Any) -> bool:
            return await ledger.record_refund(
                uow,
                refund_id=refund_id,
                seller_id=deal.seller_id,
                split=deal.split,
                amount=Money(amount),
                reference=deal.reference,
                at=self.clock.now(),
            )

        done: bool = self.run(self._in_uow(work))
        return done

    def _pay(self, deal: Deal) -> bool:
        async def work(uow: Any) -> bool:
            return await ledger.record_payment(
                uow,
                payment_id=deal.payment_id,
                seller_id=deal.seller_id,
                split=deal.split,
                reference=deal.reference,
                at=self.clock.now(),
            )

        done: bool = self.run(self._in_uow(work))
        return done

    def _release(self, deal: Deal) -> Money:
        async def work(uow: Any) -> Money:
            return await ledger.release_payout(
                uow, seller_id=deal.seller_id, reference=deal.reference, at=self.clock.now()
            )

        released: Money = self.run(self._in_uow(work))
        return released

    # --- customers ----------------------------------------------------------------------------

    @rule(seller=st.sampled_from(SELLERS), gross=grosses, rate=rates)
    def customer_pays(self, seller: str, gross: int, rate: Decimal) -> None:
        deal = Deal(
            self._next("payment"), self._next("deal"), seller, split_at_rate(Money(gross), rate)
        )
        assert self._pay(deal)
        self.deals.append(deal)
        self.paid_in += gross

    @precondition(lambda self: bool(self.deals))
    @rule(data=st.data())
    def a_payment_notification_is_replayed(self, data: st.DataObject) -> None:
        assert not self._pay(data.draw(st.sampled_from(self.deals)))

    @precondition(lambda self: any(d.left for d in self._open()))
    @rule(data=st.data())
    def customer_is_partly_refunded(self, data: st.DataObject) -> None:
        deal = data.draw(st.sampled_from([d for d in self._open() if d.left]))
        amount = data.draw(st.integers(1, deal.left) | st.just(deal.left), label="amount")
        refund_id = self._next("refund")
        assert self._refund(deal, refund_id, amount)
        deal.refunds.append((refund_id, amount))
        deal.refunded += amount
        self.refunded += amount

    @precondition(lambda self: any(d.refunds for d in self.deals))
    @rule(data=st.data())
    def a_refund_notification_is_replayed(self, data: st.DataObject) -> None:
        deal = data.draw(st.sampled_from([d for d in self.deals if d.refunds]))
        refund_id, amount = data.draw(st.sampled_from(deal.refunds))
        assert not self._refund(deal, refund_id, amount)

    @precondition(lambda self: bool(self._open()))
    @rule(data=st.data())
    def deal_is_cancelled(self, data: st.DataObject) -> None:
        """The policy refunds some part (maybe none, maybe all); the seller keeps the rest."""
        deal = data.draw(st.sampled_from(self._open()))
        amount = data.draw(st.integers(0, deal.left) | st.just(deal.left), label="refund")
        if amount:
            assert self._refund(deal, self._next("refund"), amount)
            deal.refunded += amount
            self.refunded += amount
        self._release(deal)
        deal.closed = True

    @precondition(lambda self: bool(self._open()))
    @rule(data=st.data())
    def deal_completes(self, data: st.DataObject) -> None:
        deal = data.draw(st.sampled_from(self._open()))
        before = self.run(seller_balance(self.payouts, deal.seller_id))
        released = self._release(deal)
        after = self.run(seller_balance(self.payouts, deal.seller_id))
        assert after.available - before.available == released
        assert self._release(deal).is_zero
        deal.closed = True

    # --- sellers and admins ---------------------------------------------------------------

    @rule(seller=st.sampled_from(SELLERS), extra=st.integers(-1_000, 1_000), data=st.data())
    def seller_requests_withdrawal(self, seller: str, extra: int, data: st.DataObject) -> None:
        available = self.run(seller_balance(self.payouts, seller)).available.amount
        amount = max(1, data.draw(st.integers(0, available), label="amount") + extra)
        try:
            made = self.run(
                request_withdrawal(
                    self.payouts,
                    seller_id=seller,
                    amount=amount,
                    bank_code="bca",
                    account_number="1234567890",
                    account_name="Penjual",
                )
            )
        except InsufficientFunds:
            assert amount > available
            return
        assert amount <= available
        self.withdrawals[made.id] = (seller, amount, WithdrawalState.REQUESTED)

    @precondition(lambda self: bool(self.withdrawals))
    @rule(data=st.data(), action=st.sampled_from(["approve", "reject", "mark_paid"]))
    def admin_decides(self, data: st.DataObject, action: str) -> None:
        withdrawal_id = data.draw(st.sampled_from(sorted(self.withdrawals)))
        seller, amount, state = self.withdrawals[withdrawal_id]
        allowed = {
            ("approve", WithdrawalState.REQUESTED): WithdrawalState.APPROVED,
            ("reject", WithdrawalState.REQUESTED): WithdrawalState.REJECTED,
            ("mark_paid", WithdrawalState.APPROVED): WithdrawalState.PAID,
        }
        move = {
            "approve": approve_withdrawal,
            "reject": reject_withdrawal,
            "mark_paid": mark_withdrawal_paid,
        }[action]
        try:
            changed = self.run(move(self.payouts, withdrawal_id=withdrawal_id, admin_id="admin"))
        except InvalidTransition:
            assert (action, state) not in allowed
            return
        assert changed.status == allowed[(action, state)]
        self.withdrawals[withdrawal_id] = (seller, amount, changed.status)

    # --- the properties -------------------------------------------------------------------

    @invariant()
    def the_ledger_check_passes(self) -> None:
        result = self.run(check_ledger(self.payouts))
        assert result.ok, result
        assert result.totals.customer_paid == Money(self.paid_in)
        assert result.totals.refunds == Money(self.refunded)

    @invariant()
    def reserved_and_paid_out_funds_match_the_withdrawals(self) -> None:
        for seller in SELLERS:
            balance = self.run(seller_balance(self.payouts, seller))
            mine = [(a, s) for who, a, s in self.withdrawals.values() if who == seller]
            open_states = (WithdrawalState.REQUESTED, WithdrawalState.APPROVED)
            assert balance.reserved.amount == sum(a for a, s in mine if s in open_states)
            assert balance.paid_out.amount == sum(a for a, s in mine if s is WithdrawalState.PAID)
            for funds in (balance.pending, balance.available, balance.reserved):
                assert not funds.is_negative


TestMoneyFlowsInMemory = MoneyFlows.TestCase


class _SqliteTemplate:
    """One migrated SQLite file (with the sellers) that each run copies."""

    path: Path | None = None

    @classmethod
    def get(cls) -> Path:
        if cls.path is None:
            folder = Path(tempfile.mkdtemp(prefix="bigauto-money-flows-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "template.db"
            upgrade(f"sqlite:///{path}")
            cls.path = path
        return cls.path


class MoneyFlowsOnSqlite(MoneyFlows):
    """The same flows with every unit of work on a fresh SQLite file."""

    def make_factory(self) -> UnitOfWorkFactory:
        self.folder = Path(tempfile.mkdtemp(prefix="bigauto-money-flow-"))
        path = self.folder / "flows.db"
        shutil.copyfile(_SqliteTemplate.get(), path)
        self.engine = create_engine(f"sqlite:///{path}")
        factory = SqlUnitOfWorkFactory(self.engine)
        self.run(self._sellers(factory))
        return factory

    async def _sellers(self, factory: SqlUnitOfWorkFactory) -> None:
        async with factory() as uow:
            for seller in SELLERS:
                await uow.users.add(
                    User(
                        id=seller,
                        email=f"{seller}@example.com",
                        name=seller,
                        password_hash="x",
                        created_at=AT,
                    )
                )
            await uow.commit()

    def teardown(self) -> None:
        self.run(self.engine.dispose())
        shutil.rmtree(self.folder, ignore_errors=True)
        super().teardown()


TestMoneyFlowsOnSqlite = MoneyFlowsOnSqlite.TestCase
TestMoneyFlowsOnSqlite.settings = settings(max_examples=8, stateful_step_count=20, deadline=None)
