"""SQL withdrawals: one row each, the audit trail as JSON, ``FOR UPDATE`` on request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.money.tables import withdrawals
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import BankAccount, Withdrawal
from bigauto.domain.shared.audit import StatusChange
from bigauto.domain.shared.errors import Conflict, NotFound
from bigauto.domain.shared.money import Money


def _change_json(row: StatusChange) -> dict[str, Any]:
    return {
        "from_state": row.from_state,
        "to_state": row.to_state,
        "event": row.event,
        "actor": row.actor.value,
        "actor_id": row.actor_id,
        "at": row.at.isoformat(),
        "reason": row.reason,
    }


def _change(data: dict[str, Any]) -> StatusChange:
    return StatusChange(
        data["from_state"],
        data["to_state"],
        data["event"],
        data["actor"],
        data["actor_id"],
        datetime.fromisoformat(data["at"]),
        data["reason"],
    )


def _row(withdrawal: Withdrawal) -> dict[str, Any]:
    account = withdrawal.bank_account
    return {
        "id": withdrawal.id,
        "seller_id": withdrawal.seller_id,
        "amount": withdrawal.amount.amount,
        "currency": withdrawal.amount.currency,
        "bank_code": account.bank_code,
        "account_number": account.account_number,
        "account_name": account.account_name,
        "status": withdrawal.status.value,
        "reason": withdrawal.reason,
        "requested_at": withdrawal.requested_at,
        "updated_at": withdrawal.updated_at,
        "history": [_change_json(row) for row in withdrawal.history],
    }


def _withdrawal(row: Any) -> Withdrawal:
    return Withdrawal(
        id=row.id,
        seller_id=row.seller_id,
        amount=Money(int(row.amount), row.currency),
        bank_account=BankAccount(row.bank_code, row.account_number, row.account_name),
        status=WithdrawalState(row.status),
        requested_at=row.requested_at,
        updated_at=row.updated_at,
        history=[_change(item) for item in row.history],
        reason=row.reason,
    )


class SqlWithdrawalRepository:
    """Withdrawals; a seller's list is read newest first through (seller_id, requested_at)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, withdrawal: Withdrawal) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(withdrawals).values(_row(withdrawal)))
        except IntegrityError:
            raise Conflict(f"withdrawal {withdrawal.id} cannot be added") from None

    async def get(self, withdrawal_id: str, *, for_update: bool = False) -> Withdrawal | None:
        query = select(withdrawals).where(withdrawals.c.id == withdrawal_id)
        if for_update:
            # Two admins deciding at once take turns; SQLite's writes are serialised anyway.
            query = query.with_for_update()
        row = (await self._conn.execute(query)).first()
        return _withdrawal(row) if row else None

    async def update(self, withdrawal: Withdrawal) -> None:
        done = await self._conn.execute(
            update(withdrawals).where(withdrawals.c.id == withdrawal.id).values(_row(withdrawal))
        )
        if done.rowcount == 0:
            raise NotFound(f"no withdrawal {withdrawal.id}", details={"id": withdrawal.id})

    def _where(self, seller_id: str | None, status: WithdrawalState | None) -> list[Any]:
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
        return [_withdrawal(row) for row in await self._conn.execute(query)]

    async def count(
        self, *, seller_id: str | None = None, status: WithdrawalState | None = None
    ) -> int:
        query = select(func.count()).select_from(withdrawals)
        return int(await self._conn.scalar(query.where(*self._where(seller_id, status))) or 0)


__all__ = ["SqlWithdrawalRepository"]
