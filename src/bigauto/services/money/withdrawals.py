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
from functools import partial

from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.money.ledger import LedgerTransaction
from bigauto.domain.money.ledger_postings import (
    withdrawal_paid,
    withdrawal_rejected,
    withdrawal_requested,
)
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import BankAccount, Withdrawal
from bigauto.domain.shared.errors import NotFound, field_choice
from bigauto.domain.shared.events import DomainEvent
from bigauto.services.money.context import Payouts
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
    ctx: Payouts,
    *,
    seller_id: str,
    amount: int,
    bank_code: str,
    account_number: str,
    account_name: str,
) -> Withdrawal:
    """Store a request and reserve ``amount`` of the seller's available funds.

    ValidationFailed (422, naming the fields) for a bad bank account or an amount below the
    policy's minimum; InsufficientFunds (409) when more than the available funds are asked for.
    """
    bank_account = BankAccount.of(bank_code, account_number, account_name)
    now = ctx.clock.now()
    withdrawal, event = Withdrawal.request(
        withdrawal_id=ctx.ids.new_id(),
        seller_id=seller_id,
        amount=ctx.policy.money(amount),
        bank_account=bank_account,
        minimum=ctx.policy.minimum,
        now=now,
        event_id=ctx.event_id(),
    )
    async with ctx.uow_factory() as uow:
        try:
            await uow.ledger.post(_ledger_transaction(withdrawal, "requested", now))
        except InsufficientFunds:
            balance = await uow.ledger.seller_balance(seller_id, ctx.policy.currency)
            available = balance.available
            raise InsufficientFunds(
                f"you have {available} available; you cannot withdraw {withdrawal.amount}",
                details={"available": available.amount, "amount": withdrawal.amount.amount},
            ) from None
        await uow.withdrawals.add(withdrawal)
        await uow.outbox.add(event)
        await uow.commit()
    return withdrawal


#: A withdrawal's method for an admin's decision (``Withdrawal.approve`` and the like).
Move = Callable[..., tuple[Withdrawal, DomainEvent]]


async def _decide(
    move: Move,
    ledger_step: str | None,
    ctx: Payouts,
    /,
    *,
    withdrawal_id: str,
    admin_id: str,
    **why: str | None,
) -> Withdrawal:
    """Lock the withdrawal, make ``move`` (with ``why``: a rejection's ``reason``), post its
    ``ledger_step`` if it moves money, store it and put its event in the outbox."""
    async with ctx.uow_factory() as uow:
        found = await uow.withdrawals.get(withdrawal_id, for_update=True)
        if found is None:
            raise NotFound(f"no withdrawal {withdrawal_id}", details={"id": withdrawal_id})
        now = ctx.clock.now()
        changed, event = move(found, admin_id=admin_id, at=now, event_id=ctx.event_id(), **why)
        if ledger_step is not None:
            await uow.ledger.post(_ledger_transaction(changed, ledger_step, now))
        await uow.withdrawals.update(changed)
        await uow.outbox.add(event)
        await uow.commit()
    return changed


# The admins' decisions, called as ``approve_withdrawal(ctx, withdrawal_id=..., admin_id=...)``:
# one body, bound to each decision's domain move and the ledger step that moves its funds.

#: An admin accepts a requested withdrawal (the funds stay reserved).
approve_withdrawal = partial(_decide, Withdrawal.approve, None)
#: An admin refuses a requested withdrawal (``reason=`` optional, shown to the seller); its
#: funds are available again.
reject_withdrawal = partial(_decide, Withdrawal.reject, "rejected")
#: An admin records that an approved withdrawal was transferred; the funds are paid out.
mark_withdrawal_paid = partial(_decide, Withdrawal.mark_paid, "paid")


def withdrawal_state(value: str | None) -> WithdrawalState | None:
    """A ``?status=`` filter as a state; ValidationFailed naming the field for an unknown one."""
    return field_choice(WithdrawalState, value or None, "status")


async def list_withdrawals(
    ctx: Payouts,
    *,
    seller_id: str | None = None,
    status: WithdrawalState | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[Withdrawal]:
    """Withdrawals newest first: one seller's, or (admins) everyone's, optionally by status."""
    check_page(page, limit)
    async with ctx.uow_factory() as uow:
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
