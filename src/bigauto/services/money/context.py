"""What every money use case needs: the ports and the payout policy from the settings.

``Payouts`` bundles the unit-of-work factory, the clock, the id source and the ``PayoutPolicy``
(the smallest withdrawal and the currency balances and withdrawals are kept in). The
composition root builds it from the settings' money section; tests build it by hand with fakes.
(Not ``Money``: that is the domain's amount.)
"""

from __future__ import annotations

import attrs

from bigauto.domain.money.withdrawals import DEFAULT_MIN_WITHDRAWAL
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory


@attrs.frozen
class PayoutPolicy:
    """The settings the payout rules follow (defaults are the documented ones)."""

    #: In the currency's smallest unit in use (whole rupiah for IDR).
    min_withdrawal: int = DEFAULT_MIN_WITHDRAWAL
    currency: str = DEFAULT_CURRENCY

    def money(self, amount: int) -> Money:
        """``amount`` in the policy's currency."""
        return Money(amount, self.currency)

    @property
    def minimum(self) -> Money:
        """The least a seller may withdraw."""
        return self.money(self.min_withdrawal)


@attrs.frozen
class Payouts:
    """The ports and policy of the money use cases (balances, the ledger check, withdrawals)."""

    uow_factory: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    policy: PayoutPolicy = PayoutPolicy()

    def event_id(self) -> str:
        return self.ids.new_id()


__all__ = ["PayoutPolicy", "Payouts"]
