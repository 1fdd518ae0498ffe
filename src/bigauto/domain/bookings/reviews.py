"""Reviews: a customer rates a vehicle (and so its seller) after a completed rental or sale.

A review belongs to exactly one finished deal: a rental that is ``selesai`` or a sale order that
is ``completed``. Only the customer of that deal (the renter or the buyer) writes it, once per
deal; sellers do not review customers (there is nowhere a customer's rating would be shown).
The vehicle's and the seller's ratings are the average of their reviews, rounded half up to two
decimals (``average_rating``).

>>> average_rating(14, 3)
Decimal('4.67')
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import attrs

from bigauto.domain.bookings.errors import ReviewNotAllowed
from bigauto.domain.bookings.lifecycles import RentalState, SaleOrderState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.shared.audit import require_aware
from bigauto.domain.shared.errors import PermissionDenied, ValidationFailed

MIN_RATING, MAX_RATING = 1, 5
MAX_COMMENT = 2000


def _rating(value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_RATING <= value <= MAX_RATING
    ):
        raise ValidationFailed(
            f"a rating is a whole number from {MIN_RATING} to {MAX_RATING}, not {value!r}",
            details={"rating": repr(value)},
        )
    return value


def _comment(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_COMMENT:
        raise ValidationFailed(
            f"a comment is text of at most {MAX_COMMENT} characters", details={"field": "comment"}
        )
    return value.strip()


def average_rating(total: int, count: int) -> Decimal | None:
    """The mean of ``count`` ratings adding up to ``total``, two decimals, half up; None if
    there are none."""
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@attrs.frozen
class RatingSummary:
    """How many reviews something has and their average (None before the first)."""

    count: int
    total: int

    @property
    def average(self) -> Decimal | None:
        return average_rating(self.total, self.count)


@attrs.frozen
class Review:
    """A customer's rating (1 to 5) and comment on the vehicle of one finished deal."""

    id: str
    author_id: str
    vehicle_id: str
    seller_id: str
    rating: int = attrs.field(converter=_rating)
    comment: str = attrs.field(converter=_comment)
    created_at: datetime
    rental_booking_id: str | None = None
    sale_order_id: str | None = None

    def __attrs_post_init__(self) -> None:
        require_aware(self.created_at, "created_at")
        if (self.rental_booking_id is None) == (self.sale_order_id is None):
            raise ValidationFailed("a review is of exactly one rental booking or sale order")

    @classmethod
    def of(
        cls,
        deal: RentalBooking | SaleOrder,
        *,
        review_id: str,
        author_id: str,
        rating: int,
        comment: str,
        now: datetime,
    ) -> Review:
        """The customer's review of a finished deal: a rental that is ``selesai``, by its
        renter, or a sale order that is ``completed``, by its buyer."""
        if isinstance(deal, RentalBooking):
            who, what, link = "renter", "rental", {"rental_booking_id": deal.id}
            done = deal.status is RentalState.SELESAI
        else:
            who, what, link = "buyer", "sale", {"sale_order_id": deal.id}
            done = deal.status is SaleOrderState.COMPLETED
        if author_id != deal.customer_id:
            raise PermissionDenied(f"only the {who} reviews a {what}", details={})
        if not done:
            raise ReviewNotAllowed(
                f"a {what} is reviewed once it is completed",
                details={"status": deal.status.value},
            )
        return cls(
            id=review_id,
            author_id=author_id,
            vehicle_id=deal.vehicle_id,
            seller_id=deal.seller_id,
            rating=rating,
            comment=comment,
            created_at=now,
            **link,
        )


__all__ = ["MAX_COMMENT", "RatingSummary", "Review", "average_rating"]
