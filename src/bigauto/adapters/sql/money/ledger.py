"""The SQL ledger and withdrawals.

Posting runs inside a SAVEPOINT: the header (``INSERT ... ON CONFLICT DO NOTHING``, whose row
count says whether the id was new), the lines, then one statement per account balance, taken in
the order ``balance_changes`` gives so concurrent postings cannot deadlock. A decrease of a
non-negative balance is ``UPDATE ... SET balance = balance + :change WHERE ... AND balance +
:change >= 0``: on PostgreSQL a concurrent writer waits for the row and re-checks the condition
against the committed value, so two withdrawals can never both spend the same rupiah; a row count
of 0 is a refusal. Every other change is an upsert. A refusal rolls the savepoint back and the
caller's transaction goes on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, func, select, update

from bigauto.adapters.sql._rows import SqlRepository
from bigauto.adapters.sql.money.tables import (
    account_balances,
    ledger_transactions,
    transaction_logs,
)
from bigauto.domain.money import ledger_moves as moves
from bigauto.domain.money.ledger import (
    Account,
    AccountKind,
    Entry,
    LedgerTotals,
    LedgerTransaction,
    SellerBalance,
    TransactionKind,
)
from bigauto.domain.shared.money import DEFAULT_CURRENCY, MAX_AMOUNT, Money
from bigauto.ports.money.repositories import LedgerLine


def _owner(account: Account) -> str:
    return account.owner or ""


def _account(kind: str, owner: str) -> Account:
    return Account(AccountKind(kind), owner or None)


def _key(account: Account, currency: str) -> Any:
    return and_(
        account_balances.c.account_kind == account.kind.value,
        account_balances.c.account_owner == _owner(account),
        account_balances.c.currency == currency,
    )


def _line(row: Any) -> LedgerLine:
    return LedgerLine(
        id=row.id,
        transaction_id=row.transaction_id,
        line_no=row.line_no,
        kind=TransactionKind(row.kind),
        account=_account(row.account_kind, row.account_owner),
        amount=Money(int(row.amount), row.currency),
        reference=row.reference,
        occurred_at=row.occurred_at,
    )


class SqlLedgerRepository(SqlRepository):
    """The ledger on the unit of work's connection."""

    async def post(self, transaction: LedgerTransaction) -> bool:
        async with self._conn.begin_nested():
            if not await self._insert_header(transaction):
                if await self.get(transaction.id) == transaction:
                    return False
                raise moves.id_taken(transaction)
            await self._conn.execute(
                transaction_logs.insert(),
                [
                    {
                        "transaction_id": transaction.id,
                        "line_no": line_no,
                        "kind": transaction.kind.value,
                        "account_kind": entry.account.kind.value,
                        "account_owner": _owner(entry.account),
                        "amount": entry.amount.amount,
                        "currency": entry.amount.currency,
                        "reference": transaction.reference,
                        "occurred_at": transaction.occurred_at,
                    }
                    for line_no, entry in enumerate(transaction.entries, start=1)
                ],
            )
            for account, change in moves.balance_changes(transaction):
                await self._change(transaction, account, change)
        return True

    async def _insert_header(self, transaction: LedgerTransaction) -> bool:
        statement = (
            self._dialect_insert()(ledger_transactions)
            .values(
                id=transaction.id,
                kind=transaction.kind.value,
                reference=transaction.reference,
                currency=transaction.currency,
                occurred_at=transaction.occurred_at,
            )
            .on_conflict_do_nothing(index_elements=["id"])
        )
        return bool((await self._conn.execute(statement)).rowcount)

    async def _change(self, transaction: LedgerTransaction, account: Account, change: int) -> None:
        currency = transaction.currency
        balance = account_balances.c.balance
        if account.spec.non_negative and change < 0:
            done = await self._conn.execute(
                update(account_balances)
                .where(_key(account, currency), balance + change >= 0)
                .values(balance=balance + change)
                .returning(balance)
            )
            after = done.scalar()
            if after is None:
                current = await self.balance(account, currency)
                raise moves.insufficient_funds(transaction, account, current.amount, change)
        else:
            insert = self._dialect_insert()(account_balances).values(
                account_kind=account.kind.value,
                account_owner=_owner(account),
                currency=currency,
                balance=change,
            )
            statement = insert.on_conflict_do_update(
                index_elements=["account_kind", "account_owner", "currency"],
                set_={"balance": balance + insert.excluded.balance},
            ).returning(balance)
            after = (await self._conn.execute(statement)).scalar_one()
        if abs(int(after)) > MAX_AMOUNT:
            raise moves.too_large(transaction, account)

    async def get(self, transaction_id: str) -> LedgerTransaction | None:
        header = (
            await self._conn.execute(
                select(ledger_transactions).where(ledger_transactions.c.id == transaction_id)
            )
        ).first()
        if header is None:
            return None
        rows = await self._conn.execute(
            select(transaction_logs)
            .where(transaction_logs.c.transaction_id == transaction_id)
            .order_by(transaction_logs.c.line_no)
        )
        entries = [
            Entry(_account(r.account_kind, r.account_owner), Money(int(r.amount), r.currency))
            for r in rows
        ]
        return LedgerTransaction(
            id=header.id,
            kind=TransactionKind(header.kind),
            occurred_at=header.occurred_at,
            entries=entries,
            reference=header.reference,
        )

    async def balance(self, account: Account, currency: str = DEFAULT_CURRENCY) -> Money:
        found = await self._conn.scalar(
            select(account_balances.c.balance).where(_key(account, currency))
        )
        return Money(int(found or 0), currency)

    async def seller_balance(
        self, seller_id: str, currency: str = DEFAULT_CURRENCY
    ) -> SellerBalance:
        rows = await self._conn.execute(
            select(account_balances.c.account_kind, account_balances.c.balance).where(
                account_balances.c.account_owner == seller_id,
                account_balances.c.currency == currency,
            )
        )
        found = {row.account_kind: int(row.balance) for row in rows}
        pending, available, reserved, paid_out = [
            Money(found.get(kind.value, 0), currency) for kind in moves.SELLER_KINDS
        ]
        return SellerBalance(pending, available, currency, reserved, paid_out)

    async def balance_for(
        self, account: Account, reference: str, currency: str = DEFAULT_CURRENCY
    ) -> Money:
        logs = transaction_logs.c
        raw = await self._conn.scalar(
            select(func.coalesce(func.sum(logs.amount), 0)).where(
                logs.account_kind == account.kind.value,
                logs.account_owner == _owner(account),
                logs.currency == currency,
                logs.reference == reference,
            )
        )
        return Money(moves.to_normal(account, int(raw or 0)), currency)

    async def lines_for_owner(
        self, owner: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[LedgerLine]:
        logs = transaction_logs.c
        query = (
            select(transaction_logs)
            .where(logs.account_owner == owner)
            .order_by(logs.occurred_at.desc(), logs.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return await self._all(query, _line)

    async def count_lines_for_owner(self, owner: str) -> int:
        return await self._count(transaction_logs, transaction_logs.c.account_owner == owner)

    async def totals(self, currency: str = DEFAULT_CURRENCY) -> LedgerTotals:
        rows = await self._conn.execute(
            select(account_balances.c.account_kind, func.sum(account_balances.c.balance))
            .where(account_balances.c.currency == currency)
            .group_by(account_balances.c.account_kind)
        )
        by_kind = {AccountKind(kind): int(total) for kind, total in rows}
        return LedgerTotals.of(by_kind, currency)

    async def stored_balances(self) -> Mapping[tuple[Account, str], Money]:
        rows = await self._conn.execute(select(account_balances))
        return {
            (_account(r.account_kind, r.account_owner), r.currency): Money(
                int(r.balance), r.currency
            )
            for r in rows
        }

    async def recomputed_balances(self) -> Mapping[tuple[Account, str], Money]:
        logs = transaction_logs.c
        rows = await self._conn.execute(
            select(
                logs.account_kind, logs.account_owner, logs.currency, func.sum(logs.amount)
            ).group_by(logs.account_kind, logs.account_owner, logs.currency)
        )
        result: dict[tuple[Account, str], Money] = {}
        for kind, owner, currency, raw in rows:
            account = _account(kind, owner)
            result[(account, currency)] = Money(moves.to_normal(account, int(raw)), currency)
        return result

    async def unbalanced_transactions(self) -> Sequence[str]:
        logs = transaction_logs.c
        rows = await self._conn.execute(
            select(logs.transaction_id)
            .group_by(logs.transaction_id)
            .having(func.sum(logs.amount) != 0)
            .order_by(logs.transaction_id)
        )
        return [row.transaction_id for row in rows]


__all__ = ["SqlLedgerRepository"]
