"""Money in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.money.ledger import SqlLedgerRepository
from bigauto.adapters.sql.money.withdrawals import SqlWithdrawalRepository

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "ledger": SqlLedgerRepository,
    "withdrawals": SqlWithdrawalRepository,
}

__all__ = ["REPOSITORIES"]
