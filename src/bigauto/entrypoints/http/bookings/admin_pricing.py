"""Admin pricing: ``GET / PUT /api/admin/commission`` and ``POST /api/admin/promocodes``.

Commission: ``PUT {rate, category?, effective_from?}`` adds a rate (a decimal string such as
``"0.05"`` or a JSON number, 0 to 50%) for ``rental``, ``sale`` or both (no category), in force
from ``effective_from`` (default now; within ten years of now); ``GET`` answers the rates in
force now and the history. Promo codes: ``{code, kind (percent|fixed), value, usage_limit,
expires_at, min_days?}`` with a percent ``value`` a rate in (0, 1] (``"0.10"``) and a fixed one
whole rupiah; a code expires within ten years.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import msgspec
from litestar import Controller, get, post, put
from litestar.datastructures import State
from litestar.openapi.spec import Example
from litestar.params import JSONBody, KwargDefinition

from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionRate
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS
from bigauto.entrypoints.http.auth import ADMIN, Caller
from bigauto.entrypoints.http.bookings.deals import bookings
from bigauto.entrypoints.http.bookings.views import RateText, rate_text
from bigauto.entrypoints.http.contract import Body, View, copied, shown
from bigauto.services.bookings import pricing_admin

#: A commission rate: a decimal string (or a JSON number) from 0 to 0.5. (Documented with
#: Litestar's terms alone: msgspec takes no bounds on a Decimal; the domain checks them.)
CommissionShare = Annotated[
    Decimal,
    KwargDefinition(
        format="decimal", description="From 0 to 0.5 (50%)", examples=[Example(value="0.05")]
    ),
]
#: A promo code's value: a rate in (0, 1] for ``percent``, whole rupiah for ``fixed``.
PromoValue = Annotated[
    Decimal,
    KwargDefinition(
        format="decimal",
        description="percent: a rate in (0, 1] such as 0.10; fixed: whole rupiah",
        examples=[Example(value="0.10"), Example(value="50000")],
    ),
]
UsageLimit = Annotated[int, msgspec.Meta(ge=1, le=1_000_000_000)]
#: A rental length in days.
RentalDays = Annotated[int, msgspec.Meta(ge=1, le=MAX_RENTAL_DAYS)]
Instant = Annotated[datetime, msgspec.Meta(tz=True)]


class CommissionBody(Body):
    """A commission rate for one category (or, without one, for both), in force from
    ``effective_from`` (default now)."""

    rate: CommissionShare
    category: Category | None = None
    effective_from: Instant | None = None


class PromoBody(Body):
    """A new promo code; ``usage_limit`` null means unlimited."""

    code: Annotated[
        str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{3,32}$", max_length=32, examples=["HEMAT10"])
    ]
    kind: PromoKind
    value: PromoValue
    usage_limit: Annotated[UsageLimit, shown(UsageLimit)] | None
    expires_at: Instant
    min_days: RentalDays = 1


class CommissionRateView(View):
    """A rate as set: for one category (null: both), in force from ``effective_from``."""

    rate: RateText
    category: Category | None
    effective_from: datetime


class CommissionView(View):
    """The default rate, the rates in force now per category, and every rate ever set."""

    rate: RateText
    rental: RateText
    sale: RateText
    history: list[CommissionRateView]


class PromoCodeView(View):
    """A promo code: ``value`` a rate string for percent, rupiah for fixed."""

    code: str
    kind: PromoKind
    value: RateText | int
    usage_limit: int | None
    times_used: int
    expires_at: datetime
    min_days: int


def _rate_view(rate: CommissionRate) -> CommissionRateView:
    return CommissionRateView(
        rate=rate_text(rate.rate), category=rate.category, effective_from=rate.effective_from
    )


def _promo_view(promo: PromoCode) -> PromoCodeView:
    value = promo.value
    return copied(
        PromoCodeView,
        promo,
        value=rate_text(value) if isinstance(value, Decimal) else value.amount,
    )


class AdminPricingController(Controller):
    """Commission rates and promo codes (admins only)."""

    path = "/api/admin"
    tags = ["admin"]
    dependencies = {"principal": ADMIN}

    @get("/commission", operation_id="getCommission")
    async def commission(self, state: State, principal: Caller) -> CommissionView:
        overview = await pricing_admin.commission_overview(bookings(state))
        return CommissionView(
            rate=rate_text(overview.default_rate),
            rental=rate_text(overview.rental),
            sale=rate_text(overview.sale),
            history=[_rate_view(r) for r in overview.history],
        )

    @put("/commission", operation_id="setCommission")
    async def set_commission(
        self, state: State, principal: Caller, data: JSONBody[CommissionBody]
    ) -> CommissionRateView:
        rate = await pricing_admin.set_commission_rate(
            bookings(state),
            admin_id=principal.user_id,
            rate=data.rate,
            category=data.category,
            effective_from=data.effective_from,
        )
        return _rate_view(rate)

    @post("/promocodes", operation_id="createPromoCode")
    async def create_promo(
        self, state: State, principal: Caller, data: JSONBody[PromoBody]
    ) -> PromoCodeView:
        promo = await pricing_admin.create_promo_code(
            bookings(state),
            code=data.code,
            kind=data.kind,
            value=data.value,
            usage_limit=data.usage_limit,
            expires_at=data.expires_at,
            min_days=data.min_days,
        )
        return _promo_view(promo)


__all__ = ["AdminPricingController"]
