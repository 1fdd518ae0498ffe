"""Sellers withdraw available funds; admins approve, reject or mark them paid.

A request reserves the funds in the same unit of work that stores it (ledger transaction
``withdrawal:{id}:requested``: available → reserved). The ledger's conditional update is what
makes concurrent requests safe: however many race, the ones that would take ``available`` below
zero get ``InsufficientFunds`` (409) and leave nothing behind. A rejection puts the funds back
(reserved → available), marking paid moves them out (reserved → paid out). The admin moves lock
the withdrawal's row, so two admins deciding at once take turns and the loser meets
``INVALID_TRANSITION``. Each move puts its event (``withdrawal.requested|approved|rejected|paid``)
in the outbox; the worker tells the seller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.money.ledger import LedgerTransaction
from bigauto.domain.money.ledger_postings import (
    withdrawal_paid,
    withdrawal_rejected,
    withdrawal_requested,
)
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import DEFAULT_MIN_WITHDRAWAL, BankAccount, Withdrawal
from bigauto.domain.shared.errors import NotFound, field_choice
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.shared.paging import Page, check_page


def withdrawal_transaction_id(withdrawal_id: str, step: str) -> str:
    """The ledger id of a withdrawal's ``step`` (requested, rejected, paid)."""
    return f"withdrawal:{withdrawal_id}:{step}"


#: How each step that moves money posts it: reserve, put back, pay out.
_POSTINGS = {
    "requested": withdrawal_requested,
    "rejected": withdrawal_rejected,
    "paid": withdrawal_paid,
}


def _ledger_transaction(withdrawal: Withdrawal, step: str, at: datetime) -> LedgerTransaction:
    """The ledger transaction of ``withdrawal``'s ``step``: its whole amount moves."""
    return _POSTINGS[step](
        withdrawal_transaction_id(withdrawal.id, step),
        at,
        seller_id=withdrawal.seller_id,
        amount=withdrawal.amount,
        reference=withdrawal.id,
    )


async def request_withdrawal(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    *,
    seller_id: str,
    amount: int,
    bank_code: str,
    account_number: str,
    account_name: str,
    minimum: int = DEFAULT_MIN_WITHDRAWAL,
    currency: str = DEFAULT_CURRENCY,
) -> Withdrawal:
    """Store a request and reserve ``amount`` of the seller's available funds.

    ValidationFailed (422, naming the fields) for a bad bank account or an amount below
    ``minimum``; InsufficientFunds (409) when more than the available funds are asked for.
    """
    bank_account = BankAccount.of(bank_code, account_number, account_name)
    now = clock.now()
    withdrawal, event = Withdrawal.request(
        withdrawal_id=ids.new_id(),
        seller_id=seller_id,
        amount=Money(amount, currency),
        bank_account=bank_account,
        minimum=Money(minimum, currency),
        now=now,
        event_id=ids.new_id(),
    )
    async with uow_factory() as uow:
        try:
            await uow.ledger.post(_ledger_transaction(withdrawal, "requested", now))
        except InsufficientFunds:
            available = (await uow.ledger.seller_balance(seller_id, currency)).available
            raise InsufficientFunds(
                f"you have {available} available; you cannot withdraw {withdrawal.amount}",
                details={"available": available.amount, "amount": withdrawal.amount.amount},
            ) from None
        await uow.withdrawals.add(withdrawal)
        await uow.outbox.add(event)
        await uow.commit()
    return withdrawal


Move = Callable[[Withdrawal, datetime, str], tuple[Withdrawal, DomainEvent]]


async def _decide(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    withdrawal_id: str,
    move: Move,
    ledger_step: str | None = None,
) -> Withdrawal:
    async with uow_factory() as uow:
        found = await uow.withdrawals.get(withdrawal_id, for_update=True)
        if found is None:
            raise NotFound(f"no withdrawal {withdrawal_id}", details={"id": withdrawal_id})
        now = clock.now()
        changed, event = move(found, now, ids.new_id())
        if ledger_step is not None:
            await uow.ledger.post(_ledger_transaction(changed, ledger_step, now))
        await uow.withdrawals.update(changed)
        await uow.outbox.add(event)
        await uow.commit()
    return changed


async def approve_withdrawal(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    *,
    withdrawal_id: str,
    admin_id: str,
) -> Withdrawal:
    """An admin accepts a requested withdrawal (the funds stay reserved)."""

    def move(w: Withdrawal, at: datetime, event_id: str) -> tuple[Withdrawal, DomainEvent]:
        return w.approve(admin_id=admin_id, at=at, event_id=event_id)

    return await _decide(uow_factory, clock, ids, withdrawal_id, move)


async def reject_withdrawal(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    *,
    withdrawal_id: str,
    admin_id: str,
    reason: str | None = None,
) -> Withdrawal:
    """An admin refuses a requested withdrawal; its funds are available again."""

    def move(w: Withdrawal, at: datetime, event_id: str) -> tuple[Withdrawal, DomainEvent]:
        return w.reject(admin_id=admin_id, at=at, event_id=event_id, reason=reason)

    return await _decide(uow_factory, clock, ids, withdrawal_id, move, "rejected")


async def mark_withdrawal_paid(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    *,
    withdrawal_id: str,
    admin_id: str,
) -> Withdrawal:
    """An admin records that an approved withdrawal was transferred; the funds are paid out."""

    def move(w: Withdrawal, at: datetime, event_id: str) -> tuple[Withdrawal, DomainEvent]:
        return w.mark_paid(admin_id=admin_id, at=at, event_id=event_id)

    return await _decide(uow_factory, clock, ids, withdrawal_id, move, "paid")


def withdrawal_state(value: str | None) -> WithdrawalState | None:
    """A ``?status=`` filter as a state; ValidationFailed naming the field for an unknown one."""
    return field_choice(WithdrawalState, value or None, "status")


async def list_withdrawals(
    uow_factory: UnitOfWorkFactory,
    *,
    seller_id: str | None = None,
    status: WithdrawalState | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[Withdrawal]:
    """Withdrawals newest first: one seller's, or (admins) everyone's, optionally by status."""
    check_page(page, limit)
    async with uow_factory() as uow:
        total = await uow.withdrawals.count(seller_id=seller_id, status=status)
        items = await uow.withdrawals.list(
            seller_id=seller_id, status=status, limit=limit, offset=(page - 1) * limit
        )
    return Page(list(items), total, page, limit)


__all__ = [
    "approve_withdrawal",
    "list_withdrawals",
    "mark_withdrawal_paid",
    "reject_withdrawal",
    "request_withdrawal",
    "withdrawal_state",
    "withdrawal_transaction_id",
]
