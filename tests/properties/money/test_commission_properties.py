"""Commission properties: every split conserves and matches its rate to the rupiah."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import (
    MAX_COMMISSION_RATE,
    CommissionPolicy,
    split,
    split_at_rate,
)
from bigauto.domain.shared.money import MAX_AMOUNT, Money

grosses = st.integers(min_value=0, max_value=MAX_AMOUNT).map(Money)
rates = st.decimals(min_value=Decimal(0), max_value=MAX_COMMISSION_RATE, places=4, allow_nan=False)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
categories = st.sampled_from(list(Category)) | st.none()
policies = st.lists(st.tuples(rates, moments, categories), max_size=6).map(
    lambda entries: _policy(entries)
)


def _policy(entries: list[tuple[Decimal, datetime, Category | None]]) -> CommissionPolicy:
    policy = CommissionPolicy()
    for rate, start, category in entries:
        policy = policy.with_rate(rate, start, category)
    return policy


@given(grosses, rates)
def test_commission_and_payout_add_up_to_the_gross(gross: Money, rate: Decimal) -> None:
    """For every gross and rate, payout + commission == gross exactly."""
    result = split_at_rate(gross, rate)
    assert result.commission + result.payout == gross


@given(grosses, rates)
def test_commission_matches_the_rate_to_the_rupiah(gross: Money, rate: Decimal) -> None:
    """The commission is within half a rupiah of gross * rate, and never negative."""
    result = split_at_rate(gross, rate)
    assert abs(Decimal(result.commission.amount) - Decimal(gross.amount) * rate) <= Decimal("0.5")
    assert not result.commission.is_negative and not result.payout.is_negative


@given(policies, moments, st.sampled_from(list(Category)), grosses)
def test_split_uses_a_rate_the_policy_has_in_force(
    policy: CommissionPolicy, at: datetime, category: Category, gross: Money
) -> None:
    """split() applies the policy's rate_at, and that rate is one that was set (or the default)."""
    result = split(gross, policy, at, category)
    assert result.rate == policy.rate_at(at, category)
    assert result.rate in {r.rate for r in policy.rates} | {policy.default_rate}


@given(policies, moments, st.sampled_from(list(Category)))
def test_the_rate_in_force_started_no_later_than_the_moment(
    policy: CommissionPolicy, at: datetime, category: Category
) -> None:
    """The applying rate started at or before the moment and is general or of the category."""
    entry = policy.rate_in_force(at, category)
    if entry is None:
        assert all(
            r.effective_from > at or r.category not in (None, category) for r in policy.rates
        )
    else:
        assert entry.effective_from <= at
        assert entry.category in (None, category)


@given(policies, moments, st.sampled_from(list(Category)), rates, st.booleans())
def test_a_new_rate_starting_now_takes_over(
    policy: CommissionPolicy, at: datetime, category: Category, rate: Decimal, specific: bool
) -> None:
    """A rate set to start now applies now, unless it is general and a category rate is in force."""
    newer = policy.with_rate(rate, at, category if specific else None)
    in_force = policy.rate_in_force(at, category)
    if specific or in_force is None or in_force.category is None:
        assert newer.rate_at(at, category) == rate
    else:
        assert newer.rate_at(at, category) == in_force.rate
