"""Unit: master data as the catalogue use cases list it, and search filters that need its ids."""

from __future__ import annotations

import pytest
from tests.unit.booking_world import BRAND, CITY, MODEL, make_world

from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.services.catalogue.master_data import (
    check_filter_ids,
    list_brands,
    list_cities,
    list_models,
)


async def test_brands_models_and_cities_are_listed() -> None:
    """A brand's models are listed under it; an unknown brand has none to list (404)."""
    ctx = (await make_world()).catalogue()

    assert list(await list_brands(ctx)) == [BRAND]
    assert list(await list_models(ctx, brand_id=BRAND.id)) == [MODEL]
    assert list(await list_cities(ctx)) == [CITY]
    with pytest.raises(NotFound):
        await list_models(ctx, brand_id="toyota")


async def test_filters_that_are_ids_of_their_kind_pass() -> None:
    """Known ids, and filters left out, are no error."""
    ctx = (await make_world()).catalogue()

    await check_filter_ids(ctx, brand_id=BRAND.id, model_id=MODEL.id, city_id=CITY.id)
    await check_filter_ids(ctx)


@pytest.mark.parametrize(
    ("filters", "field", "message"),
    [
        (
            {"brand_id": "honda"},
            "brand",
            "brand takes a brand id (see GET /api/brands); 'honda' is not one",
        ),
        (
            {"brand_id": BRAND.id, "model_id": "avanza"},
            "model",
            "model takes a model id (see GET /api/brands/{brand_id}/models); 'avanza' is not one",
        ),
        (
            {"city_id": "jakarta"},
            "city",
            "city takes a city id (see GET /api/cities); 'jakarta' is not one",
        ),
        ({"model_id": BRAND.id}, "model", None),
    ],
)
async def test_a_filter_that_is_not_an_id_of_its_kind_is_refused_saying_where_ids_are(
    filters: dict[str, str], field: str, message: str | None
) -> None:
    """A name (or another kind's id) is refused naming the filter and the route that lists
    its ids."""
    ctx = (await make_world()).catalogue()

    with pytest.raises(ValidationFailed) as error:
        await check_filter_ids(ctx, **filters)

    assert error.value.details["field"] == field
    if message is not None:
        assert error.value.message == message
