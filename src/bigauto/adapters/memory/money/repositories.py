"""The in-memory ledger and withdrawals.

The ledger keeps what the SQL one keeps: transactions by id, their lines numbered in the order
they were written, and one materialised balance per (account, currency). A refused transaction
changes none of them, because everything is checked before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from bigauto.adapters.memory._paging import newest_first, window
from bigauto.adapters.memory._repository import MemoryRepository, insert_new, replace_existing
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.money.ledger import (
    Account,
    AccountKind,
    LedgerTotals,
    LedgerTransaction,
    SellerBalance,
)
from bigauto.domain.money.ledger_moves import (
    SELLER_KINDS,
    balance_changes,
    id_taken,
    insufficient_funds,
    to_normal,
    too_large,
)
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.domain.shared.money import DEFAULT_CURRENCY, MAX_AMOUNT, Money
from bigauto.ports.money.repositories import LedgerLine


class MemoryLedgerRepository(MemoryRepository):
    """The ledger over a unit of work's private tables."""

    tables: ClassVar[TableDeclarations] = {
        "ledger_transactions": dict[str, LedgerTransaction],
        "ledger_lines": dict[int, LedgerLine],
        "account_balances": dict[tuple[Account, str], int],
    }

    async def post(self, transaction: LedgerTransaction) -> bool:
        known = self._t.ledger_transactions.get(transaction.id)
        if known is not None:
            if known == transaction:
                return False
            raise id_taken(transaction)
        currency = transaction.currency
        after: dict[tuple[Account, str], int] = {}
        for account, change in balance_changes(transaction):
            balance = self._t.account_balances.get((account, currency), 0)
            if account.spec.non_negative and balance + change < 0:
                raise insufficient_funds(transaction, account, balance, change)
            if abs(balance + change) > MAX_AMOUNT:
                raise too_large(transaction, account)
            after[(account, currency)] = balance + change
        self._t.account_balances.update(after)
        self._t.ledger_transactions[transaction.id] = transaction
        # Lines are never deleted, so the count is the last id.
        next_id = len(self._t.ledger_lines) + 1
        for line_no, entry in enumerate(transaction.entries, start=1):
            self._t.ledger_lines[next_id] = LedgerLine(
                id=next_id,
                transaction_id=transaction.id,
                line_no=line_no,
                kind=transaction.kind,
                account=entry.account,
                amount=entry.amount,
                reference=transaction.reference,
                occurred_at=transaction.occurred_at,
            )
            next_id += 1
        return True

    async def get(self, transaction_id: str) -> LedgerTransaction | None:
        return self._t.ledger_transactions.get(transaction_id)

    async def balance(self, account: Account, currency: str = DEFAULT_CURRENCY) -> Money:
        return Money(self._t.account_balances.get((account, currency), 0), currency)

    async def seller_balance(
        self, seller_id: str, currency: str = DEFAULT_CURRENCY
    ) -> SellerBalance:
        pending, available, reserved, paid_out = [
            await self.balance(Account(kind, seller_id), currency) for kind in SELLER_KINDS
        ]
        return SellerBalance(pending, available, currency, reserved, paid_out)

    async def balance_for(
        self, account: Account, reference: str, currency: str = DEFAULT_CURRENCY
    ) -> Money:
        raw = sum(
            line.amount.amount
            for line in self._t.ledger_lines.values()
            if line.account == account
            and line.reference == reference
            and line.amount.currency == currency
        )
        return Money(to_normal(account, raw), currency)

    def _owned(self, owner: str) -> list[LedgerLine]:
        return [line for line in self._t.ledger_lines.values() if line.account.owner == owner]

    async def lines_for_owner(
        self, owner: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[LedgerLine]:
        lines = newest_first(self._owned(owner), lambda line: (line.occurred_at, line.id))
        return window(lines, offset, limit)

    async def count_lines_for_owner(self, owner: str) -> int:
        return len(self._owned(owner))

    async def totals(self, currency: str = DEFAULT_CURRENCY) -> LedgerTotals:
        by_kind = dict.fromkeys(AccountKind, 0)
        for (account, in_currency), balance in self._t.account_balances.items():
            if in_currency == currency:
                by_kind[account.kind] += balance
        return LedgerTotals.of(by_kind, currency)

    async def stored_balances(self) -> Mapping[tuple[Account, str], Money]:
        return {
            (account, currency): Money(balance, currency)
            for (account, currency), balance in self._t.account_balances.items()
        }

    async def recomputed_balances(self) -> Mapping[tuple[Account, str], Money]:
        sums: dict[tuple[Account, str], int] = {}
        for line in self._t.ledger_lines.values():
            key = (line.account, line.amount.currency)
            sums[key] = sums.get(key, 0) + line.amount.amount
        return {key: Money(to_normal(key[0], raw), key[1]) for key, raw in sums.items()}

    async def unbalanced_transactions(self) -> Sequence[str]:
        sums: dict[str, int] = {}
        for line in self._t.ledger_lines.values():
            sums[line.transaction_id] = sums.get(line.transaction_id, 0) + line.amount.amount
        return sorted(tx for tx, total in sums.items() if total != 0)


class MemoryWithdrawalRepository(MemoryRepository):
    """Withdrawals keyed by id; listings newest request first, as the SQL one orders them."""

    tables: ClassVar[TableDeclarations] = {"withdrawals": dict[str, Withdrawal]}

    async def add(self, withdrawal: Withdrawal) -> None:
        insert_new(self._t.withdrawals, withdrawal.id, withdrawal, "withdrawal")

    async def get(self, withdrawal_id: str, *, for_update: bool = False) -> Withdrawal | None:
        # Units of work on one memory database take turns, so every read is already locked.
        return self._t.withdrawals.get(withdrawal_id)

    async def update(self, withdrawal: Withdrawal) -> None:
        replace_existing(
            self._t.withdrawals, withdrawal.id, withdrawal, "withdrawal", id=withdrawal.id
        )

    def _matching(self, seller_id: str | None, status: WithdrawalState | None) -> list[Withdrawal]:
        return [
            w
            for w in self._t.withdrawals.values()
            if (seller_id is None or w.seller_id == seller_id)
            and (status is None or w.status == status)
        ]

    async def list(
        self,
        *,
        seller_id: str | None = None,
        status: WithdrawalState | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Sequence[Withdrawal]:
        found = newest_first(self._matching(seller_id, status), lambda w: (w.requested_at, w.id))
        return window(found, offset, limit)

    async def count(
        self, *, seller_id: str | None = None, status: WithdrawalState | None = None
    ) -> int:
        return len(self._matching(seller_id, status))


__all__ = ["MemoryLedgerRepository", "MemoryWithdrawalRepository"]
