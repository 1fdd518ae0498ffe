"""Master data: the brands, models and cities a listing names and search filters by.

A search filter takes an id, not a name; a filter given something that is not an id of its kind
is refused naming the filter and where its ids are listed (``brand takes a brand id (see
GET /api/brands); 'honda' is not one``), so a newcomer who typed a name learns what to send.
"""

from __future__ import annotations

from collections.abc import Sequence

from bigauto.domain.catalogue.vehicles import Brand, CarModel, City
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.services.catalogue.context import Catalogue


async def list_brands(ctx: Catalogue) -> Sequence[Brand]:
    """All brands, by name."""
    async with ctx.uow_factory() as uow:
        return await uow.catalogue.brands()


async def list_models(ctx: Catalogue, *, brand_id: str) -> Sequence[CarModel]:
    """The models of one brand, by name; NotFound for an unknown brand."""
    async with ctx.uow_factory() as uow:
        if await uow.catalogue.get_brand(brand_id) is None:
            raise NotFound(f"no brand {brand_id}", details={"brand_id": brand_id})
        return await uow.catalogue.models(brand_id)


async def list_cities(ctx: Catalogue) -> Sequence[City]:
    """All cities, by name."""
    async with ctx.uow_factory() as uow:
        return await uow.catalogue.cities()


def _not_an_id(field: str, kind: str, listed_at: str, value: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field} takes a {kind} id (see GET {listed_at}); {value!r} is not one",
        details={"field": field, "value": value},
    )


async def check_filter_ids(
    ctx: Catalogue,
    *,
    brand_id: str | None = None,
    model_id: str | None = None,
    city_id: str | None = None,
) -> None:
    """Raise ``ValidationFailed`` for the first of the search filters ``brand``, ``model`` and
    ``city`` that is not the id of a brand, model or city; a filter left out is not checked."""
    if brand_id is None and model_id is None and city_id is None:
        return
    async with ctx.uow_factory() as uow:
        if brand_id is not None and await uow.catalogue.get_brand(brand_id) is None:
            raise _not_an_id("brand", "brand", "/api/brands", brand_id)
        if model_id is not None and await uow.catalogue.get_model(model_id) is None:
            raise _not_an_id("model", "model", "/api/brands/{brand_id}/models", model_id)
        if city_id is not None and await uow.catalogue.get_city(city_id) is None:
            raise _not_an_id("city", "city", "/api/cities", city_id)


__all__ = ["check_filter_ids", "list_brands", "list_cities", "list_models"]
