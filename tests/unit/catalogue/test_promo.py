"""Promo codes: when they apply and how much they take off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bigauto.domain.catalogue.errors import InvalidPromoCode
from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.shared.errors import MoneyError, ValidationFailed
from bigauto.domain.shared.money import Money

EXPIRES = datetime(2026, 6, 1, tzinfo=UTC)
BEFORE = EXPIRES - timedelta(days=1)


def reason(error: pytest.ExceptionInfo[InvalidPromoCode]) -> str:
    return str(error.value.details["reason"])


def test_code_is_normalised_to_upper_case() -> None:
    """Customers may type a code in any case; it is stored upper-case and stripped."""
    assert PromoCode.percent(" hemat10 ", "0.1", expires_at=EXPIRES).code == "HEMAT10"


def test_a_valid_code_passes_the_check() -> None:
    """An unexpired code with uses left, on a long enough rental, raises nothing."""
    code = PromoCode.percent("HEMAT", "0.1", expires_at=EXPIRES, usage_limit=2, min_days=3)
    code.check(at=BEFORE, days=3)


def test_an_expired_code_is_refused_from_its_expiry_instant() -> None:
    """expires_at is exclusive: at that very instant the code no longer applies."""
    code = PromoCode.percent("HEMAT", "0.1", expires_at=EXPIRES)
    with pytest.raises(InvalidPromoCode, match="expired") as error:
        code.check(at=EXPIRES, days=5)
    assert reason(error) == "expired"


def test_a_used_up_code_is_refused() -> None:
    """A code used as many times as its limit is refused with the reason used_up."""
    code = PromoCode.percent("HEMAT", "0.1", expires_at=EXPIRES, usage_limit=3, times_used=3)
    with pytest.raises(InvalidPromoCode, match="used up") as error:
        code.check(at=BEFORE, days=5)
    assert reason(error) == "used_up"


def test_a_code_needing_a_longer_rental_is_refused() -> None:
    """A rental shorter than min_days is refused with the reason too_short."""
    code = PromoCode.percent("WEEKLONG", "0.1", expires_at=EXPIRES, min_days=7)
    with pytest.raises(InvalidPromoCode, match="at least 7 days") as error:
        code.check(at=BEFORE, days=6)
    assert reason(error) == "too_short"


def test_checking_at_a_naive_instant_is_refused() -> None:
    """Expiry cannot be judged against a naive datetime."""
    code = PromoCode.percent("HEMAT", "0.1", expires_at=EXPIRES)
    with pytest.raises(ValidationFailed, match="timezone-aware"):
        code.check(at=datetime(2026, 1, 1), days=1)


def test_percent_discount_rounds_half_up() -> None:
    """10% of 1,234,565 is 123,456.5, which rounds up to 123,457."""
    code = PromoCode.percent("HEMAT", "0.10", expires_at=EXPIRES)
    assert code.discount_on(Money(1_234_565)) == Money(123_457)


def test_fixed_discount_never_exceeds_the_subtotal() -> None:
    """A fixed amount larger than the subtotal takes off only the subtotal."""
    code = PromoCode.fixed("POTONG", Money(50_000), expires_at=EXPIRES)
    assert code.discount_on(Money(80_000)) == Money(50_000)
    assert code.discount_on(Money(30_000)) == Money(30_000)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kind": PromoKind.PERCENT, "value": Decimal("1.5")}, ValidationFailed, r"\(0, 1\]"),
        ({"kind": PromoKind.PERCENT, "value": Decimal(0)}, ValidationFailed, r"\(0, 1\]"),
        ({"kind": PromoKind.PERCENT, "value": Money(5)}, ValidationFailed, "Decimal rate"),
        ({"kind": PromoKind.FIXED, "value": Money(0)}, MoneyError, "positive Money"),
        ({"kind": PromoKind.FIXED, "value": Decimal("0.1")}, MoneyError, "positive Money"),
        ({"expires_at": datetime(2026, 1, 1)}, ValidationFailed, "timezone-aware"),
        ({"usage_limit": 0}, ValidationFailed, "usage_limit"),
        ({"usage_limit": 2, "times_used": 3}, ValidationFailed, "times_used"),
        ({"min_days": 0}, ValidationFailed, "min_days"),
        ({"code": "x"}, ValidationFailed, "3 to 32"),
    ],
)
def test_invalid_promo_codes_are_refused_on_construction(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    """A promo code that could never make sense is refused with a clear message."""
    fields: dict[str, Any] = {
        "code": "HEMAT",
        "kind": PromoKind.PERCENT,
        "value": Decimal("0.1"),
        "expires_at": EXPIRES,
    }
    with pytest.raises(error, match=message):
        PromoCode(**{**fields, **kwargs})
