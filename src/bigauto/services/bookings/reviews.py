"""Reviews: a customer rates the vehicle of a finished rental or sale; ratings are kept current.

Writing a review recomputes the vehicle's ``rating`` and ``review_count`` (the columns search
sorts by) from all its reviews, in the same transaction. A seller's rating is the average over
the reviews of all their vehicles, computed when asked (one aggregate query).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bigauto.domain.bookings.deals import visible_to
from bigauto.domain.bookings.events import ReviewEvents
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.reviews import RatingSummary, Review
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.bookings.context import Bookings, hidden, record
from bigauto.services.shared.events import new_event


async def refresh_vehicle_rating(uow: UnitOfWork, vehicle_id: str) -> None:
    """Set the vehicle's rating and review count from its reviews."""
    summary = await uow.reviews.summary_of_vehicle(vehicle_id)
    vehicle = await uow.vehicles.get(vehicle_id)
    if vehicle is None:
        return  # deleted listings keep their last figures
    await uow.vehicles.update(
        attrs.evolve(vehicle, rating=summary.average or Decimal(0), review_count=summary.count)
    )


async def write_review(
    ctx: Bookings,
    *,
    author_id: str,
    rating: int,
    comment: str = "",
    rental_booking_id: str | None = None,
    sale_order_id: str | None = None,
) -> Review:
    """The customer's review of one finished rental or sale (exactly one id given)."""
    if (rental_booking_id is None) == (sale_order_id is None):
        raise ValidationFailed("give exactly one of rental_booking_id and sale_order_id")
    now = ctx.clock.now()
    async with ctx.uow_factory() as uow:
        if rental_booking_id is not None:
            booking = await uow.rentals.get(rental_booking_id)
            if booking is None or not visible_to(booking, author_id):
                raise hidden("rental", rental_booking_id)
            deal: RentalBooking | SaleOrder = booking
        else:
            assert sale_order_id is not None
            order = await uow.sale_orders.get(sale_order_id)
            if order is None or not visible_to(order, author_id):
                raise hidden("sale order", sale_order_id)
            deal = order
        review = Review.of(
            deal,
            review_id=ctx.ids.new_id(),
            author_id=author_id,
            rating=rating,
            comment=comment,
            now=now,
        )
        await uow.reviews.add(review)
        await refresh_vehicle_rating(uow, review.vehicle_id)
        facts = {
            "vehicle_id": review.vehicle_id,
            "seller_id": review.seller_id,
            "author_id": review.author_id,
            "rating": review.rating,
            "rental_booking_id": review.rental_booking_id,
            "sale_order_id": review.sale_order_id,
        }
        await record(
            uow, [new_event(ctx.ids, ReviewEvents.CREATED, now, "review", review.id, facts)]
        )
        await uow.commit()
    return review


async def vehicle_reviews(
    ctx: Bookings, *, vehicle_id: str, page: int = 1, limit: int = 20
) -> tuple[Page[Review], RatingSummary]:
    """A vehicle's reviews, newest first, with its rating summary."""
    async with ctx.uow_factory() as uow:
        if await uow.vehicles.get(vehicle_id) is None:
            raise hidden("vehicle", vehicle_id)
        found = await uow.reviews.of_vehicle(vehicle_id, page=page, limit=limit)
        summary = await uow.reviews.summary_of_vehicle(vehicle_id)
    return found, summary


async def seller_rating(uow_factory: UnitOfWorkFactory, seller_id: str) -> RatingSummary:
    """How the seller's vehicles were rated, all reviews together."""
    async with uow_factory() as uow:
        return await uow.reviews.summary_of_seller(seller_id)


__all__ = ["refresh_vehicle_rating", "seller_rating", "vehicle_reviews", "write_review"]
