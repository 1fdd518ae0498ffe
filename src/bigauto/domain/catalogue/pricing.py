"""Rental pricing: a vehicle's rate plan and the itemised quote it gives for a period.

The base price is the cheapest combination of months (30 days), weeks (7 days) and days that
*covers* the rental, so a unit longer than the rental is used when it is cheaper. Price rules add
surcharge lines for the rented days they match, chosen options add their lines, a promo code
discounts the whole subtotal (base, surcharges and options alike), and the refundable deposit is
added to what the customer pays but is never revenue.

>>> from datetime import date
>>> plan = RatePlan(Money(500_000), weekly=Money(3_000_000), monthly=Money(10_000_000))
>>> quote = quote_rental(plan, date(2026, 3, 2), date(2026, 3, 12))
>>> [(line.code, line.quantity, line.amount.amount) for line in quote.lines]
[('WEEKLY', 1, 3000000), ('DAILY', 3, 1500000)]
>>> quote_rental(plan, date(2026, 3, 1), date(2026, 3, 28)).subtotal  # a month covers 27 days
Money(amount=10000000, currency='IDR')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.quote import Quote, QuoteLine
from bigauto.domain.shared.errors import (
    CurrencyMismatch,
    InvalidPeriod,
    MoneyError,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money, round_half_up
from bigauto.domain.shared.periods import DatePeriod

MONTH_DAYS = 30
WEEK_DAYS = 7
#: Weekday numbers as ``date.weekday()`` gives them: Saturday and Sunday.
WEEKEND = frozenset({5, 6})
#: Line codes the quote itself uses; rules and options may not take them.
RESERVED_CODES = frozenset({"MONTHLY", "WEEKLY", "DAILY", "DISCOUNT", "DEPOSIT"})

#: What an option or rule code is made of.
CODE_PATTERN = r"[A-Za-z0-9_-]{1,40}"
_CODE = re.compile(CODE_PATTERN)


def _check_code(code: str) -> str:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValidationFailed(
            f"a code is 1 to 40 letters, digits, '-' or '_', not {code!r}", details={"code": code}
        )
    if code.upper() in RESERVED_CODES:
        raise ValidationFailed(
            f"{code!r} is reserved for the quote's own lines", details={"code": code}
        )
    return code


def _weekdays(days: Iterable[int]) -> frozenset[int]:
    return frozenset(days)


def _dates(days: Iterable[date]) -> frozenset[date]:
    return frozenset(days)


class OptionCharge(enum.StrEnum):
    """How an option is charged: for every rented day, or once per rental."""

    PER_DAY = "per_day"
    FLAT = "flat"


@attrs.frozen
class RentalOption:
    """An extra the customer may choose, such as a driver (per day) or delivery (flat)."""

    code: str = attrs.field(converter=_check_code)
    description: str
    price: Money
    charge: OptionCharge = attrs.field(default=OptionCharge.PER_DAY, converter=OptionCharge)

    def __attrs_post_init__(self) -> None:
        if self.price.is_negative:
            raise MoneyError(
                f"option {self.code} has a negative price {self.price}",
                details={"code": self.code},
            )

    def quantity(self, days: int) -> int:
        return days if self.charge is OptionCharge.PER_DAY else 1


@attrs.frozen
class PriceRule:
    """A surcharge on the rented days that fall on ``weekdays`` (0 = Monday) or on ``dates``.

    The surcharge is either ``percent`` of the daily rate (a Decimal, ``0.20`` for 20%, rounded
    half up once to a per-day amount) or a fixed ``per_day`` Money, never both. Rules stack: a
    day that two rules match pays both surcharges; a day matched twice by one rule pays once.
    """

    code: str = attrs.field(converter=_check_code)
    description: str
    weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekdays)
    dates: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)
    percent: Decimal | None = None
    per_day: Money | None = None

    def __attrs_post_init__(self) -> None:
        details = {"code": self.code}
        if not self.weekdays and not self.dates:
            raise ValidationFailed(
                f"price rule {self.code} matches no day: give weekdays or dates", details=details
            )
        if not self.weekdays <= set(range(7)):
            raise ValidationFailed(
                f"price rule {self.code}: weekdays are 0 (Monday) to 6 (Sunday), "
                f"not {sorted(self.weekdays)}",
                details=details,
            )
        if any(isinstance(d, datetime) or not isinstance(d, date) for d in self.dates):
            raise ValidationFailed(f"price rule {self.code}: dates must be dates", details=details)
        if (self.percent is None) == (self.per_day is None):
            raise ValidationFailed(
                f"price rule {self.code} needs exactly one of percent or per_day", details=details
            )
        if self.percent is not None and (
            not isinstance(self.percent, Decimal)
            or not self.percent.is_finite()
            or self.percent <= 0
        ):
            raise ValidationFailed(
                f"price rule {self.code}: percent is a positive Decimal such as 0.20, "
                f"not {self.percent!r}",
                details=details,
            )
        if self.per_day is not None and self.per_day.amount <= 0:
            raise MoneyError(
                f"price rule {self.code}: per_day must be positive, not {self.per_day}",
                details=details,
            )

    def unit_price(self, daily: Money) -> Money:
        """The surcharge for one matching day of a plan with this ``daily`` rate."""
        if self.per_day is not None:
            return self.per_day
        assert self.percent is not None  # one of the two is set, checked on construction
        return Money(round_half_up(Decimal(daily.amount) * self.percent), daily.currency)

    def matching_days(self, period: DatePeriod) -> int:
        """How many days of ``period`` this rule matches (closed form, no walk over the days)."""
        weeks, rest = divmod(period.days, WEEK_DAYS)
        first = period.start.weekday()
        count = weeks * len(self.weekdays)
        count += sum(1 for i in range(rest) if (first + i) % WEEK_DAYS in self.weekdays)
        count += sum(
            1 for d in self.dates if period.contains(d) and d.weekday() not in self.weekdays
        )
        return count


def _rules(rules: Iterable[PriceRule]) -> tuple[PriceRule, ...]:
    return tuple(rules)


def _options(options: Iterable[RentalOption]) -> tuple[RentalOption, ...]:
    return tuple(options)


def cheapest_cover(
    days: int, daily: int, weekly: int | None = None, monthly: int | None = None
) -> tuple[int, int, int, int]:
    """``(months, weeks, days, cost)``: the cheapest combination covering at least ``days``.

    Exact, and cheap enough for every quote: for a fixed number of months the cost of weeks
    plus days is convex in the number of weeks, so its minimum is at no weeks or next to
    ``rest / 7``. On a tie the fewest months, then the fewest weeks, win.
    """
    best = (0, 0, days, days * daily)
    max_months = 0 if monthly is None else -(-days // MONTH_DAYS)
    use_weeks = weekly is not None and weekly < WEEK_DAYS * daily
    for months in range(max_months + 1):
        rest = max(0, days - months * MONTH_DAYS)
        head = months * monthly if monthly is not None else 0
        candidates = [(0, rest)]
        if use_weeks:
            full, left = divmod(rest, WEEK_DAYS)
            candidates = [(full, left), (full + 1, 0)] if left else [(full, 0)]
        for weeks, odd_days in candidates:
            cost = head + weeks * (weekly or 0) + odd_days * daily
            if cost < best[3]:
                best = (months, weeks, odd_days, cost)
    return best


@attrs.frozen
class RatePlan:
    """A vehicle's rental prices: rates, surcharge rules, options and a refundable deposit.

    ``weekly`` prices 7 days and ``monthly`` 30; both are optional. Every amount is in the
    daily rate's currency.
    """

    daily: Money
    weekly: Money | None = None
    monthly: Money | None = None
    deposit: Money = attrs.field(
        default=attrs.Factory(lambda self: Money.zero(self.daily.currency), takes_self=True)
    )
    rules: tuple[PriceRule, ...] = attrs.field(default=(), converter=_rules)
    options: tuple[RentalOption, ...] = attrs.field(default=(), converter=_options)

    def __attrs_post_init__(self) -> None:
        if self.daily.amount <= 0:
            raise MoneyError(f"the daily rate must be positive, not {self.daily}")
        for name, rate in (("weekly", self.weekly), ("monthly", self.monthly)):
            if rate is not None and rate.amount <= 0:
                raise MoneyError(f"the {name} rate must be positive when given, not {rate}")
        if self.deposit.is_negative:
            raise MoneyError(f"the deposit cannot be negative, not {self.deposit}")
        amounts = [self.weekly, self.monthly, self.deposit]
        amounts += [rule.per_day for rule in self.rules] + [o.price for o in self.options]
        for amount in amounts:
            if amount is not None and amount.currency != self.daily.currency:
                raise CurrencyMismatch(
                    f"a rate plan is in one currency: cannot combine {self.daily.currency} "
                    f"with {amount.currency}",
                    details={"left": self.daily.currency, "right": amount.currency},
                )
        codes = [rule.code for rule in self.rules] + [option.code for option in self.options]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValidationFailed(
                f"rule and option codes must be unique; repeated: {', '.join(repeated)}",
                details={"codes": repeated},
            )

    @property
    def currency(self) -> str:
        return self.daily.currency

    def option(self, code: str) -> RentalOption:
        """The option called ``code``; ValidationFailed naming the available codes otherwise."""
        for option in self.options:
            if option.code == code:
                return option
        available = [option.code for option in self.options]
        raise ValidationFailed(
            f"unknown option {code!r}; available: {', '.join(available) or 'none'}",
            details={"option": code, "available": available},
        )

    def base_lines(self, days: int) -> list[QuoteLine]:
        """The MONTHLY, WEEKLY and DAILY lines of the cheapest cover of ``days`` days."""
        months, weeks, odd_days, _ = cheapest_cover(
            days,
            self.daily.amount,
            None if self.weekly is None else self.weekly.amount,
            None if self.monthly is None else self.monthly.amount,
        )
        units = (
            ("MONTHLY", "Monthly rate (30 days)", months, self.monthly),
            ("WEEKLY", "Weekly rate (7 days)", weeks, self.weekly),
            ("DAILY", "Daily rate", odd_days, self.daily),
        )
        return [
            QuoteLine(code, text, n, rate, rate * n)
            for code, text, n, rate in units
            if n and rate is not None
        ]


def quote_rental(
    plan: RatePlan,
    start_date: date,
    end_date: date,
    options: Iterable[str] = (),
    promo: PromoCode | None = None,
    *,
    today: date | None = None,
    at: datetime | None = None,
) -> Quote:
    """The itemised quote for renting from ``start_date`` up to (not including) ``end_date``.

    ``options`` are option codes (each counted once, listed in the plan's order). ``today``,
    when given, refuses a start in the past. A ``promo`` is checked at instant ``at``, which it
    then requires: expiry cannot be judged without the time.
    """
    period = DatePeriod.for_rental(start_date, end_date)
    if today is not None and start_date < today:
        raise InvalidPeriod(
            f"start_date {start_date.isoformat()} is in the past (today is {today.isoformat()})",
            details={"start_date": start_date.isoformat(), "today": today.isoformat()},
        )
    days = period.days
    wanted = {options} if isinstance(options, str) else set(options)
    for code in sorted(wanted):
        plan.option(code)  # raises for an unknown code
    lines = plan.base_lines(days)
    for rule in plan.rules:
        matched = rule.matching_days(period)
        if matched:
            unit = rule.unit_price(plan.daily)
            lines.append(QuoteLine(rule.code, rule.description, matched, unit, unit * matched))
    for option in plan.options:
        if option.code in wanted:
            n = option.quantity(days)
            lines.append(
                QuoteLine(option.code, option.description, n, option.price, option.price * n)
            )
    currency = plan.currency
    subtotal = Money(sum(line.amount.amount for line in lines), currency)
    discount = Money.zero(currency)
    if promo is not None:
        if at is None:
            raise ValidationFailed(
                "a promo code needs the instant it is used at (at=...) to check its expiry"
            )
        promo.check(at=at, days=days)
        discount = promo.discount_on(subtotal)
    return Quote(
        period=period,
        days=days,
        lines=tuple(lines),
        subtotal=subtotal,
        discount=discount,
        deposit=plan.deposit,
        total=Money(subtotal.amount - discount.amount + plan.deposit.amount, currency),
        promo_code=None if promo is None else promo.code,
    )


__all__ = [
    "CODE_PATTERN",
    "MONTH_DAYS",
    "RESERVED_CODES",
    "WEEKEND",
    "WEEK_DAYS",
    "OptionCharge",
    "PriceRule",
    "Quote",
    "QuoteLine",
    "RatePlan",
    "RentalOption",
    "cheapest_cover",
    "quote_rental",
]
