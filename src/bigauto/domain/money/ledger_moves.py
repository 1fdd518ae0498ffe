"""How a ledger transaction changes each account's balance, and how a refusal is worded.

Stores of the ledger (in memory, SQL) keep one materialised balance per account on its normal
side; these helpers give them the same changes, in the same order, and the same errors, so that
every store refuses exactly what ``bigauto.domain.money.ledger.Ledger`` refuses.
"""

from __future__ import annotations

from bigauto.domain.money.errors import InsufficientFunds, LedgerError
from bigauto.domain.money.ledger import Account, AccountKind, LedgerTransaction, to_normal
from bigauto.domain.shared.money import MAX_AMOUNT

#: A seller's accounts in the order ``SellerBalance`` lists them.
SELLER_KINDS = (
    AccountKind.SELLER_PENDING,
    AccountKind.SELLER_AVAILABLE,
    AccountKind.SELLER_RESERVED,
    AccountKind.SELLER_PAID_OUT,
)


def balance_changes(transaction: LedgerTransaction) -> list[tuple[Account, int]]:
    """Each account's net change on its normal side, zero changes left out.

    Sorted by kind and owner: stores that lock balance rows take them in this one order, so two
    transactions touching the same accounts cannot deadlock.
    """
    moves: dict[Account, int] = {}
    for entry in transaction.entries:
        moves[entry.account] = moves.get(entry.account, 0) + entry.amount.amount
    changes = [(account, to_normal(account, raw)) for account, raw in moves.items() if raw]
    changes.sort(key=lambda item: (item[0].kind.value, item[0].owner or ""))
    return changes


def insufficient_funds(
    transaction: LedgerTransaction, account: Account, balance: int, change: int
) -> InsufficientFunds:
    """The refusal of a change that would take a non-negative ``account`` below zero."""
    return InsufficientFunds(
        f"{account} would go below zero",
        details={
            "transaction_id": transaction.id,
            "account": str(account),
            "balance": balance,
            "would_be": balance + change,
        },
    )


def too_large(transaction: LedgerTransaction, account: Account) -> LedgerError:
    """The refusal of a change that would take a balance beyond the largest amount."""
    return LedgerError(
        f"{account} would exceed the largest amount",
        details={"transaction_id": transaction.id, "account": str(account), "max": MAX_AMOUNT},
    )


def id_taken(transaction: LedgerTransaction) -> LedgerError:
    """The refusal of a transaction whose id was recorded with other contents."""
    return LedgerError(
        f"transaction {transaction.id} was already recorded with other contents",
        details={"transaction_id": transaction.id},
    )


__all__ = [
    "SELLER_KINDS",
    "balance_changes",
    "id_taken",
    "insufficient_funds",
    "to_normal",
    "too_large",
]
