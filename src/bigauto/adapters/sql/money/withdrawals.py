"""SQL withdrawals: one row each, the audit trail as JSON, ``FOR UPDATE`` on request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from bigauto.adapters.sql._audit_trail import STATE_TRAIL
from bigauto.adapters.sql._rows import SqlRepository, conflict, from_row, to_row
from bigauto.adapters.sql.money.tables import withdrawals
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import BankAccount, Withdrawal
from bigauto.domain.shared.errors import NotFound
from bigauto.domain.shared.money import Money


def _row(withdrawal: Withdrawal) -> dict[str, Any]:
    account = withdrawal.bank_account
    return to_row(
        withdrawal,
        omit=("bank_account",),
        amount=withdrawal.amount.amount,
        currency=withdrawal.amount.currency,
        bank_code=account.bank_code,
        account_number=account.account_number,
        account_name=account.account_name,
        history=STATE_TRAIL.dump(withdrawal.history),
    )


def _withdrawal(row: Any) -> Withdrawal:
    return from_row(
        Withdrawal,
        row._mapping,
        amount=Money(int(row.amount), row.currency),
        bank_account=BankAccount(row.bank_code, row.account_number, row.account_name),
        status=WithdrawalState(row.status),
        history=STATE_TRAIL.load(row.history),
    )


class SqlWithdrawalRepository(SqlRepository):
    """Withdrawals; a seller's list is read newest first through (seller_id, requested_at)."""

    async def add(self, withdrawal: Withdrawal) -> None:
        refused = conflict(f"withdrawal {withdrawal.id} cannot be added")
        await self._insert(withdrawals, _row(withdrawal), refused)

    async def get(self, withdrawal_id: str, *, for_update: bool = False) -> Withdrawal | None:
        query = select(withdrawals).where(withdrawals.c.id == withdrawal_id)
        if for_update:
            # Two admins deciding at once take turns; SQLite's writes are serialised anyway.
            query = query.with_for_update()
        return await self._first(query, _withdrawal)

    async def update(self, withdrawal: Withdrawal) -> None:
        where = withdrawals.c.id == withdrawal.id
        if not await self._update(withdrawals, where, _row(withdrawal)):
            raise NotFound(f"no withdrawal {withdrawal.id}", details={"id": withdrawal.id})

    def _where(
        self, seller_id: str | None, status: WithdrawalState | None
    ) -> list[ColumnElement[bool]]:
        conditions = []
        if seller_id is not None:
            conditions.append(withdrawals.c.seller_id == seller_id)
        if status is not None:
            conditions.append(withdrawals.c.status == status.value)
        return conditions

    async def list(
        self,
        *,
        seller_id: str | None = None,
        status: WithdrawalState | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Sequence[Withdrawal]:
        query = (
            select(withdrawals)
            .where(*self._where(seller_id, status))
            .order_by(withdrawals.c.requested_at.desc(), withdrawals.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return await self._all(query, _withdrawal)

    async def count(
        self, *, seller_id: str | None = None, status: WithdrawalState | None = None
    ) -> int:
        return await self._count(withdrawals, *self._where(seller_id, status))


__all__ = ["SqlWithdrawalRepository"]
