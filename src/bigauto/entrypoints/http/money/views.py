"""What the money routes answer: a balance, a statement line, a withdrawal with its trail.

Each view is built from its domain value by a converter here (``balance_view`` and the like),
the one place where the JSON of a money answer is decided. Amounts are whole rupiah; instants
are ISO 8601 with their UTC offset (``2026-03-01T09:00:00+00:00``).
"""

from __future__ import annotations

from bigauto.domain.money.ledger import AccountKind, SellerBalance, TransactionKind
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import StatusChange
from bigauto.entrypoints.http.contract import Instant, View, copied
from bigauto.ports.money.repositories import LedgerLine


class BalanceView(View):
    """A seller's funds: ``pending`` (deals not completed yet), ``available`` (withdrawable),
    ``reserved`` (asked for in open withdrawals) and ``paid_out``, in whole ``currency``."""

    available: int
    pending: int
    currency: str
    reserved: int
    paid_out: int


class StatementLineView(View):
    """One ledger line on the seller's accounts: ``amount`` is the change to ``account``
    (positive when it grows); ``reference`` the payment or withdrawal it belongs to."""

    id: str
    transaction_id: str
    kind: TransactionKind
    account: AccountKind
    amount: int
    currency: str
    reference: str
    occurred_at: Instant


class StatusChangeView(View):
    """One row of a withdrawal's trail: ``event`` by ``actor`` moved it to ``to_state``."""

    from_state: str | None
    to_state: str
    event: str
    actor: Actor
    actor_id: str | None
    at: Instant
    reason: str | None


class WithdrawalView(View):
    """A seller's withdrawal to a bank account, where it is, and how it got there."""

    id: str
    seller_id: str
    amount: int
    currency: str
    bank_code: str
    bank_name: str
    account_number: str
    account_name: str
    status: WithdrawalState
    reason: str | None
    requested_at: Instant
    updated_at: Instant
    history: list[StatusChangeView]


def balance_view(balance: SellerBalance) -> BalanceView:
    return BalanceView(
        available=balance.available.amount,
        pending=balance.pending.amount,
        currency=balance.currency,
        reserved=balance.reserved.amount,
        paid_out=balance.paid_out.amount,
    )


def statement_line_view(line: LedgerLine) -> StatementLineView:
    return copied(
        StatementLineView,
        line,
        id=str(line.id),
        account=line.account.kind,
        amount=line.change.amount,
        currency=line.amount.currency,
        occurred_at=line.occurred_at.isoformat(),
    )


def status_change_view(row: StatusChange) -> StatusChangeView:
    return copied(
        StatusChangeView,
        row,
        at=row.at.isoformat(),
    )


def withdrawal_view(withdrawal: Withdrawal) -> WithdrawalView:
    account = withdrawal.bank_account
    return WithdrawalView(
        id=withdrawal.id,
        seller_id=withdrawal.seller_id,
        amount=withdrawal.amount.amount,
        currency=withdrawal.amount.currency,
        bank_code=account.bank_code,
        bank_name=account.bank.name,
        account_number=account.account_number,
        account_name=account.account_name,
        status=withdrawal.status,
        reason=withdrawal.reason,
        requested_at=withdrawal.requested_at.isoformat(),
        updated_at=withdrawal.updated_at.isoformat(),
        history=[status_change_view(row) for row in withdrawal.history],
    )


__all__ = [
    "BalanceView",
    "Instant",
    "StatementLineView",
    "StatusChangeView",
    "WithdrawalView",
    "balance_view",
    "statement_line_view",
    "status_change_view",
    "withdrawal_view",
]
