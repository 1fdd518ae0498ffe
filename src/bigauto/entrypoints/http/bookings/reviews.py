"""Reviews: ``POST /api/reviews`` after a completed rental or sale, and
``GET /api/vehicles/{id}/reviews`` (paginated, with the vehicle's rating summary)."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State

from bigauto.entrypoints.http.auth import USER, Principal
from bigauto.entrypoints.http.bookings.deals import bookings
from bigauto.entrypoints.http.bookings.views import rating_json, review_json
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.entrypoints.http.paging import page_json, paging
from bigauto.services.bookings import reviews


@attrs.frozen
class ReviewBody:
    rating: int
    comment: str = ""
    rental_booking_id: str | None = None
    sale_order_id: str | None = None


class ReviewController(Controller):
    """Writing and reading reviews."""

    tags = ["reviews"]

    @post(
        "/api/reviews",
        operation_id="createReview",
        summary="Review a completed rental or sale (the customer, once per deal)",
        dependencies={"principal": USER},
    )
    async def create(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        body = decode(await request.body(), ReviewBody)
        review = await reviews.write_review(
            bookings(state), author_id=principal.user_id, **fields_of(body)
        )
        return Response(review_json(review), status_code=201)

    @get(
        "/api/vehicles/{vehicle_id:str}/reviews",
        operation_id="listVehicleReviews",
        summary="A vehicle's reviews, newest first, with its rating",
    )
    async def of_vehicle(
        self, state: State, vehicle_id: str, page: int = 1, limit: int = 20
    ) -> dict[str, Any]:
        page, limit = paging(page, limit)
        found, summary = await reviews.vehicle_reviews(
            bookings(state), vehicle_id=vehicle_id, page=page, limit=limit
        )
        return {**page_json(found, review_json), "summary": rating_json(summary)}


__all__ = ["ReviewController"]
