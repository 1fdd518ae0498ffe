"""Reviews: ``POST /api/reviews`` after a completed rental or sale, and
``GET /api/vehicles/{id}/reviews`` (paginated, with the vehicle's rating summary)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.domain.bookings.reviews import MAX_COMMENT, MAX_RATING, MIN_RATING
from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.bookings.deals import bookings
from bigauto.entrypoints.http.bookings.views import (
    ReviewsPage,
    ReviewView,
    rating_view,
    review_view,
)
from bigauto.entrypoints.http.contract import Body, Id, PageNumber, PageSize, PathId, shown
from bigauto.entrypoints.http.paging import paged_of
from bigauto.services.bookings import reviews

DealId = Annotated[Id, shown(Id)]


class CreateReviewBody(Body):
    """A rating of 1 to 5 and a comment, for one completed deal: its rental booking or its
    sale order (exactly one of the two)."""

    rating: Annotated[int, msgspec.Meta(ge=MIN_RATING, le=MAX_RATING, examples=[5])]
    comment: Annotated[str, msgspec.Meta(max_length=MAX_COMMENT)] = ""
    rental_booking_id: DealId | None = None
    sale_order_id: DealId | None = None


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
        self, state: State, principal: Caller, data: JSONBody[CreateReviewBody]
    ) -> ReviewView:
        review = await reviews.write_review(
            bookings(state),
            author_id=principal.user_id,
            rating=data.rating,
            comment=data.comment,
            rental_booking_id=data.rental_booking_id,
            sale_order_id=data.sale_order_id,
        )
        return review_view(review)

    @get(
        "/api/vehicles/{vehicle_id:str}/reviews",
        operation_id="listVehicleReviews",
        summary="A vehicle's reviews, newest first, with its rating",
    )
    async def of_vehicle(
        self, state: State, vehicle_id: PathId, page: PageNumber = 1, limit: PageSize = 20
    ) -> ReviewsPage:
        found, summary = await reviews.vehicle_reviews(
            bookings(state), vehicle_id=vehicle_id, page=page, limit=limit
        )
        listed = paged_of(found, review_view)
        return ReviewsPage(
            data=listed.data, pagination=listed.pagination, summary=rating_view(summary)
        )


__all__ = ["ReviewController"]
