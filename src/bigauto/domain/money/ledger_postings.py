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

from datetime import datetime
from decimal import Decimal

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


def _move(
    transaction_id: str,
    kind: TransactionKind,
    occurred_at: datetime,
    reference: str,
    amount: Money,
    source: Account,
    target: Account,
) -> LedgerTransaction:
    """``amount`` moved from one account to another: the shape of every seller-side posting."""
    _positive(amount, "amount")
    return _transaction(
        transaction_id,
        kind,
        occurred_at,
        reference,
        Entry.debit(source, amount),
        Entry.credit(target, amount),
    )


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
    return _transaction(
        transaction_id,
        TransactionKind.PAYMENT_RECEIVED,
        occurred_at,
        reference,
        Entry.debit(Account.customer_payments(), split.gross),
        Entry.credit(Account.platform_commission(), split.commission),
        Entry.credit(Account.seller_pending(seller_id), split.payout),
    )


def payout_released(
    transaction_id: str, occurred_at: datetime, *, seller_id: str, amount: Money, reference: str
) -> LedgerTransaction:
    """The deal completed: ``amount`` of the seller's pending funds becomes available."""
    return _move(
        transaction_id,
        TransactionKind.PAYOUT_RELEASED,
        occurred_at,
        reference,
        amount,
        Account.seller_pending(seller_id),
        Account.seller_available(seller_id),
    )


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
    return _transaction(
        transaction_id,
        TransactionKind.REFUND_ISSUED,
        occurred_at,
        reference,
        Entry.debit(Account.platform_commission(), shares.commission),
        Entry.debit(Account.seller_pending(seller_id), shares.seller),
        Entry.credit(Account.customer_refunds(), amount),
    )


def withdrawal_requested(
    transaction_id: str, occurred_at: datetime, *, seller_id: str, amount: Money, reference: str
) -> LedgerTransaction:
    """The seller asked to withdraw ``amount``: it is reserved out of available funds."""
    return _move(
        transaction_id,
        TransactionKind.WITHDRAWAL_REQUESTED,
        occurred_at,
        reference,
        amount,
        Account.seller_available(seller_id),
        Account.seller_reserved(seller_id),
    )


def withdrawal_rejected(
    transaction_id: str, occurred_at: datetime, *, seller_id: str, amount: Money, reference: str
) -> LedgerTransaction:
    """An admin rejected the withdrawal: the reserved ``amount`` is available again."""
    return _move(
        transaction_id,
        TransactionKind.WITHDRAWAL_REJECTED,
        occurred_at,
        reference,
        amount,
        Account.seller_reserved(seller_id),
        Account.seller_available(seller_id),
    )


def withdrawal_paid(
    transaction_id: str, occurred_at: datetime, *, seller_id: str, amount: Money, reference: str
) -> LedgerTransaction:
    """The reserved ``amount`` was transferred to the seller's bank account."""
    return _move(
        transaction_id,
        TransactionKind.WITHDRAWAL_PAID,
        occurred_at,
        reference,
        amount,
        Account.seller_reserved(seller_id),
        Account.seller_paid_out(seller_id),
    )


__all__ = [
    "RefundSplit",
    "payment_received",
    "payout_released",
    "refund_issued",
    "refund_split",
    "withdrawal_paid",
    "withdrawal_rejected",
    "withdrawal_requested",
]
