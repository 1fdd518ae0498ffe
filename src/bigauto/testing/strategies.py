"""Hypothesis strategies for bigauto's values: money, rate plans, rental periods, promo codes.

For library users' own property tests as much as for ours. Every strategy only builds values the
domain accepts, and shrinks towards small, plain ones (low amounts, no rules, no options).

>>> from hypothesis import given
>>> from bigauto.domain.catalogue.pricing import quote_rental
>>> @given(rate_plans(), rental_periods(max_days=90))
... def test_quotes_add_up(plan, period):
...     quote = quote_rental(plan, period.start, period.end)
...     assert quote.total == quote.subtotal - quote.discount + quote.deposit
>>> test_quotes_add_up()
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from bigauto.domain.catalogue.pricing import OptionCharge, PriceRule, RatePlan, RentalOption
from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.shared.money import DEFAULT_CURRENCY, Money
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS, DatePeriod

#: Days periods and dated rules are drawn from, so that rules and periods meet often.
FIRST_DAY = date(2026, 1, 1)
LAST_DAY = date(2027, 12, 31)

_OPTION_CODES = ("WITH_DRIVER", "DELIVERY", "CHILD_SEAT", "INSURANCE", "FUEL")


def money(
    min_amount: int = 0, max_amount: int = 10**10, currency: str = DEFAULT_CURRENCY
) -> st.SearchStrategy[Money]:
    """Money of ``currency`` between the two amounts, inclusive."""
    return st.integers(min_amount, max_amount).map(lambda amount: Money(amount, currency))


def rates(
    min_rate: Decimal | str = "0.01", max_rate: Decimal | str = "1", places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Decimal rates such as ``0.1250`` in ``[min_rate, max_rate]``, with ``places`` decimals."""
    return st.decimals(
        Decimal(min_rate), Decimal(max_rate), places=places, allow_nan=False, allow_infinity=False
    )


def rental_periods(
    min_days: int = 1,
    max_days: int = MAX_RENTAL_DAYS,
    first_day: date = FIRST_DAY,
    last_day: date = LAST_DAY,
) -> st.SearchStrategy[DatePeriod]:
    """Valid rental periods of ``min_days`` to ``max_days`` days starting in the window."""
    return st.builds(
        lambda start, days: DatePeriod.for_rental(start, start + timedelta(days=days)),
        st.dates(first_day, last_day),
        st.integers(min_days, max_days),
    )


@st.composite
def price_rules(
    draw: st.DrawFn, code: str = "SURCHARGE", currency: str = DEFAULT_CURRENCY
) -> PriceRule:
    """A surcharge rule on some weekdays and/or dates, as a percent or a fixed amount per day."""
    weekdays = draw(st.frozensets(st.integers(0, 6), max_size=7))
    dates = draw(st.frozensets(st.dates(FIRST_DAY, LAST_DAY), min_size=0 if weekdays else 1))
    if draw(st.booleans()):
        return PriceRule(
            code, f"{code} surcharge", weekdays, dates, percent=draw(rates("0.01", "2"))
        )
    per_day = draw(money(1, 10**8, currency))
    return PriceRule(code, f"{code} surcharge", weekdays, dates, per_day=per_day)


def rental_options(
    code: str = "WITH_DRIVER", currency: str = DEFAULT_CURRENCY
) -> st.SearchStrategy[RentalOption]:
    """An option called ``code``, charged per day or flat."""
    return st.builds(
        RentalOption,
        st.just(code),
        st.just(code.replace("_", " ").capitalize()),
        money(0, 10**8, currency),
        st.sampled_from(OptionCharge),
    )


@st.composite
def rate_plans(
    draw: st.DrawFn,
    currency: str = DEFAULT_CURRENCY,
    max_daily: int = 10**9,
    max_rules: int = 3,
    max_options: int = 3,
) -> RatePlan:
    """Rate plans whose weekly and monthly rates fall either side of their break-even with
    the daily rate, so that both "use the longer unit" and "ignore it" cases come up."""
    daily = draw(st.integers(1, max_daily))
    weekly = draw(st.none() | st.integers(1, 9 * daily))
    monthly = draw(st.none() | st.integers(1, 40 * daily))
    n_rules = draw(st.integers(0, max_rules))
    rules = [draw(price_rules(f"RULE_{i}", currency)) for i in range(n_rules)]
    codes = draw(st.lists(st.sampled_from(_OPTION_CODES), unique=True, max_size=max_options))
    options = [draw(rental_options(code, currency)) for code in codes]
    return RatePlan(
        Money(daily, currency),
        weekly=None if weekly is None else Money(weekly, currency),
        monthly=None if monthly is None else Money(monthly, currency),
        deposit=draw(money(0, 10**9, currency)),
        rules=rules,
        options=options,
    )


@st.composite
def promo_codes(
    draw: st.DrawFn,
    currency: str = DEFAULT_CURRENCY,
    valid_at: datetime | None = None,
    max_min_days: int = 7,
) -> PromoCode:
    """Promo codes of either kind; with ``valid_at``, only codes unexpired and not used up
    then (they may still need a longer rental than ``min_days``)."""
    code = draw(st.from_regex(r"[A-Z0-9]{3,12}", fullmatch=True))
    kind = draw(st.sampled_from(PromoKind))
    value: Decimal | Money = (
        draw(rates("0.01", "1")) if kind is PromoKind.PERCENT else draw(money(1, 10**9, currency))
    )
    limit = draw(st.none() | st.integers(1, 1000))
    if valid_at is None:
        expires_at = draw(
            st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC))
        )
        used = draw(st.integers(0, limit if limit is not None else 1000))
    else:
        expires_at = valid_at + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=730)))
        used = draw(st.integers(0, limit - 1 if limit is not None else 1000))
    min_days = draw(st.integers(1, max_min_days))
    return PromoCode(code, kind, value, expires_at, limit, used, min_days)


__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "money",
    "price_rules",
    "promo_codes",
    "rate_plans",
    "rates",
    "rental_options",
    "rental_periods",
]
