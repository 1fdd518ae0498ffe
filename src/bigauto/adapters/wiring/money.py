"""Money's providers: the payout policy and the context its use cases take.

Balances, the ledger check and withdrawals need no adapter of their own: their use cases take
``Payouts`` (the unit of work, the clock, ids and the policy from the settings' money section).
The ledger postings run inside the caller's unit of work and need nothing from here.
"""

from __future__ import annotations

from dependency_injector import providers

from bigauto.adapters.wiring.shared import Shared
from bigauto.services.money.context import PayoutPolicy, Payouts


class MoneyProviders(Shared):
    """Balances, the ledger check and withdrawals."""

    payout_policy = providers.Singleton(
        PayoutPolicy, min_withdrawal=Shared.settings.provided.money.min_withdrawal
    )
    # A small value per call, so a test's clock override is always seen.
    payouts = providers.Factory(
        Payouts, Shared.uow_factory, Shared.clock, Shared.ids, payout_policy
    )


__all__ = ["MoneyProviders"]
