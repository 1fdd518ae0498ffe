"""An itemised rental quote: priced lines, subtotal, discount, deposit and total.

A quote is built by :func:`~.pricing.quote_rental`; it checks on construction that
its figures add up, so a quote restored from a booking's snapshot is as sound as a fresh one.
The refundable deposit is part of what the customer pays (``total``) but never of ``revenue``,
the amount commission applies to.
"""

from __future__ import annotations

import attrs

from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import DatePeriod

#: Codes of the base-price lines, longest unit first, with the days one unit covers.
BASE_UNITS = {"MONTHLY": 30, "WEEKLY": 7, "DAILY": 1}


def _broken(message: str) -> ValidationFailed:
    return ValidationFailed(f"inconsistent quote: {message}")


@attrs.frozen
class QuoteLine:
    """One priced line: ``amount == unit_price x quantity``, with a stable ``code``."""

    code: str
    description: str
    quantity: int
    unit_price: Money
    amount: Money

    def __attrs_post_init__(self) -> None:
        if self.quantity < 1:
            raise _broken(f"line {self.code} has quantity {self.quantity}")
        # Plain int arithmetic: a quote builds many lines, and Money objects are not free.
        if (
            self.unit_price.is_negative
            or self.amount.currency != self.unit_price.currency
            or self.amount.amount != self.unit_price.amount * self.quantity
        ):
            raise _broken(
                f"line {self.code}: {self.quantity} x {self.unit_price} is not {self.amount}"
            )

    def __str__(self) -> str:
        return (
            f"{self.code} {self.quantity} x {self.unit_price} = {self.amount}  {self.description}"
        )


@attrs.frozen
class Quote:
    """The price of one rental, itemised.

    ``lines`` add up to ``subtotal``; the promo ``discount`` (0 ≤ discount ≤ subtotal) comes off
    the whole subtotal; ``total = subtotal - discount + deposit`` is what the customer pays.
    """

    period: DatePeriod
    days: int
    lines: tuple[QuoteLine, ...]
    subtotal: Money
    discount: Money
    deposit: Money
    total: Money
    promo_code: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.days != self.period.days:
            raise _broken(f"{self.days} days for a period of {self.period.days}")
        currency = self.subtotal.currency
        figures = [line.amount for line in self.lines]
        figures += [self.discount, self.deposit, self.total]
        if any(money.currency != currency for money in figures):
            raise _broken(f"amounts in more than one currency (subtotal in {currency})")
        summed = sum(line.amount.amount for line in self.lines)
        if summed != self.subtotal.amount:
            raise _broken(f"lines add up to {summed}, not the subtotal {self.subtotal}")
        if not 0 <= self.discount.amount <= self.subtotal.amount:
            raise _broken(f"discount {self.discount} is outside 0..{self.subtotal}")
        if self.deposit.is_negative:
            raise _broken(f"negative deposit {self.deposit}")
        expected = self.subtotal.amount - self.discount.amount + self.deposit.amount
        if self.total.amount != expected:
            raise _broken(f"total {self.total} is not subtotal - discount + deposit")

    @property
    def revenue(self) -> Money:
        """What the rental earns, and commission applies to: subtotal - discount, no deposit."""
        return self.subtotal - self.discount

    @property
    def base(self) -> Money:
        """The base price: the MONTHLY, WEEKLY and DAILY lines, before surcharges and options."""
        amounts = (line.amount for line in self.lines if line.code in BASE_UNITS)
        return Money.sum(amounts, self.subtotal.currency)

    @property
    def covered_days(self) -> int:
        """Days the base lines pay for; more than ``days`` when a longer unit is cheaper."""
        return sum(
            BASE_UNITS[line.code] * line.quantity for line in self.lines if line.code in BASE_UNITS
        )

    def line(self, code: str) -> QuoteLine | None:
        """The line with ``code``, if the quote has one."""
        return next((line for line in self.lines if line.code == code), None)

    def explain(self) -> str:
        """A short, human-readable account of how the total was reached."""
        out = [
            f"{self.days}-day rental {self.period.start.isoformat()} to "
            f"{self.period.end.isoformat()} (end date exclusive)"
        ]
        out += [f"  {line}" for line in self.lines]
        if self.covered_days > self.days:
            out.append(
                f"  (the base lines cover {self.covered_days} days: cheaper than "
                f"pricing exactly {self.days})"
            )
        out.append(f"Subtotal {self.subtotal}")
        if self.promo_code is not None:
            out.append(f"Discount {self.promo_code} -{self.discount}")
        if not self.deposit.is_zero:
            out.append(f"Deposit {self.deposit} (refundable, not revenue)")
        out.append(f"Total {self.total}")
        return "\n".join(out)


__all__ = ["BASE_UNITS", "Quote", "QuoteLine"]
