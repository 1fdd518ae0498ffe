"""Rental quotes: the cheapest cover, surcharges, options, promo codes and the deposit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

from bigauto.domain.catalogue.errors import InvalidPromoCode
from bigauto.domain.catalogue.pricing import (
    WEEKEND,
    OptionCharge,
    PriceRule,
    RatePlan,
    RentalOption,
    quote_rental,
)
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.shared.errors import (
    CurrencyMismatch,
    InvalidPeriod,
    MoneyError,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money

MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 2, 1, tzinfo=UTC)
PLAN = RatePlan(Money(500_000), weekly=Money(3_000_000), monthly=Money(10_000_000))
DRIVER = RentalOption("WITH_DRIVER", "Driver", Money(300_000))
DELIVERY = RentalOption("DELIVERY", "Delivery to your door", Money(150_000), OptionCharge.FLAT)
WEEKEND_20 = PriceRule("WEEKEND", "Weekend surcharge", weekdays=WEEKEND, percent=Decimal("0.20"))


def days_from_monday(days: int) -> tuple[date, date]:
    return MONDAY, MONDAY + timedelta(days=days)


def codes(plan: RatePlan, days: int) -> dict[str, int]:
    quote = quote_rental(plan, *days_from_monday(days))
    return {line.code: line.quantity for line in quote.lines}


def test_ten_days_cost_a_week_and_three_days() -> None:
    """10 days at 500k/3M/10M cost one week plus three days: 4,500,000."""
    quote = quote_rental(PLAN, *days_from_monday(10))
    assert codes(PLAN, 10) == {"WEEKLY": 1, "DAILY": 3}
    assert quote.subtotal == Money(3_000_000 + 3 * 500_000)


def test_a_month_covers_27_days_when_cheaper() -> None:
    """27 days take one month (10M), cheaper than 3 weeks and 6 days (12M); it over-covers."""
    quote = quote_rental(PLAN, *days_from_monday(27))
    assert codes(PLAN, 27) == {"MONTHLY": 1}
    assert quote.subtotal == Money(10_000_000)
    assert quote.covered_days == 30
    assert "cover 30 days" in quote.explain()


def test_a_week_covers_six_days_when_cheaper() -> None:
    """With a weekly rate of 2M, 6 days cost one week rather than 3M in days."""
    plan = attrs.evolve(PLAN, weekly=Money(2_000_000))
    assert codes(plan, 6) == {"WEEKLY": 1}


def test_a_weekly_rate_dearer_than_seven_days_is_ignored() -> None:
    """A weekly rate above 7 x daily never wins: 14 days are priced as 14 days."""
    plan = RatePlan(Money(100), weekly=Money(800))
    assert codes(plan, 14) == {"DAILY": 14}


def test_plan_without_longer_rates_prices_by_the_day() -> None:
    """With only a daily rate, n days cost n x daily."""
    quote = quote_rental(RatePlan(Money(250_000)), *days_from_monday(45))
    assert quote.subtotal == Money(45 * 250_000)


def test_weekend_surcharge_applies_to_rented_weekend_days_only() -> None:
    """A Monday-to-Monday week has one Saturday and one Sunday; the end day is not rented."""
    plan = attrs.evolve(PLAN, rules=[WEEKEND_20])
    line = quote_rental(plan, MONDAY, MONDAY + timedelta(days=7)).line("WEEKEND")
    assert line is not None
    assert (line.quantity, line.unit_price) == (2, Money(100_000))
    no_weekend = quote_rental(plan, MONDAY, MONDAY + timedelta(days=5))
    assert no_weekend.line("WEEKEND") is None


def test_holiday_dates_and_weekdays_of_one_rule_count_a_day_once() -> None:
    """A holiday falling on a weekend day matched by the same rule is surcharged once."""
    saturday = MONDAY + timedelta(days=5)
    rule = PriceRule("PEAK", "Peak", weekdays=WEEKEND, dates=[saturday], per_day=Money(50_000))
    quote = quote_rental(attrs.evolve(PLAN, rules=[rule]), MONDAY, MONDAY + timedelta(days=7))
    line = quote.line("PEAK")
    assert line is not None and line.quantity == 2


def test_rules_stack_on_a_day_both_match() -> None:
    """A holiday on a Saturday pays the weekend and the holiday surcharge."""
    saturday = MONDAY + timedelta(days=5)
    holiday = PriceRule("NYEPI", "Nyepi", dates=[saturday], per_day=Money(75_000))
    plan = attrs.evolve(PLAN, rules=[WEEKEND_20, holiday])
    quote = quote_rental(plan, saturday, saturday + timedelta(days=1))
    assert quote.subtotal == Money(500_000 + 100_000 + 75_000)


def test_options_are_charged_per_day_or_once() -> None:
    """A driver is charged for each day, delivery once, in the plan's order."""
    plan = attrs.evolve(PLAN, options=[DRIVER, DELIVERY])
    quote = quote_rental(plan, *days_from_monday(3), options=["DELIVERY", "WITH_DRIVER"])
    assert [(line.code, line.quantity) for line in quote.lines[1:]] == [
        ("WITH_DRIVER", 3),
        ("DELIVERY", 1),
    ]
    assert quote.subtotal == Money(3 * 500_000 + 3 * 300_000 + 150_000)


def test_an_unknown_option_names_the_available_ones() -> None:
    """Asking for an option the plan lacks fails with the code and the choices."""
    plan = attrs.evolve(PLAN, options=[DRIVER, DELIVERY])
    with pytest.raises(ValidationFailed, match=r"'SUNROOF'.*WITH_DRIVER, DELIVERY") as error:
        quote_rental(plan, *days_from_monday(2), options=["SUNROOF"])
    assert error.value.details["available"] == ["WITH_DRIVER", "DELIVERY"]


