"""Money in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.money.repositories import (
    MemoryLedgerRepository,
    MemoryWithdrawalRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "ledger": MemoryLedgerRepository,
    "withdrawals": MemoryWithdrawalRepository,
}

__all__ = ["REPOSITORIES"]
