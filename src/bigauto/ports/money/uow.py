"""The repositories money adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.money.repositories import LedgerRepository, WithdrawalRepository


class MoneyRepositories(Protocol):
    """The double-entry ledger and the sellers' withdrawals."""

    ledger: LedgerRepository
    withdrawals: WithdrawalRepository
