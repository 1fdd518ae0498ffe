"""The ledger transactions for each money flow of the marketplace.

Each function builds one balanced ``LedgerTransaction``; applying it to a ``Ledger`` is what
checks that no seller's funds go negative. Ids and times come from the caller (the domain has no
clock and no id source); a deterministic id per flow (``"{payment_id}:received"``) makes a
replayed message a no-op.

====================  ==========================================  ===============================
flow                  debit                                       credit
====================  ==========================================  ===============================
payment received      customer payments (gross)                   commission; seller pending
payout released       seller pending                              seller available
refund issued         commission (its share); seller pending      customer refunds
withdrawal requested  seller available                            seller reserved
withdrawal rejected   seller reserved                             seller available
withdrawal paid       seller reserved                             seller paid out
====================  ==========================================  ===============================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from bigauto.domain.money.commission import CommissionSplit
from bigauto.domain.money.errors import LedgerError
from bigauto.domain.money.ledger import Account, Entry, LedgerTransaction, TransactionKind
from bigauto.domain.shared.errors import MoneyError
from bigauto.domain.shared.money import Money, round_half_up


def _positive(amount: Money, what: str) -> Money:
    if amount.amount <= 0:
        raise MoneyError(f"{what} must be more than zero", details={what: amount.amount})
    return amount


def _transaction(
    transaction_id: str,
    kind: TransactionKind,
    occurred_at: datetime,
    reference: str,
    *entries: Entry,
) -> LedgerTransaction:
    # Zero lines (a 0% commission, a refund whose commission share rounds to nothing) say nothing.
    kept = [entry for entry in entries if not entry.amount.is_zero]
    return LedgerTransaction(transaction_id, kind, occurred_at, kept, reference)


def payment_received(
    transaction_id: str,
    occurred_at: datetime,
    *,
    seller_id: str,
    split: CommissionSplit,
    reference: str,
) -> LedgerTransaction:
    """A customer paid ``split.gross``: commission to the platform, the payout pending for the
    seller until the deal completes."""
    _positive(split.gross, "gross")
    entries = (
        Entry.debit(Account.customer_payments(), split.gross),
        Entry.credit(Account.platform_commission(), split.commission),
        Entry.credit(Account.seller_pending(seller_id), split.payout),
    )
    kind = TransactionKind.PAYMENT_RECEIVED
    return _transaction(transaction_id, kind, occurred_at, reference, *entries)


@attrs.frozen
class RefundSplit:
    """A refund split into the commission handed back and the part taken from the seller."""

    amount: Money
    commission: Money
    seller: Money


def refund_split(
    split: CommissionSplit, amount: Money, refunded_before: Money | None = None
) -> RefundSplit:
    """How a refund of ``amount`` on a payment split as ``split`` is shared out.

    The commission refunded is in proportion to the refund, ROUND_HALF_UP, computed on the
    running total (``refunded_before + amount``) so that rounding never drifts across partial
    refunds: a full refund, in any number of pieces, hands back exactly the commission taken and
    takes back exactly the payout, and no piece takes more from the seller than was paid in.
    """
    _positive(amount, "refund")
    before = Money.zero(amount.currency) if refunded_before is None else refunded_before
    if before.is_negative:
        raise MoneyError(
            "refunded_before cannot be negative", details={"refunded_before": before.amount}
        )
    after = before + amount
    if after > split.gross:
        raise LedgerError(
            "cannot refund more than was paid",
            details={"gross": split.gross.amount, "refunded": after.amount},
        )

    def commission_share(refunded: Money) -> int:
        if split.gross.is_zero:
            return 0
        exact = Decimal(refunded.amount) * split.commission.amount / split.gross.amount
        return round_half_up(exact)

    commission = Money(commission_share(after) - commission_share(before), amount.currency)
    return RefundSplit(amount=amount, commission=commission, seller=amount - commission)


def refund_issued(
    transaction_id: str,
    occurred_at: datetime,
    *,
    seller_id: str,
    split: CommissionSplit,
    amount: Money,
    reference: str,
    refunded_before: Money | None = None,
) -> LedgerTransaction:
    """``amount`` of a payment was refunded to the customer; the platform gives back its share
    of commission and the rest comes out of the seller's pending funds."""
    shares = refund_split(split, amount, refunded_before)
    entries = (
        Entry.debit(Account.platform_commission(), shares.commission),
        Entry.debit(Account.seller_pending(seller_id), shares.seller),
        Entry.credit(Account.customer_refunds(), amount),
    )
    kind = TransactionKind.REFUND_ISSUED
    return _transaction(transaction_id, kind, occurred_at, reference, *entries)


class SellerPosting(Protocol):
    """A posting that moves ``amount`` between two of one seller's accounts."""

    def __call__(
        self,
        transaction_id: str,
        occurred_at: datetime,
        *,
        seller_id: str,
        amount: Money,
        reference: str,
    ) -> LedgerTransaction: ...


def _seller_posting(
    kind: TransactionKind,
    source: Callable[[str], Account],
    target: Callable[[str], Account],
    doc: str,
) -> SellerPosting:
    """The posting ``kind``: ``amount`` (more than zero) moves from the seller's ``source``
    account to their ``target`` one. Every seller-side flow has this one shape."""

    def post(
        transaction_id: str, occurred_at: datetime, *, seller_id: str, amount: Money, reference: str
    ) -> LedgerTransaction:
        _positive(amount, "amount")
        entries = Entry.debit(source(seller_id), amount), Entry.credit(target(seller_id), amount)
        return _transaction(transaction_id, kind, occurred_at, reference, *entries)

    post.__name__ = post.__qualname__ = kind.value
    post.__doc__ = doc
    return post


payout_released = _seller_posting(
    TransactionKind.PAYOUT_RELEASED,
    Account.seller_pending,
    Account.seller_available,
    "The deal completed: ``amount`` of the seller's pending funds becomes available.",
)
withdrawal_requested = _seller_posting(
    TransactionKind.WITHDRAWAL_REQUESTED,
    Account.seller_available,
    Account.seller_reserved,
    "The seller asked to withdraw ``amount``: it is reserved out of available funds.",
)
withdrawal_rejected = _seller_posting(
    TransactionKind.WITHDRAWAL_REJECTED,
    Account.seller_reserved,
    Account.seller_available,
    "An admin rejected the withdrawal: the reserved ``amount`` is available again.",
)
withdrawal_paid = _seller_posting(
    TransactionKind.WITHDRAWAL_PAID,
    Account.seller_reserved,
    Account.seller_paid_out,
    "The reserved ``amount`` was transferred to the seller's bank account.",
)


__all__ = [
    "RefundSplit",
    "SellerPosting",
    "payment_received",
    "payout_released",
    "refund_issued",
    "refund_split",
    "withdrawal_paid",
    "withdrawal_rejected",
    "withdrawal_requested",
]
