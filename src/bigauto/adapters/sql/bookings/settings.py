"""SQL commission rates, promo codes, reviews and seller settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, or_, select

from bigauto.adapters.sql._rows import SqlRepository, conflict, reader, to_row
from bigauto.adapters.sql.bookings.codec import hours_from_json, hours_to_json
from bigauto.adapters.sql.bookings.tables import (
    commission_rates,
    promo_codes,
    reviews,
    sale_floors,
    seller_opening_hours,
)
from bigauto.domain.bookings.errors import ReviewNotAllowed
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.test_drives import OpeningHours
from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.catalogue.search import Page
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.money import Money


class SqlCommissionRateRepository(SqlRepository):
    """The ``commission_rates`` table: every rate ever set, in order."""

    async def add(self, rate: CommissionRate, *, set_by: str | None, set_at: datetime) -> None:
        await self._conn.execute(
            insert(commission_rates).values(
                rate=rate.rate,
                category=rate.category.value if rate.category else None,
                effective_from=rate.effective_from,
                set_by=set_by,
                set_at=set_at,
            )
        )

    async def all(self) -> Sequence[CommissionRate]:
        rows = await self._conn.execute(select(commission_rates).order_by(commission_rates.c.id))
        return [
            CommissionRate(Decimal(r.rate).normalize(), r.effective_from, r.category) for r in rows
        ]


def _promo(row: Any) -> PromoCode:
    kind = PromoKind(row.kind)
    value: Decimal | Money = (
        Decimal(row.rate).normalize()
        if kind is PromoKind.PERCENT
        else Money(row.amount, row.currency)
    )
    return PromoCode(
        row.code, kind, value, row.expires_at, row.usage_limit, row.times_used, row.min_days
    )


class SqlPromoCodeRepository(SqlRepository):
    """The ``promo_codes`` table, keyed by the canonical (upper-case) code."""

    async def add(self, code: PromoCode, *, created_at: datetime) -> None:
        percent = code.kind is PromoKind.PERCENT
        money = code.value if isinstance(code.value, Money) else None
        row = to_row(
            code,
            omit=("value",),
            rate=code.value if percent else None,
            amount=money.amount if money else None,
            currency=money.currency if money else None,
            created_at=created_at,
        )
        refused = conflict(f"promo code {code.code} exists", code=code.code)
        await self._insert(promo_codes, row, refused)

    async def get(self, code: str) -> PromoCode | None:
        query = select(promo_codes).where(promo_codes.c.code == code.strip().upper())
        return await self._first(query, _promo)

    async def redeem(self, code: str) -> bool:
        c = promo_codes.c
        where = (c.code == code.strip().upper()) & or_(
            c.usage_limit.is_(None), c.times_used < c.usage_limit
        )
        return bool(await self._update(promo_codes, where, {"times_used": c.times_used + 1}))


_review = reader(Review)


def _reviewed(_: object) -> ReviewNotAllowed:
    return ReviewNotAllowed("this deal has been reviewed already", details={})


class SqlReviewRepository(SqlRepository):
    """The ``reviews`` table; unique indexes keep one review per deal."""

    async def add(self, review: Review) -> None:
        await self._insert(reviews, to_row(review), _reviewed)

    async def of_vehicle(self, vehicle_id: str, *, page: int, limit: int) -> Page[Review]:
        where = reviews.c.vehicle_id == vehicle_id
        return await self._newest_page(reviews, where, _review, page=page, limit=limit)

    async def _summary(self, column: Any, value: str) -> RatingSummary:
        query = select(func.count(), func.coalesce(func.sum(reviews.c.rating), 0)).where(
            column == value
        )
        count, total = (await self._conn.execute(query)).one()
        return RatingSummary(int(count), int(total))

    async def summary_of_vehicle(self, vehicle_id: str) -> RatingSummary:
        return await self._summary(reviews.c.vehicle_id, vehicle_id)

    async def summary_of_seller(self, seller_id: str) -> RatingSummary:
        return await self._summary(reviews.c.seller_id, seller_id)


class SqlSellerSettingsRepository(SqlRepository):
    """Opening hours per seller and sale floors per vehicle."""

    async def opening_hours(self, seller_id: str) -> OpeningHours | None:
        query = select(seller_opening_hours.c.days).where(
            seller_opening_hours.c.seller_id == seller_id
        )
        days = await self._conn.scalar(query)
        return None if days is None else hours_from_json(days)

    async def set_opening_hours(self, seller_id: str, hours: OpeningHours) -> None:
        await self._conn.execute(
            delete(seller_opening_hours).where(seller_opening_hours.c.seller_id == seller_id)
        )
        await self._conn.execute(
            insert(seller_opening_hours).values(seller_id=seller_id, days=hours_to_json(hours))
        )

    async def sale_floor(self, vehicle_id: str) -> Money | None:
        query = select(sale_floors).where(sale_floors.c.vehicle_id == vehicle_id)
        return await self._first(query, lambda row: Money(row.floor_price, row.currency))

    async def set_sale_floor(self, vehicle_id: str, floor: Money | None) -> None:
        await self._conn.execute(delete(sale_floors).where(sale_floors.c.vehicle_id == vehicle_id))
        if floor is not None:
            await self._conn.execute(
                insert(sale_floors).values(
                    vehicle_id=vehicle_id, floor_price=floor.amount, currency=floor.currency
                )
            )
