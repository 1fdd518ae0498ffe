"""Money in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from bigauto.adapters.memory.money.repositories import (
    MemoryLedgerRepository,
    MemoryWithdrawalRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.money.ledger import Account, LedgerTransaction
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.ports.money.repositories import LedgerLine

TABLES: TableDeclarations = {
    "ledger_transactions": dict[str, LedgerTransaction],
    "ledger_lines": dict[int, LedgerLine],
    "account_balances": dict[tuple[Account, str], int],
    "withdrawals": dict[str, Withdrawal],
}

REPOSITORIES: RepositoryDeclarations = {
    "ledger": MemoryLedgerRepository,
    "withdrawals": MemoryWithdrawalRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
