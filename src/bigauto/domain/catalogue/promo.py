"""Promo codes: a percent or fixed discount, limited in uses, time and minimum rental length.

A promo code is a value; redeeming it returns a new value with one more use. Whether it applies
is decided by :meth:`PromoCode.check` at an instant given by the caller (no clock here), and the
discount it gives on a subtotal by :meth:`PromoCode.discount_on`: a percent discount is rounded
ROUND_HALF_UP, and no discount is ever more than the subtotal.

>>> from datetime import datetime, timezone
>>> end = datetime(2030, 1, 1, tzinfo=timezone.utc)
>>> code = PromoCode.percent("hemat10", "0.10", expires_at=end)
>>> code.code, code.kind.value
('HEMAT10', 'percent')
>>> code.discount_on(Money(1_234_565))
Money(amount=123457, currency='IDR')
>>> PromoCode.fixed("POTONG", Money(50_000), expires_at=end).discount_on(Money(30_000))
Money(amount=30000, currency='IDR')
"""

from __future__ import annotations

import enum
import re
from datetime import datetime
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.errors import InvalidPromoCode
from bigauto.domain.shared.errors import MoneyError, ValidationFailed
from bigauto.domain.shared.money import Money, round_half_up, to_rate
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS

_CODE = re.compile(r"[A-Z0-9_-]{3,32}")


class PromoKind(enum.StrEnum):
    """How a promo code discounts: a share of the subtotal, or a fixed amount off it."""

    PERCENT = "percent"
    FIXED = "fixed"


def _normalise_code(code: str) -> str:
    # Customers type codes in any case; one canonical spelling keeps look-ups and uniqueness simple.
    normal = code.strip().upper()
    if not _CODE.fullmatch(normal):
        raise ValidationFailed(
            f"a promo code is 3 to 32 letters, digits, '-' or '_', not {code!r}",
            details={"code": code},
        )
    return normal


@attrs.frozen
class PromoCode:
    """A discount code: ``value`` is a Decimal rate in (0, 1] for percent, a Money for fixed.

    ``usage_limit`` of ``None`` means unlimited; ``expires_at`` is exclusive (the code no longer
    applies at that instant) and must be timezone-aware.
    """

    code: str = attrs.field(converter=_normalise_code)
    kind: PromoKind = attrs.field(converter=PromoKind)
    value: Decimal | Money
    expires_at: datetime
    usage_limit: int | None = None
    times_used: int = 0
    min_days: int = 1

    def __attrs_post_init__(self) -> None:
        if self.kind is PromoKind.PERCENT:
            if (
                not isinstance(self.value, Decimal)
                or not self.value.is_finite()
                or not 0 < self.value <= 1
            ):
                raise ValidationFailed(
                    f"a percent promo takes a Decimal rate in (0, 1] such as 0.10, "
                    f"not {self.value!r}",
                    details={"code": self.code, "value": str(self.value)},
                )
        elif not isinstance(self.value, Money) or self.value.amount <= 0:
            raise MoneyError(
                f"a fixed promo takes a positive Money amount, not {self.value!r}",
                details={"code": self.code, "value": str(self.value)},
            )
        if self.expires_at.tzinfo is None or self.expires_at.utcoffset() is None:
            raise ValidationFailed(
                "a promo code's expires_at must be timezone-aware", details={"code": self.code}
            )
        if self.usage_limit is not None and self.usage_limit < 1:
            raise ValidationFailed(
                f"usage_limit must be at least 1 (or None for unlimited), not {self.usage_limit}",
                details={"code": self.code, "usage_limit": self.usage_limit},
            )
        if self.times_used < 0 or (
            self.usage_limit is not None and self.times_used > self.usage_limit
        ):
            raise ValidationFailed(
                f"times_used {self.times_used} must be between 0 and the usage limit "
                f"{self.usage_limit}",
                details={"code": self.code, "times_used": self.times_used},
            )
        if not 1 <= self.min_days <= MAX_RENTAL_DAYS:
            raise ValidationFailed(
                f"min_days must be between 1 and {MAX_RENTAL_DAYS}, not {self.min_days}",
                details={"code": self.code, "min_days": self.min_days},
            )

    @classmethod
    def percent(
        cls,
        code: str,
        rate: Decimal | str,
        *,
        expires_at: datetime,
        usage_limit: int | None = None,
        times_used: int = 0,
        min_days: int = 1,
    ) -> PromoCode:
        """A code taking ``rate`` (e.g. ``"0.10"`` for 10%) off the subtotal."""
        return cls(
            code, PromoKind.PERCENT, to_rate(rate), expires_at, usage_limit, times_used, min_days
        )

    @classmethod
    def fixed(
        cls,
        code: str,
        amount: Money,
        *,
        expires_at: datetime,
        usage_limit: int | None = None,
        times_used: int = 0,
        min_days: int = 1,
    ) -> PromoCode:
        """A code taking ``amount`` off the subtotal (never more than the subtotal)."""
        return cls(code, PromoKind.FIXED, amount, expires_at, usage_limit, times_used, min_days)

    def _refuse(self, reason: str, message: str, **details: object) -> InvalidPromoCode:
        return InvalidPromoCode(
            f"promo code {self.code} {message}",
            details={"promo_code": self.code, "reason": reason, **details},
        )

    def check(self, *, at: datetime, days: int) -> None:
        """Raise InvalidPromoCode (``details["reason"]``: expired, used_up, too_short) unless
        this code applies at instant ``at`` to a rental of ``days`` days."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValidationFailed("a promo code is checked at a timezone-aware instant")
        if at >= self.expires_at:
            raise self._refuse(
                "expired",
                f"expired at {self.expires_at.isoformat()}",
                expires_at=self.expires_at.isoformat(),
            )
        if self.usage_limit is not None and self.times_used >= self.usage_limit:
            raise self._refuse(
                "used_up",
                f"has been used up ({self.times_used} of {self.usage_limit} uses)",
                usage_limit=self.usage_limit,
            )
        if days < self.min_days:
            raise self._refuse(
                "too_short",
                f"needs a rental of at least {self.min_days} days; this one is {days}",
                min_days=self.min_days,
                days=days,
            )

    def discount_on(self, subtotal: Money) -> Money:
        """The discount this code gives on ``subtotal``: rounded half up, at most ``subtotal``."""
        if subtotal.is_negative:
            raise MoneyError(f"cannot discount a negative subtotal {subtotal}")
        if isinstance(self.value, Money):
            return self.value if self.value <= subtotal else subtotal
        # rate <= 1, so the rounded share never exceeds the subtotal.
        return Money(round_half_up(Decimal(subtotal.amount) * self.value), subtotal.currency)


__all__ = ["PromoCode", "PromoKind"]
