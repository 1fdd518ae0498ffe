"""Admin pricing: ``GET / PUT /api/admin/commission`` and ``POST /api/admin/promocodes``.

Commission: ``PUT {rate, category?, effective_from?}`` adds a rate (a decimal string such as
``"0.05"`` or a JSON number, 0 to 50%) for ``rental``, ``sale`` or both (no category), in force
from ``effective_from`` (default now); ``GET`` answers the rates in force now and the history.
Promo codes: ``{code, kind (percent|fixed), value, usage_limit, expires_at, min_days?}`` with a
percent ``value`` a rate in (0, 1] (``"0.10"``) and a fixed one whole rupiah.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
from litestar import Controller, Response, get, post, put
from litestar.datastructures import State

from bigauto.domain.catalogue.promo import PromoCode, PromoKind
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionRate
from bigauto.entrypoints.http.auth import ADMIN, Principal
from bigauto.entrypoints.http.bookings.deals import bookings
from bigauto.entrypoints.http.bookings.views import rate_text
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.services.bookings import pricing_admin


@attrs.frozen
class CommissionBody:
    rate: Decimal
    category: Category | None = None
    effective_from: datetime | None = None


@attrs.frozen
class PromoBody:
    code: str
    kind: PromoKind
    value: Decimal
    usage_limit: int | None
    expires_at: datetime
    min_days: int = 1


def _rate_json(rate: CommissionRate) -> dict[str, Any]:
    return {
        "rate": rate_text(rate.rate),
        "category": rate.category.value if rate.category else None,
        "effective_from": rate.effective_from.isoformat(),
    }


def _promo_json(promo: PromoCode) -> dict[str, Any]:
    value = promo.value
    return {
        "code": promo.code,
        "kind": promo.kind.value,
        "value": rate_text(value) if isinstance(value, Decimal) else value.amount,
        "usage_limit": promo.usage_limit,
        "times_used": promo.times_used,
        "expires_at": promo.expires_at.isoformat(),
        "min_days": promo.min_days,
    }


class AdminPricingController(Controller):
    """Commission rates and promo codes (admins only)."""

    path = "/api/admin"
    tags = ["admin"]
    dependencies = {"principal": ADMIN}

    @get("/commission", operation_id="getCommission")
    async def commission(self, state: State, principal: Principal) -> dict[str, Any]:
        overview = await pricing_admin.commission_overview(bookings(state))
        return {
            "rate": rate_text(overview.default_rate),
            "rental": rate_text(overview.rental),
            "sale": rate_text(overview.sale),
            "history": [_rate_json(r) for r in overview.history],
        }

    @put("/commission", operation_id="setCommission")
    async def set_commission(
        self, body: bytes, state: State, principal: Principal
    ) -> dict[str, Any]:
        rate = await pricing_admin.set_commission_rate(
            bookings(state), admin_id=principal.user_id, **fields_of(decode(body, CommissionBody))
        )
        return _rate_json(rate)

    @post("/promocodes", operation_id="createPromoCode")
    async def create_promo(self, body: bytes, state: State, principal: Principal) -> Response[Any]:
        promo = await pricing_admin.create_promo_code(
            bookings(state), **fields_of(decode(body, PromoBody))
        )
        return Response(_promo_json(promo), status_code=201)


__all__ = ["AdminPricingController"]
