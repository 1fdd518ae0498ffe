"""Master data and search: ``/api/brands``, ``/api/brands/{id}/models``, ``/api/cities``,
``GET /api/vehicles``.

Search parameters are API.md's. ``brand``, ``model`` and ``city`` take ids (as listed by the
master-data routes); ``seats`` means at least that many; ``limit`` above 100 is refused (422),
never clamped; a page past the end answers an empty ``data`` with the true totals.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from litestar import Controller, get
from litestar.datastructures import State
from litestar.params import Parameter

from bigauto.domain.catalogue.search import DEFAULT_LIMIT, SearchQuery, SortOrder
from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission
from bigauto.domain.shared.errors import NotFound, field_choice
from bigauto.entrypoints.http.catalogue.views import hit_json, number
from bigauto.entrypoints.http.paging import page_json
from bigauto.services.catalogue.search import search_vehicles


class MasterDataController(Controller):
    """Brands, their models, and cities: what a listing form and the search filters offer."""

    tags = ["catalogue"]

    @get("/api/brands", operation_id="listBrands", summary="All brands, by name")
    async def brands(self, state: State) -> dict[str, Any]:
        async with state.container.uow_factory()() as uow:
            brands = await uow.catalogue.brands()
        return {"data": [{"id": b.id, "name": b.name} for b in brands]}

    @get(
        "/api/brands/{brand_id:str}/models",
        operation_id="listBrandModels",
        summary="A brand's models, by name",
    )
    async def models(self, state: State, brand_id: str) -> dict[str, Any]:
        async with state.container.uow_factory()() as uow:
            if await uow.catalogue.get_brand(brand_id) is None:
                raise NotFound(f"no brand {brand_id}", details={"brand_id": brand_id})
            models = await uow.catalogue.models(brand_id)
        return {
            "data": [
                {"id": m.id, "brand_id": m.brand_id, "name": m.name, "body_type": m.body_type}
                for m in models
            ]
        }

    @get("/api/cities", operation_id="listCities", summary="All cities, by name")
    async def cities(self, state: State) -> dict[str, Any]:
        async with state.container.uow_factory()() as uow:
            cities = await uow.catalogue.cities()
        return {
            "data": [
                {
                    "id": c.id,
                    "name": c.name,
                    "province": c.province,
                    "timezone": c.timezone,
                    "lat": number(c.latitude),
                    "lng": number(c.longitude),
                }
                for c in cities
            ]
        }


class SearchController(Controller):
    """``GET /api/vehicles``: the search buyers use most (served through ListingController)."""

    tags = ["catalogue"]

    @get("/api/vehicles", operation_id="searchVehicles", summary="Search public listings")
    async def search(
        self,
        state: State,
        search: str | None = None,
        category: str | None = None,
        brand: str | None = None,
        model: str | None = None,
        city: str | None = None,
        min_year: int | None = None,
        max_year: int | None = None,
        min_price: int | None = None,
        max_price: int | None = None,
        transmission: str | None = None,
        fuel_type: str | None = None,
        seats: int | None = None,
        lat: Decimal | None = None,
        lng: Decimal | None = None,
        radius_km: Decimal | None = None,
        available_from: date | None = None,
        available_to: date | None = None,
        sort: str = SortOrder.NEWEST.value,
        page: int = 1,
        limit: int = Parameter(default=DEFAULT_LIMIT, description="1 to 100; more is a 422"),
    ) -> dict[str, Any]:
        query = SearchQuery(
            text=search.strip() or None if search is not None else None,
            category=field_choice(Category, category, "category"),
            brand_id=brand,
            model_id=model,
            city_id=city,
            min_year=min_year,
            max_year=max_year,
            min_price=min_price,
            max_price=max_price,
            transmission=field_choice(Transmission, transmission, "transmission"),
            fuel_type=field_choice(FuelType, fuel_type, "fuel_type"),
            seats=seats,
            latitude=lat,
            longitude=lng,
            radius_km=radius_km,
            available_from=available_from,
            available_to=available_to,
            sort=field_choice(SortOrder, sort, "sort"),
            page=page,
            limit=limit,
        )
        container = state.container
        found = await search_vehicles(container.vehicle_search(), container.clock(), query)
        return page_json(found, hit_json)


__all__ = ["MasterDataController", "SearchController"]
