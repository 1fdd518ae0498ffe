"""Reading the ledger: a seller's balance and statement, and the consistency check.

``check_ledger`` is what ``bigauto ledger check`` runs: it recomputes every balance from the
lines (the source of truth) and compares it with the materialised one, lists transactions whose
lines do not add up to zero and non-negative accounts that are negative, and reports the totals
with the conservation rule ``customer paid = refunds + commission + seller payouts``.
"""

from __future__ import annotations

import attrs

from bigauto.domain.money.ledger import Account, LedgerTotals, SellerBalance
from bigauto.domain.shared.money import Money
from bigauto.ports.money.repositories import LedgerLine
from bigauto.services.money.context import Payouts
from bigauto.services.shared.paging import MAX_PAGE_SIZE, Page, check_page


async def seller_balance(ctx: Payouts, seller_id: str) -> SellerBalance:
    """What ``seller_id`` has pending, available, reserved and paid out (in the policy's
    currency)."""
    async with ctx.uow_factory() as uow:
        return await uow.ledger.seller_balance(seller_id, ctx.policy.currency)


async def seller_transactions(
    ctx: Payouts, seller_id: str, *, page: int = 1, limit: int = 20
) -> Page[LedgerLine]:
    """The lines on ``seller_id``'s accounts, newest first."""
    check_page(page, limit)
    async with ctx.uow_factory() as uow:
        total = await uow.ledger.count_lines_for_owner(seller_id)
        lines = await uow.ledger.lines_for_owner(seller_id, limit=limit, offset=(page - 1) * limit)
    return Page(list(lines), total, page, limit)


@attrs.frozen
class BalanceMismatch:
    """An account whose materialised balance differs from the sum of its lines."""

    account: Account
    stored: Money
    recomputed: Money


@attrs.frozen
class LedgerCheck:
    """What ``check_ledger`` found; ``ok`` when there is nothing to worry about."""

    accounts: int
    mismatches: tuple[BalanceMismatch, ...]
    unbalanced: tuple[str, ...]
    negative: tuple[tuple[Account, Money], ...]
    totals: LedgerTotals

    @property
    def ok(self) -> bool:
        return (
            not self.mismatches
            and not self.unbalanced
            and not self.negative
            and self.totals.is_conserved
        )


async def check_ledger(ctx: Payouts) -> LedgerCheck:
    """Recompute every balance from the lines and compare; see the module docstring. The
    totals are in the policy's currency."""
    async with ctx.uow_factory() as uow:
        stored = await uow.ledger.stored_balances()
        recomputed = await uow.ledger.recomputed_balances()
        unbalanced = await uow.ledger.unbalanced_transactions()
        totals = await uow.ledger.totals(ctx.policy.currency)
    mismatches = []
    negative = []
    for key in sorted(stored.keys() | recomputed.keys(), key=lambda k: (str(k[0]), k[1])):
        account, in_currency = key
        zero = Money.zero(in_currency)
        kept, truth = stored.get(key, zero), recomputed.get(key, zero)
        if kept != truth:
            mismatches.append(BalanceMismatch(account, kept, truth))
        if account.spec.non_negative and (truth.is_negative or kept.is_negative):
            negative.append((account, min(kept, truth)))
    return LedgerCheck(
        accounts=len(stored.keys() | recomputed.keys()),
        mismatches=tuple(mismatches),
        unbalanced=tuple(unbalanced),
        negative=tuple(negative),
        totals=totals,
    )


__all__ = [
    "MAX_PAGE_SIZE",
    "BalanceMismatch",
    "LedgerCheck",
    "Page",
    "check_ledger",
    "check_page",
    "seller_balance",
    "seller_transactions",
]
