"""The stored ledger and seller withdrawals.

``LedgerRepository.post`` is the one way money moves: it stores every line of a balanced
``LedgerTransaction`` and updates the materialised balance of each account it touches, all or
nothing. An account the chart marks ``non_negative`` (a seller's pending, available or reserved
funds) is changed with a conditional update, so two transactions racing for the same funds cannot
both succeed: the loser gets ``InsufficientFunds`` and nothing of it is kept, while the caller's
unit of work stays usable. Posting a transaction id a second time is a no-op when the contents are
the same (a replayed message) and a ``LedgerError`` when they differ.

The lines are the truth; the balances are a cache of them for O(1) reads, and ``check_ledger``
(``bigauto ledger check``) recomputes one from the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from bigauto.domain.money.ledger import (
    Account,
    LedgerTotals,
    LedgerTransaction,
    SellerBalance,
    Side,
    TransactionKind,
)
from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money


@attrs.frozen
class LedgerLine:
    """One stored entry with its transaction's facts.

    ``id`` grows with every line stored (the order lines were written in). ``amount`` is signed
    as in the ledger (debit > 0, credit < 0); ``change`` is the same move seen from the account's
    normal side, so a seller's funds growing is positive.
    """

    id: int
    transaction_id: str
    line_no: int
    kind: TransactionKind
    account: Account
    amount: Money
    reference: str
    occurred_at: datetime

    @property
    def change(self) -> Money:
        return self.amount if self.account.spec.normal is Side.DEBIT else -self.amount


class LedgerRepository(Protocol):
    async def post(self, transaction: LedgerTransaction) -> bool:
        """Store ``transaction``; True when stored, False when this exact one already was.

        Raises ``InsufficientFunds`` when a non-negative account would go below zero and
        ``LedgerError`` when the id is taken by other contents or a balance would exceed the
        largest amount; in both cases nothing of the transaction is kept.
        """

    async def get(self, transaction_id: str) -> LedgerTransaction | None: ...

    async def balance(self, account: Account, currency: str = DEFAULT_CURRENCY) -> Money:
        """``account``'s balance on its normal side, from the materialised balances."""

    async def seller_balance(
        self, seller_id: str, currency: str = DEFAULT_CURRENCY
    ) -> SellerBalance: ...

    async def balance_for(
        self, account: Account, reference: str, currency: str = DEFAULT_CURRENCY
    ) -> Money:
        """The part of ``account``'s balance that transactions about ``reference`` put there."""

    async def lines_for_owner(
        self, owner: str, *, limit: int = 20, offset: int = 0
    ) -> Sequence[LedgerLine]:
        """The lines on every account ``owner`` (a seller) holds, newest first."""

    async def count_lines_for_owner(self, owner: str) -> int: ...

    async def totals(self, currency: str = DEFAULT_CURRENCY) -> LedgerTotals:
        """The materialised balances summed by kind of account."""

    async def stored_balances(self) -> Mapping[tuple[Account, str], Money]:
        """Every materialised balance by (account, currency)."""

    async def recomputed_balances(self) -> Mapping[tuple[Account, str], Money]:
        """Every (account, currency) balance summed afresh from the lines (the truth)."""

    async def unbalanced_transactions(self) -> Sequence[str]:
        """Ids of stored transactions whose lines do not add up to zero (there should be none)."""


class WithdrawalRepository(Protocol):
    async def add(self, withdrawal: Withdrawal) -> None: ...

    async def get(self, withdrawal_id: str, *, for_update: bool = False) -> Withdrawal | None:
        """The withdrawal; ``for_update`` locks its row until the unit of work ends."""

    async def update(self, withdrawal: Withdrawal) -> None: ...

    async def list(
        self,
        *,
        seller_id: str | None = None,
        status: WithdrawalState | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Sequence[Withdrawal]:
        """Withdrawals, newest request first, optionally of one seller or in one status."""

    async def count(
        self, *, seller_id: str | None = None, status: WithdrawalState | None = None
    ) -> int: ...


__all__ = ["LedgerLine", "LedgerRepository", "WithdrawalRepository"]