def test_a_promo_discounts_the_whole_subtotal_and_not_the_deposit() -> None:
    """10% off 3 days plus delivery; the deposit is added after and is not revenue."""
    plan = attrs.evolve(PLAN, options=[DELIVERY], deposit=Money(1_000_000))
    promo = PromoCode.percent("HEMAT10", "0.10", expires_at=NOW + timedelta(days=30))
    quote = quote_rental(plan, *days_from_monday(3), ["DELIVERY"], promo, at=NOW)
    subtotal = 3 * 500_000 + 150_000
    assert quote.discount == Money(subtotal // 10)
    assert quote.total == Money(subtotal - subtotal // 10 + 1_000_000)
    assert quote.revenue == Money(subtotal - subtotal // 10)
    assert quote.promo_code == "HEMAT10"


def test_a_promo_needs_the_instant_to_check_expiry() -> None:
    """Without at= a promo cannot be judged, so the quote is refused."""
    promo = PromoCode.percent("HEMAT10", "0.10", expires_at=NOW)
    with pytest.raises(ValidationFailed, match="at="):
        quote_rental(PLAN, *days_from_monday(3), promo=promo)


def test_a_promo_that_does_not_apply_refuses_the_quote() -> None:
    """An expired code is an InvalidPromoCode, not a silent full price."""
    promo = PromoCode.percent("HEMAT10", "0.10", expires_at=NOW)
    with pytest.raises(InvalidPromoCode, match="expired"):
        quote_rental(PLAN, *days_from_monday(3), promo=promo, at=NOW)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (MONDAY, MONDAY, "must be after"),
        (MONDAY, MONDAY - timedelta(days=1), "must be after"),
        (MONDAY, MONDAY + timedelta(days=366), "at most 365 days"),
    ],
)
def test_empty_reversed_or_overlong_periods_are_refused(
    start: date, end: date, message: str
) -> None:
    """A rental lasts 1 to 365 days with an exclusive end date."""
    with pytest.raises(InvalidPeriod, match=message):
        quote_rental(PLAN, start, end)


def test_a_year_is_quotable() -> None:
    """365 days is the longest rental: 12 months and 5 days beat 12 months and a week."""
    assert codes(PLAN, 365) == {"MONTHLY": 12, "DAILY": 5}


def test_a_start_in_the_past_is_refused_when_today_is_given() -> None:
    """With today=, a rental cannot start yesterday; starting today is fine."""
    with pytest.raises(InvalidPeriod, match="in the past"):
        quote_rental(PLAN, *days_from_monday(2), today=MONDAY + timedelta(days=1))
    assert quote_rental(PLAN, *days_from_monday(2), today=MONDAY).days == 2


def test_explain_lists_every_line_and_the_totals() -> None:
    """The explanation names each line code, the deposit and the total."""
    plan = attrs.evolve(PLAN, rules=[WEEKEND_20], options=[DRIVER], deposit=Money(2_000_000))
    text = quote_rental(plan, *days_from_monday(10), ["WITH_DRIVER"]).explain()
    for word in ("WEEKLY", "DAILY", "WEEKEND", "WITH_DRIVER", "Deposit", "not revenue", "Total"):
        assert word in text


def test_a_quote_whose_figures_do_not_add_up_is_refused() -> None:
    """A tampered snapshot (total off by one) cannot be rebuilt into a Quote."""
    quote = quote_rental(PLAN, *days_from_monday(3))
    with pytest.raises(ValidationFailed, match="inconsistent quote"):
        attrs.evolve(quote, total=quote.total + Money(1))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"daily": Money(0)}, MoneyError, "daily rate must be positive"),
        ({"weekly": Money(0)}, MoneyError, "weekly rate"),
        ({"monthly": Money(-1)}, MoneyError, "monthly rate"),
        ({"deposit": Money(-1)}, MoneyError, "deposit"),
        ({"weekly": Money(5, "USD")}, CurrencyMismatch, "IDR with USD"),
        ({"options": [DRIVER, DRIVER]}, ValidationFailed, "repeated: WITH_DRIVER"),
    ],
)
def test_invalid_rate_plans_are_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    """A plan with a non-positive rate, a negative deposit or clashing codes is refused."""
    with pytest.raises(error, match=message):
        attrs.evolve(PLAN, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "matches no day"),
        ({"weekdays": [7], "percent": Decimal("0.1")}, "0 \\(Monday\\) to 6"),
        ({"weekdays": [5]}, "exactly one of"),
        ({"weekdays": [5], "percent": Decimal("0.1"), "per_day": Money(1)}, "exactly one of"),
        ({"weekdays": [5], "percent": Decimal("-0.1")}, "positive Decimal"),
        ({"weekdays": [5], "per_day": Money(0)}, "per_day must be positive"),
        ({"dates": [datetime(2026, 1, 1)], "per_day": Money(1)}, "dates must be dates"),
    ],
)
def test_invalid_price_rules_are_refused(kwargs: dict[str, Any], message: str) -> None:
    """A rule matching no day, or priced both ways or neither, is refused."""
    with pytest.raises(ValidationFailed, match=message):
        PriceRule("RULE", "A rule", **kwargs)


def test_codes_reserved_for_quote_lines_are_refused() -> None:
    """An option may not be called DAILY (in any case): lines are found by code."""
    with pytest.raises(ValidationFailed, match="reserved"):
        RentalOption("daily", "Daily", Money(1))
