"""Master data and search: ``/api/brands``, ``/api/brands/{id}/models``, ``/api/cities``,
``GET /api/vehicles``.

Search parameters are those docs/api.md lists (bounded in /docs/openapi.json). ``brand``,
``model`` and ``city`` take ids (as listed by the
master-data routes); ``seats`` means at least that many; ``limit`` above 100 is refused (422),
never clamped; a page past the end answers an empty ``data`` with the true totals.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Controller, get
from litestar.datastructures import State
from litestar.params import QueryParameter

from bigauto.domain.catalogue.search import (
    DEFAULT_LIMIT,
    MAX_RADIUS_KM,
    MAX_TEXT,
    SearchQuery,
    SortOrder,
)
from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission
from bigauto.entrypoints.http.catalogue.listing_bodies import Latitude, Longitude, Seats
from bigauto.entrypoints.http.catalogue.views import (
    Brands,
    Cities,
    Models,
    VehicleHit,
    brand_view,
    city_view,
    decimal_of,
    hit_view,
    model_view,
)
from bigauto.entrypoints.http.contract import (
    MAX_RUPIAH,
    Id,
    PageNumber,
    PageSize,
    PathId,
    queried,
    shown,
)
from bigauto.entrypoints.http.paging import Paged, paged_of
from bigauto.services.catalogue.master_data import list_brands, list_cities, list_models
from bigauto.services.catalogue.search import search_vehicles

#: The model years search takes at all (listings have 1980 to next year).
MIN_SEARCH_YEAR, MAX_SEARCH_YEAR = 1900, 2100

# A filter's value: its bounds, checked as a query parameter (``queried``) and documented on
# the value (``shown``).
_Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
_Year = Annotated[int, msgspec.Meta(ge=MIN_SEARCH_YEAR, le=MAX_SEARCH_YEAR)]
_Price = Annotated[int, msgspec.Meta(ge=0, le=MAX_RUPIAH)]
_Radius = Annotated[float, msgspec.Meta(ge=0.1, le=MAX_RADIUS_KM)]

Year = Annotated[Annotated[_Year, shown(_Year)] | None, queried(_Year)]
Price = Annotated[
    Annotated[_Price, shown(_Price)] | None,
    queried(_Price, "Whole rupiah: a sale's asking price, a rental's daily rate"),
]


def _id_filter(kind: str, listed_at: str) -> Any:
    return queried(Id, f"A {kind} id, as GET {listed_at} lists them (not a name)")


FilterId = Annotated[Id, shown(Id)] | None


class MasterDataController(Controller):
    """Brands, their models, and cities: what a listing form and the search filters offer."""

    tags = ["catalogue"]

    @get("/api/brands", operation_id="listBrands", summary="All brands, by name")
    async def brands(self, state: State) -> Brands:
        found = await list_brands(state.container.catalogue())
        return Brands(data=[brand_view(b) for b in found])

    @get(
        "/api/brands/{brand_id:str}/models",
        operation_id="listBrandModels",
        summary="A brand's models, by name",
    )
    async def models(self, state: State, brand_id: PathId) -> Models:
        found = await list_models(state.container.catalogue(), brand_id=brand_id)
        return Models(data=[model_view(m) for m in found])

    @get("/api/cities", operation_id="listCities", summary="All cities, by name")
    async def cities(self, state: State) -> Cities:
        found = await list_cities(state.container.catalogue())
        return Cities(data=[city_view(c) for c in found])


class SearchController(Controller):
    """``GET /api/vehicles``: the search buyers use most (served through ListingController)."""

    tags = ["catalogue"]

    @get("/api/vehicles", operation_id="searchVehicles", summary="Search public listings")
    async def search(
        self,
        state: State,
        search: Annotated[
            Annotated[_Text, shown(_Text)] | None, queried(_Text, "Words every hit contains")
        ] = None,
        category: Annotated[Category | None, QueryParameter()] = None,
        brand: Annotated[FilterId, _id_filter("brand", "/api/brands")] = None,
        model: Annotated[FilterId, _id_filter("model", "/api/brands/{brand_id}/models")] = None,
        city: Annotated[FilterId, _id_filter("city", "/api/cities")] = None,
        min_year: Year = None,
        max_year: Year = None,
        min_price: Price = None,
        max_price: Price = None,
        transmission: Annotated[Transmission | None, QueryParameter()] = None,
        fuel_type: Annotated[FuelType | None, QueryParameter()] = None,
        seats: Annotated[Seats | None, queried(Seats, "At least this many seats")] = None,
        lat: Annotated[Latitude | None, queried(Latitude)] = None,
        lng: Annotated[Longitude | None, queried(Longitude)] = None,
        radius_km: Annotated[
            Annotated[_Radius, shown(_Radius)] | None, queried(_Radius, "Needs lat and lng")
        ] = None,
        available_from: Annotated[
            date | None, QueryParameter(description="Free from this day (with available_to)")
        ] = None,
        available_to: Annotated[
            date | None, QueryParameter(description="Free until this day, exclusive")
        ] = None,
        sort: Annotated[SortOrder, QueryParameter()] = SortOrder.NEWEST,
        page: PageNumber = 1,
        limit: PageSize = DEFAULT_LIMIT,
    ) -> Paged[VehicleHit]:
        query = SearchQuery(
            text=search.strip() or None if search is not None else None,
            category=category,
            brand_id=brand,
            model_id=model,
            city_id=city,
            min_year=min_year,
            max_year=max_year,
            min_price=min_price,
            max_price=max_price,
            transmission=transmission,
            fuel_type=fuel_type,
            seats=seats,
            latitude=decimal_of(lat),
            longitude=decimal_of(lng),
            radius_km=decimal_of(radius_km),
            available_from=available_from,
            available_to=available_to,
            sort=sort,
            page=page,
            limit=limit,
        )
        container = state.container
        found = await search_vehicles(container.catalogue(), container.vehicle_search(), query)
        return paged_of(found, hit_view)


__all__ = ["MasterDataController", "SearchController"]
