"""Rules every rental quote obeys, whatever the plan, period, options and promo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import product

import attrs
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.catalogue.pricing import RatePlan, cheapest_cover, quote_rental
from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.shared.money import Money, round_half_up
from bigauto.domain.shared.periods import DatePeriod
from bigauto.testing.strategies import promo_codes, rate_plans, rental_periods

NOW = datetime(2025, 12, 1, tzinfo=UTC)


def option_codes(plan: RatePlan) -> st.SearchStrategy[list[str]]:
    return (
        st.lists(st.sampled_from([o.code for o in plan.options]), unique=True)
        if (plan.options)
        else st.just([])
    )


def brute_force_cover(days: int, daily: int, weekly: int | None, monthly: int | None) -> int:
    """The cheapest cover by trying every count of months and weeks that could matter."""
    months = range(days // 30 + 2) if monthly is not None else [0]
    weeks = range(days // 7 + 2) if weekly is not None else [0]
    return min(
        m * (monthly or 0) + w * (weekly or 0) + max(0, days - 30 * m - 7 * w) * daily
        for m, w in product(months, weeks)
    )


@given(
    st.integers(1, 365),
    st.integers(1, 10**6),
    st.none() | st.integers(1, 10**7),
    st.none() | st.integers(1, 4 * 10**7),
)
def test_base_price_is_the_cheapest_cover(
    days: int, daily: int, weekly: int | None, monthly: int | None
) -> None:
    """The closed form agrees with trying every combination, and its units do cover the days."""
    months, weeks, odd_days, cost = cheapest_cover(days, daily, weekly, monthly)
    assert cost == brute_force_cover(days, daily, weekly, monthly)
    assert 30 * months + 7 * weeks + odd_days >= days
    assert cost == months * (monthly or 0) + weeks * (weekly or 0) + odd_days * daily


@given(
    rate_plans(),
    rental_periods(max_days=364),
    st.integers(1, 60),
    st.none() | promo_codes(valid_at=NOW, max_min_days=1),
)
def test_a_longer_rental_never_costs_less(
    plan: RatePlan, period: DatePeriod, more: int, promo: PromoCode | None
) -> None:
    """Extending a rental never lowers its base price, nor (surcharges and options being
    non-negative) its subtotal, nor with the same promo its revenue: the longer period
    contains every rented day of the shorter, and subtotal - discount never falls as the
    subtotal grows."""
    end = min(period.end + timedelta(days=more), period.start + timedelta(days=365))
    chosen = [o.code for o in plan.options]
    short = quote_rental(plan, period.start, period.end, chosen, promo, at=NOW)
    long = quote_rental(plan, period.start, end, chosen, promo, at=NOW)
    assert short.base <= long.base
    assert short.subtotal <= long.subtotal
    assert short.revenue <= long.revenue
    assert short.total <= long.total


@given(rate_plans(), st.integers(1, 364), rental_periods(), rental_periods())
def test_base_price_depends_on_length_only_and_grows_with_it(
    plan: RatePlan, days: int, a: DatePeriod, b: DatePeriod
) -> None:
    """Two periods of n and n+1 days anywhere in the calendar: the longer's base is not less."""
    short = quote_rental(plan, a.start, a.start + timedelta(days=days))
    long = quote_rental(plan, b.start, b.start + timedelta(days=days + 1))
    assert short.base <= long.base


@given(rate_plans(), rental_periods())
def test_base_price_never_exceeds_days_times_daily(plan: RatePlan, period: DatePeriod) -> None:
    """Longer units are used only when cheaper, so the base is at most days x daily."""
    quote = quote_rental(plan, period.start, period.end)
    assert quote.base <= plan.daily * period.days
    assert quote.covered_days >= quote.days


@given(st.data(), rate_plans(), rental_periods(max_days=120))
def test_quote_figures_add_up(data: st.DataObject, plan: RatePlan, period: DatePeriod) -> None:
    """Lines add up to the subtotal; total = subtotal - discount + deposit; each line is
    quantity x unit price."""
    promo = data.draw(st.none() | promo_codes(plan.currency, valid_at=NOW, max_min_days=1))
    chosen = data.draw(option_codes(plan))
    quote = quote_rental(plan, period.start, period.end, chosen, promo, at=NOW)
    assert Money.sum((line.amount for line in quote.lines), plan.currency) == quote.subtotal
    assert quote.total == quote.subtotal - quote.discount + quote.deposit
    assert all(line.amount == line.unit_price * line.quantity for line in quote.lines)
    assert Money.zero(plan.currency) <= quote.discount <= quote.subtotal


@given(st.data(), rate_plans(), rental_periods(max_days=120))
def test_quotes_are_deterministic_and_ignore_option_order(
    data: st.DataObject, plan: RatePlan, period: DatePeriod
) -> None:
    """The same request gives the same quote, in whatever order the options are named."""
    chosen = data.draw(option_codes(plan))
    first = quote_rental(plan, period.start, period.end, chosen)
    again = quote_rental(plan, period.start, period.end, list(reversed(chosen)))
    assert first == again


@given(rate_plans(), rental_periods(max_days=120), st.integers(0, 10**9))
def test_the_deposit_is_never_revenue(plan: RatePlan, period: DatePeriod, deposit: int) -> None:
    """Changing the deposit changes the total by exactly as much and the revenue not at all."""
    before = quote_rental(plan, period.start, period.end)
    after = quote_rental(attrs.evolve(plan, deposit=Money(deposit)), period.start, period.end)
    assert after.revenue == before.revenue == after.total - after.deposit
    assert after.total - before.total == after.deposit - before.deposit


@given(rate_plans(), rental_periods(max_days=120), promo_codes(valid_at=NOW, max_min_days=1))
def test_a_promo_takes_its_rounded_share_or_fixed_amount(
    plan: RatePlan, period: DatePeriod, promo: PromoCode
) -> None:
    """Percent: round_half_up(subtotal x rate); fixed: the amount, capped at the subtotal."""
    quote = quote_rental(plan, period.start, period.end, promo=promo, at=NOW)
    if promo.kind is PromoKind.PERCENT:
        assert isinstance(promo.value, Decimal)
        expected = round_half_up(Decimal(quote.subtotal.amount) * promo.value)
        assert quote.discount == Money(expected)
    else:
        assert isinstance(promo.value, Money)
        assert quote.discount == min(promo.value, quote.subtotal)


@given(rate_plans(max_options=0), rental_periods(max_days=120))
def test_surcharge_lines_count_the_rented_days_each_rule_matches(
    plan: RatePlan, period: DatePeriod
) -> None:
    """Each rule's quantity equals a day-by-day count over [start, end)."""
    quote = quote_rental(plan, period.start, period.end)
    for rule in plan.rules:
        matched = sum(
            1 for day in period.each_day() if day.weekday() in rule.weekdays or day in rule.dates
        )
        line = quote.line(rule.code)
        assert (line.quantity if line else 0) == matched
