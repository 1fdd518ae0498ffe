"""Money as whole units of a currency, never float.

For IDR the unit is the whole rupiah (Midtrans takes an integer ``gross_amount``). Rates are
``Decimal``. Rounding happens only where a function says so, always ROUND_HALF_UP, and every split
conserves the whole: the parts add up exactly to what was split.

>>> price = Money(500_000)
>>> price * 3
Money(amount=1500000, currency='IDR')
>>> price.percent(Decimal("0.05"))
Money(amount=25000, currency='IDR')
>>> [m.amount for m in Money(100).allocate([1, 1, 1])]
[34, 33, 33]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from bigauto.domain.shared.errors import CurrencyMismatch, MoneyError

#: Largest magnitude an amount may have: a thousand trillion rupiah. Anything beyond is a bug
#: or an attack, and is an error rather than a silent wrap in some database column.
MAX_AMOUNT = 10**15
DEFAULT_CURRENCY = "IDR"


def _check_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise MoneyError(
            f"an amount is a whole number of units, not {type(amount).__name__}",
            details={"amount": repr(amount)},
        )
    if not -MAX_AMOUNT <= amount <= MAX_AMOUNT:
        raise MoneyError(
            f"amount {amount} is outside the allowed range ±{MAX_AMOUNT}",
            details={"amount": amount, "max": MAX_AMOUNT},
        )
    return amount


def _check_currency(currency: str) -> str:
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise MoneyError(f"currency must be an ISO 4217 code such as IDR, not {currency!r}")
    return currency


def to_rate(value: Decimal | str | int) -> Decimal:
    """A rate such as ``"0.05"`` as a Decimal; floats are refused because they are inexact."""
    if isinstance(value, float):
        raise MoneyError("rates are Decimal or decimal strings, never float")
    try:
        rate = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise MoneyError(f"{value!r} is not a decimal rate") from None
    if not rate.is_finite():
        raise MoneyError(f"{value!r} is not a finite rate")
    return rate


def round_half_up(value: Decimal) -> int:
    """``value`` rounded to a whole unit, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@attrs.frozen(order=False)
class Money:
    """An amount of one currency, in whole units, bounded by ±``MAX_AMOUNT``."""

    amount: int = attrs.field(converter=_check_amount)
    currency: str = attrs.field(default=DEFAULT_CURRENCY, converter=_check_currency)

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(0, currency)

    @classmethod
    def sum(cls, items: Iterable[Money], currency: str = DEFAULT_CURRENCY) -> Money:
        """The sum of ``items``; zero of ``currency`` when there are none."""
        total = cls.zero(currency)
        for item in items:
            total = total + item
        return total

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(
                f"cannot combine {self.currency} with {other.currency}",
                details={"left": self.currency, "right": other.currency},
            )

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def _cmp(self, other: object) -> int:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other)
        return (self.amount > other.amount) - (self.amount < other.amount)

    def __lt__(self, other: Money) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Money) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Money) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Money) -> bool:
        return self._cmp(other) >= 0

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def percent(self, rate: Decimal | str | int) -> Money:
        """``self × rate`` rounded half up to a whole unit (e.g. a 5% commission)."""
        return Money(round_half_up(Decimal(self.amount) * to_rate(rate)), self.currency)

    def allocate(self, ratios: Sequence[int | Decimal]) -> list[Money]:
        """Split into parts proportional to ``ratios`` that add up exactly to ``self``.

        Each part is first rounded down; the units left over go one each to the parts with the
        largest remainders (earliest first on ties), which is ROUND_HALF_UP-fair and conserving.
        """
        if not ratios:
            raise MoneyError("cannot allocate over no ratios")
        weights = [Decimal(r) for r in ratios]
        if any(w < 0 for w in weights) or sum(weights) == 0:
            raise MoneyError("allocation ratios must be non-negative and not all zero")
        total = sum(weights)
        sign = -1 if self.amount < 0 else 1
        whole = abs(self.amount)
        exact = [Decimal(whole) * w / total for w in weights]
        floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
        leftover = whole - sum(floors)
        order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
        for i in order[:leftover]:
            floors[i] += 1
        return [Money(sign * f, self.currency) for f in floors]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,}"


__all__ = ["DEFAULT_CURRENCY", "MAX_AMOUNT", "Money", "round_half_up", "to_rate"]
