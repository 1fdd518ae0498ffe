"""Platform commission: effective-dated rates and the split of a gross amount.

The platform keeps ``commission = gross * rate`` rounded half up to the rupiah, and the seller
gets the rest, so ``payout + commission == gross`` always, to the unit. A policy holds every rate
that was ever set; the rate in force at a moment is the latest one whose ``effective_from`` is not
after it. A rate set for one category (rental or sale) beats a general rate in force at the same
moment, whichever of the two was set later: a category rate is a deliberate exception.

>>> from datetime import UTC, datetime
>>> at = datetime(2025, 1, 1, tzinfo=UTC)
>>> split(Money(333_333), CommissionPolicy(), at, Category.RENTAL)
CommissionSplit(gross=Money(amount=333333, currency='IDR'), rate=Decimal('0.05'), \
commission=Money(amount=16667, currency='IDR'), payout=Money(amount=316666, currency='IDR'))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.errors import MoneyError, ValidationFailed, one_of
from bigauto.domain.shared.money import Money, round_half_up, to_rate

DEFAULT_COMMISSION_RATE = Decimal("0.05")
MIN_COMMISSION_RATE = Decimal("0")
#: Above half of the gross the "commission" would be the main income of the deal, which is
#: certainly a typo (5 instead of 0.05) rather than a policy.
MAX_COMMISSION_RATE = Decimal("0.50")


def commission_rate(value: Decimal | str | int) -> Decimal:
    """``value`` as a commission rate: a finite Decimal within 0-50%, else ValidationFailed."""
    try:
        rate = to_rate(value)
    except MoneyError as error:
        raise ValidationFailed(error.message, details={"rate": repr(value)}) from None
    if not MIN_COMMISSION_RATE <= rate <= MAX_COMMISSION_RATE:
        raise ValidationFailed(
            f"a commission rate must be between {MIN_COMMISSION_RATE} and {MAX_COMMISSION_RATE},"
            f" not {rate}",
            details={
                "rate": str(rate),
                "min": str(MIN_COMMISSION_RATE),
                "max": str(MAX_COMMISSION_RATE),
            },
        )
    return rate


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationFailed(f"{what} must be timezone-aware", details={what: moment.isoformat()})
    return moment


def _category(value: Category | str | None) -> Category | None:
    if value is None:
        return None
    return one_of(Category, value, f"{value!r} is not a category", category=str(value))


def _effective_from(value: datetime) -> datetime:
    return _aware(value, "effective_from")


@attrs.frozen
class CommissionRate:
    """A commission rate in force from ``effective_from`` on, for one category or (None) all."""

    rate: Decimal = attrs.field(converter=commission_rate)
    effective_from: datetime = attrs.field(converter=_effective_from)
    category: Category | None = attrs.field(default=None, converter=_category)


def _rates(values: Iterable[CommissionRate]) -> tuple[CommissionRate, ...]:
    return tuple(values)


@attrs.frozen
class CommissionPolicy:
    """Every commission rate ever set, and ``default_rate`` for moments before any of them.

    Rates are kept in the order they were set; among rates of the same kind with the same
    ``effective_from`` the one set last wins, so correcting a mistake is just setting it again.
    """

    rates: tuple[CommissionRate, ...] = attrs.field(default=(), converter=_rates)
    default_rate: Decimal = attrs.field(default=DEFAULT_COMMISSION_RATE, converter=commission_rate)

    def with_rate(
        self,
        rate: Decimal | str | int,
        effective_from: datetime,
        category: Category | str | None = None,
    ) -> CommissionPolicy:
        """This policy with one more rate set (the policy itself is unchanged)."""
        added = CommissionRate(rate, effective_from, _category(category))
        return attrs.evolve(self, rates=(*self.rates, added))

    def rate_in_force(self, at: datetime, category: Category | str) -> CommissionRate | None:
        """The rate entry that applies at ``at`` for ``category``; None when the default applies."""
        _aware(at, "at")
        wanted = _category(category)
        best: dict[bool, CommissionRate] = {}
        for entry in self.rates:
            if entry.effective_from > at or entry.category not in (None, wanted):
                continue
            specific = entry.category is not None
            current = best.get(specific)
            # ``>=`` so a later-set entry with the same start replaces an earlier one.
            if current is None or entry.effective_from >= current.effective_from:
                best[specific] = entry
        return best.get(True) or best.get(False)

    def rate_at(self, at: datetime, category: Category | str) -> Decimal:
        """The commission rate for a ``category`` deal created at ``at``."""
        entry = self.rate_in_force(at, category)
        return self.default_rate if entry is None else entry.rate


@attrs.frozen
class CommissionSplit:
    """A gross amount split into the platform's commission and the seller's payout."""

    gross: Money
    rate: Decimal
    commission: Money
    payout: Money

    def __attrs_post_init__(self) -> None:
        # A split built by hand (e.g. loaded from storage) must still conserve.
        if self.commission + self.payout != self.gross:
            raise ValidationFailed(
                "commission and payout must add up to the gross amount",
                details={
                    "gross": self.gross.amount,
                    "commission": self.commission.amount,
                    "payout": self.payout.amount,
                },
            )


def split_at_rate(gross: Money, rate: Decimal | str | int) -> CommissionSplit:
    """Split ``gross`` at a given (e.g. snapshotted) ``rate``; commission rounds half up."""
    checked = commission_rate(rate)
    if gross.is_negative:
        raise ValidationFailed(
            "cannot take commission on a negative amount", details={"gross": gross.amount}
        )
    commission = Money(round_half_up(Decimal(gross.amount) * checked), gross.currency)
    return CommissionSplit(
        gross=gross, rate=checked, commission=commission, payout=gross - commission
    )


def split(
    gross: Money, policy: CommissionPolicy, at: datetime, category: Category | str
) -> CommissionSplit:
    """Split ``gross`` at the rate ``policy`` has in force at ``at`` for ``category``."""
    return split_at_rate(gross, policy.rate_at(at, category))


__all__ = [
    "DEFAULT_COMMISSION_RATE",
    "MAX_COMMISSION_RATE",
    "MIN_COMMISSION_RATE",
    "CommissionPolicy",
    "CommissionRate",
    "CommissionSplit",
    "commission_rate",
    "split",
    "split_at_rate",
]
