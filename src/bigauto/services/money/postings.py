"""Money into and out of sellers' balances: the ledger postings other use cases make.

These run inside the caller's unit of work (the payment notification handler, a booking's
completion or cancellation), so the money moves in the same transaction as the state change that
causes it, and commit together or not at all. Every posting has an id derived from what caused
it (``pay:{payment_id}``, ``refund:{refund_id}``, ``release:{reference}``), so a replayed
notification or a retried handler cannot post twice.

``reference`` names the deal the money belongs to (a rental booking or sale order id) and must be
the same for its payment, refunds and release: the ledger tells from it how much of that deal is
still pending for the seller and how much has been refunded.

A cancelled deal is settled in two steps: ``record_refund`` for what the cancellation policy
gives back (if anything), then ``release_payout`` for what the seller keeps.
"""

from __future__ import annotations

from datetime import datetime

from bigauto.domain.money.commission import CommissionSplit
from bigauto.domain.money.errors import LedgerError
from bigauto.domain.money.ledger import Account, AccountKind, LedgerTransaction
from bigauto.domain.money.ledger_postings import (
    payment_received,
    payout_released,
    refund_issued,
    refund_split,
)
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWork


def payment_transaction_id(payment_id: str) -> str:
    """The ledger id of the posting for a settled payment."""
    return f"pay:{payment_id}"


def refund_transaction_id(refund_id: str) -> str:
    """The ledger id of the posting for one refund."""
    return f"refund:{refund_id}"


def release_transaction_id(reference: str, released_before: Money | None = None) -> str:
    """The ledger id of a release of ``reference``'s pending payout (normally there is one)."""
    if released_before is None or released_before.is_zero:
        return f"release:{reference}"
    return f"release:{reference}:{released_before.amount}"


async def record_payment(
    uow: UnitOfWork,
    *,
    payment_id: str,
    seller_id: str,
    split: CommissionSplit,
    reference: str,
    at: datetime,
) -> bool:
    """A customer paid ``split.gross`` for ``reference``: commission to the platform, the payout
    pending for ``seller_id``. False when this payment was already recorded (a replay)."""
    return await uow.ledger.post(
        payment_received(
            payment_transaction_id(payment_id),
            at,
            seller_id=seller_id,
            split=split,
            reference=reference,
        )
    )


async def release_payout(
    uow: UnitOfWork, *, seller_id: str, reference: str, at: datetime, currency: str = "IDR"
) -> Money:
    """The deal completed (rental ``selesai``, sale ``completed``) or was cancelled with part of
    the money kept: whatever of ``reference`` is still pending for ``seller_id`` becomes
    available. Answers the amount released; zero when nothing was pending (e.g. a replay)."""
    pending = await uow.ledger.balance_for(Account.seller_pending(seller_id), reference, currency)
    if pending.amount <= 0:
        return Money.zero(currency)
    released = await uow.ledger.balance_for(
        Account.seller_available(seller_id), reference, currency
    )
    await uow.ledger.post(
        payout_released(
            release_transaction_id(reference, released),
            at,
            seller_id=seller_id,
            amount=pending,
            reference=reference,
        )
    )
    return pending


def _refunded_by(transaction: LedgerTransaction) -> Money:
    return Money.sum(
        (-e.amount for e in transaction.entries if e.account.kind is AccountKind.CUSTOMER_REFUNDS),
        transaction.currency,
    )


async def record_refund(
    uow: UnitOfWork,
    *,
    refund_id: str,
    seller_id: str,
    split: CommissionSplit,
    amount: Money,
    reference: str,
    at: datetime,
) -> bool:
    """``amount`` of the payment split as ``split`` went back to the customer.

    The platform gives back commission in proportion (rounded on the running total, so pieces
    add up to a full refund exactly) and the rest comes out of the deal's pending payout.
    False when this refund was already recorded; ``LedgerError`` when ``refund_id`` was recorded
    with another amount, when the refunds would exceed what was paid, or when the payout of
    ``reference`` was already released (a refund after completion is not taken from the seller's
    other deals).
    """
    transaction_id = refund_transaction_id(refund_id)
    known = await uow.ledger.get(transaction_id)
    if known is not None:
        if _refunded_by(known) == amount and known.reference == reference:
            return False
        raise LedgerError(
            f"refund {refund_id} was already recorded with other contents",
            details={"refund_id": refund_id, "transaction_id": transaction_id},
        )
    currency = amount.currency
    before = await uow.ledger.balance_for(Account.customer_refunds(), reference, currency)
    shares = refund_split(split, amount, before)
    pending = await uow.ledger.balance_for(Account.seller_pending(seller_id), reference, currency)
    if shares.seller > pending:
        raise LedgerError(
            f"the payout of {reference} is no longer pending; the refund cannot come out of it",
            details={
                "reference": reference,
                "pending": pending.amount,
                "seller_share": shares.seller.amount,
            },
        )
    return await uow.ledger.post(
        refund_issued(
            transaction_id,
            at,
            seller_id=seller_id,
            split=split,
            amount=amount,
            reference=reference,
            refunded_before=before,
        )
    )


__all__ = [
    "payment_transaction_id",
    "record_payment",
    "record_refund",
    "refund_transaction_id",
    "release_payout",
    "release_transaction_id",
]
