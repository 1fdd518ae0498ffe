"""Commission: the rate in force and the split of a gross amount."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import (
    DEFAULT_COMMISSION_RATE,
    CommissionPolicy,
    CommissionRate,
    CommissionSplit,
    split,
    split_at_rate,
)
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money

JAN = datetime(2025, 1, 1, tzinfo=UTC)
FEB = datetime(2025, 2, 1, tzinfo=UTC)
MAR = datetime(2025, 3, 1, tzinfo=UTC)


def test_default_policy_charges_five_percent() -> None:
    """With no rate ever set, the policy charges the default 5%."""
    assert CommissionPolicy().rate_at(JAN, Category.RENTAL) == Decimal("0.05")
    assert Decimal("0.05") == DEFAULT_COMMISSION_RATE


def test_a_rate_applies_from_its_effective_date_on() -> None:
    """A rate is not in force before its effective date, and is from that instant on."""
    policy = CommissionPolicy().with_rate("0.10", FEB)
    assert policy.rate_at(FEB - timedelta(microseconds=1), Category.SALE) == Decimal("0.05")
    assert policy.rate_at(FEB, Category.SALE) == Decimal("0.10")
    assert policy.rate_at(MAR, Category.SALE) == Decimal("0.10")


def test_the_latest_rate_in_force_wins() -> None:
    """Of several rates already in force, the one with the latest effective date applies."""
    policy = CommissionPolicy().with_rate("0.07", MAR).with_rate("0.03", JAN)
    assert policy.rate_at(FEB, Category.RENTAL) == Decimal("0.03")
    assert policy.rate_at(MAR, Category.RENTAL) == Decimal("0.07")


def test_setting_a_rate_again_for_the_same_date_corrects_it() -> None:
    """Two rates with the same start: the one set last wins."""
    policy = CommissionPolicy().with_rate("0.30", JAN).with_rate("0.03", JAN)
    assert policy.rate_at(FEB, Category.RENTAL) == Decimal("0.03")


def test_a_category_rate_beats_a_general_rate() -> None:
    """A rate for one category beats a general rate, even one set with a later start."""
    policy = CommissionPolicy().with_rate("0.08", JAN, Category.SALE).with_rate("0.02", FEB)
    assert policy.rate_at(MAR, Category.SALE) == Decimal("0.08")
    assert policy.rate_at(MAR, Category.RENTAL) == Decimal("0.02")
    assert policy.rate_at(JAN, Category.RENTAL) == Decimal("0.05")


def test_a_category_rate_not_yet_in_force_does_not_apply() -> None:
    """A category rate starting later leaves the general rate in force until then."""
    policy = CommissionPolicy().with_rate("0.02", JAN).with_rate("0.08", MAR, "sale")
    assert policy.rate_at(FEB, Category.SALE) == Decimal("0.02")


@pytest.mark.parametrize("rate", ["-0.01", "0.5001", "5", "NaN", "abc"])
def test_rates_outside_zero_to_fifty_percent_are_refused(rate: str) -> None:
    """A rate below 0%, above 50% or not a number at all is a validation error."""
    with pytest.raises(ValidationFailed):
        CommissionRate(rate, JAN)  # type: ignore[arg-type]


def test_the_bounds_themselves_are_allowed() -> None:
    """0% and 50% are both valid rates."""
    assert CommissionRate("0", JAN).rate == 0  # type: ignore[arg-type]
    assert CommissionRate("0.5", JAN).rate == Decimal("0.5")  # type: ignore[arg-type]


def test_naive_datetimes_are_refused() -> None:
    """Effective dates and lookup moments must carry a timezone."""
    with pytest.raises(ValidationFailed):
        CommissionPolicy().with_rate("0.1", datetime(2025, 1, 1))
    with pytest.raises(ValidationFailed):
        CommissionPolicy().rate_at(datetime(2025, 1, 1), Category.SALE)


def test_split_rounds_commission_half_up_and_conserves() -> None:
    """5% of 10 rupiah is 0.5, which rounds up to 1; the seller gets the other 9."""
    result = split_at_rate(Money(10), "0.05")
    assert result.commission == Money(1)
    assert result.payout == Money(9)


def test_split_uses_the_rate_in_force() -> None:
    """split() takes its rate from the policy at the given moment and category."""
    policy = CommissionPolicy().with_rate("0.10", FEB, Category.RENTAL)
    result = split(Money(1_000_000), policy, MAR, Category.RENTAL)
    assert (result.rate, result.commission, result.payout) == (
        Decimal("0.10"),
        Money(100_000),
        Money(900_000),
    )


def test_negative_gross_cannot_be_split() -> None:
    """Commission is taken on money received, never on a negative amount."""
    with pytest.raises(ValidationFailed):
        split_at_rate(Money(-100), "0.05")


def test_a_split_that_does_not_conserve_cannot_be_built() -> None:
    """A hand-built split whose parts do not add up to the gross is refused."""
    with pytest.raises(ValidationFailed):
        CommissionSplit(Money(100), Decimal("0.05"), Money(5), Money(94))
