"""Admin settings of pricing: effective-dated commission rates and promo codes.

A commission rate is never edited in place: setting one adds it to the history with its
``effective_from`` (default now), so every booking keeps the rate it snapshotted and the
history says what was in force when. Promo codes are created here and used by rentals.

Dates an admin sets lie within :data:`REACH` of now (a rate may be backdated or scheduled that
far, a promo code expires within it), so a typo such as year 9999 is refused, not stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.audit import require_aware
from bigauto.domain.shared.errors import MoneyError, ValidationFailed
from bigauto.domain.shared.money import MAX_AMOUNT, Money
from bigauto.services.bookings.context import Bookings, commission_policy

#: How far from now an admin's dates may lie: ten years.
REACH = timedelta(days=3653)


def _within_reach(name: str, at: datetime, now: datetime, *, past: bool) -> datetime:
    require_aware(at, name)
    earliest = now - REACH if past else now
    if not earliest <= at <= now + REACH:
        when = "within ten years of now" if past else "in the next ten years"
        raise ValidationFailed(
            f"{name} must be {when}, not {at.isoformat()}", details={name: at.isoformat()}
        )
    return at


@attrs.frozen
class CommissionOverview:
    """The rates in force now per category, the default, and every rate ever set."""

    rental: Decimal
    sale: Decimal
    default_rate: Decimal
    history: Sequence[CommissionRate]


async def commission_overview(ctx: Bookings) -> CommissionOverview:
    now = ctx.clock.now()
    async with ctx.uow_factory() as uow:
        policy = await commission_policy(uow, ctx.policy.default_commission_rate)
    return CommissionOverview(
        rental=policy.rate_at(now, Category.RENTAL),
        sale=policy.rate_at(now, Category.SALE),
        default_rate=policy.default_rate,
        history=policy.rates,
    )


async def set_commission_rate(
    ctx: Bookings,
    *,
    admin_id: str,
    rate: Decimal | str,
    category: Category | None = None,
    effective_from: datetime | None = None,
) -> CommissionRate:
    """Add a rate (0-50%), for one category or all, in force from ``effective_from``."""
    now = ctx.clock.now()
    start = now if effective_from is None else effective_from
    entry = CommissionRate(rate, start, category)
    _within_reach("effective_from", entry.effective_from, now, past=True)
    async with ctx.uow_factory() as uow:
        await uow.commission_rates.add(entry, set_by=admin_id, set_at=now)
        await uow.commit()
    return entry


async def create_promo_code(
    ctx: Bookings,
    *,
    code: str,
    kind: PromoKind,
    value: Decimal,
    usage_limit: int | None,
    expires_at: datetime,
    min_days: int = 1,
) -> PromoCode:
    """A new promo code: ``value`` is a rate in (0, 1] for percent, rupiah for fixed."""
    _within_reach("expires_at", expires_at, ctx.clock.now(), past=False)
    if kind is PromoKind.PERCENT:
        promo = PromoCode.percent(
            code, value, expires_at=expires_at, usage_limit=usage_limit, min_days=min_days
        )
    else:
        # Checked before int(): 1E+999999999 is a Decimal, but a billion-digit int.
        if not value.is_finite() or value != value.to_integral_value() or value > MAX_AMOUNT:
            raise MoneyError(
                f"a fixed promo takes a whole number of rupiah up to {MAX_AMOUNT}",
                details={"value": str(value)},
            )
        promo = PromoCode.fixed(
            code,
            Money(int(value)),
            expires_at=expires_at,
            usage_limit=usage_limit,
            min_days=min_days,
        )
    async with ctx.uow_factory() as uow:
        await uow.promo_codes.add(promo, created_at=ctx.clock.now())
        await uow.commit()
    return promo


__all__ = [
    "CommissionOverview",
    "commission_overview",
    "create_promo_code",
    "set_commission_rate",
]
