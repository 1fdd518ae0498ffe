"""Money's settings: the platform's commission and the smallest payout."""

from __future__ import annotations

from decimal import Decimal

import attrs

from bigauto.domain.money.withdrawals import DEFAULT_MIN_WITHDRAWAL
from bigauto.services.shared.settings import setting


@attrs.frozen
class MoneySettings:
    """The default commission rate (snapshotted onto each booking) and the minimum withdrawal."""

    commission_rate: Decimal = setting(
        env="BIGAUTO_COMMISSION_RATE", default=Decimal("0.05"), low=0, high=Decimal("0.5")
    )
    #: Whole rupiah.
    min_withdrawal: int = setting(
        env="BIGAUTO_MIN_WITHDRAWAL", default=DEFAULT_MIN_WITHDRAWAL, low=1
    )


__all__ = ["MoneySettings"]
