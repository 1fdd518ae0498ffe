"""Rentals: ``/api/rentals`` (book, list, show, confirm, start, complete, cancel) and
``POST /api/vehicles/{id}/quote``.

``POST /api/rentals`` takes an ``Idempotency-Key``; it answers 201 with the booking in
``pending_payment``, its quote snapshot and how to pay it, or 409 ``VEHICLE_UNAVAILABLE``. A
period starts between today and ``BIGAUTO_RENTAL_HORIZON_DAYS`` (365) days ahead, in the
vehicle's city, and lasts 1 to 365 days (422 ``INVALID_PERIOD``); a quote follows the same
rule. A booking is shown to its customer, its seller and admins only (404 for anyone else); an
illegal move is 409 ``INVALID_TRANSITION`` naming the current state.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, post
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.entrypoints.http.auth import OPTIONAL_USER, USER, OptionalCaller, viewer_id
from bigauto.entrypoints.http.bookings.deals import DealRoutes, ReasonBody, bookings
from bigauto.entrypoints.http.bookings.views import (
    QuoteView,
    RentalView,
    quote_view,
    rental_view,
)
from bigauto.entrypoints.http.contract import Body, Day, Id, PathId, shown
from bigauto.services.bookings import rentals
from bigauto.services.bookings.context import Bookings

#: The code of one of the listing's rental options (``driver``, ``delivery``...).
OptionCode = Annotated[
    str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{1,40}$", max_length=40, examples=["driver"])
]
#: A promo code as the customer types it (case and surrounding spaces do not matter).
PromoCodeText = Annotated[str, msgspec.Meta(max_length=40, examples=["HEMAT10"])]
Options = Annotated[list[Annotated[OptionCode, shown(OptionCode)]], msgspec.Meta(max_length=20)]


class QuoteBody(Body):
    """The period to price (``end_date`` exclusive), the options wanted and a promo code."""

    start_date: Day
    end_date: Day
    options: Options = []
    promo_code: Annotated[PromoCodeText, shown(PromoCodeText)] | None = None


class CreateRentalBody(QuoteBody, kw_only=True):
    """Book ``vehicle_id`` for the period (``end_date`` exclusive)."""

    vehicle_id: Id


async def _book(ctx: Bookings, customer_id: str, body: CreateRentalBody) -> RentalBooking:
    return await rentals.request_rental(
        ctx,
        customer_id=customer_id,
        vehicle_id=body.vehicle_id,
        start_date=body.start_date,
        end_date=body.end_date,
        options=body.options,
        promo_code=body.promo_code,
    )


RENTAL = DealRoutes("/{booking_id:str}", rental_view, RentalView, RentalState)


class QuoteController(Controller):
    """What a rental would cost, itemised."""

    tags = ["rentals"]

    @post(
        "/api/vehicles/{vehicle_id:str}/quote",
        operation_id="quoteRental",
        summary="Price a rental of this vehicle (nothing is booked)",
        dependencies={"principal": OPTIONAL_USER},
        status_code=200,
    )
    async def quote(
        self, state: State, vehicle_id: PathId, principal: OptionalCaller, data: JSONBody[QuoteBody]
    ) -> QuoteView:
        quote, rate = await rentals.quote_vehicle(
            bookings(state),
            vehicle_id=vehicle_id,
            viewer_id=viewer_id(principal),
            start_date=data.start_date,
            end_date=data.end_date,
            options=data.options,
            promo_code=data.promo_code,
        )
        return quote_view(quote, rate)


class RentalController(Controller):
    """Rental bookings of the signed-in user (as customer or as seller)."""

    path = "/api/rentals"
    tags = ["rentals"]
    dependencies = {"principal": USER}

    create = RENTAL.create(
        "createRental",
        "Book a vehicle: pending_payment with a payment hold, and how to pay it",
        _book,
        CreateRentalBody,
    )
    index = RENTAL.index(
        "listRentals", "My bookings (?as=customer|seller, ?status=)", rentals.list_rentals
    )
    show = RENTAL.show("getRental", rentals.get_rental)
    confirm = RENTAL.move("/confirm", "confirmRental", rentals.confirm_rental)
    start = RENTAL.move("/start", "startRental", rentals.start_rental)
    complete = RENTAL.move("/complete", "completeRental", rentals.complete_rental)
    cancel = RENTAL.move(
        "/cancel", "cancelRental", rentals.cancel_rental, admins=True, body=ReasonBody
    )


__all__ = ["CreateRentalBody", "QuoteBody", "QuoteController", "RentalController"]
