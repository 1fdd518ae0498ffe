"""Rentals: ``/api/rentals`` (book, list, show, confirm, start, complete, cancel) and
``POST /api/vehicles/{id}/quote``.

``POST /api/rentals`` takes an ``Idempotency-Key``; it answers 201 with the booking in
``pending_payment`` and its quote snapshot, or 409 ``VEHICLE_UNAVAILABLE``. A booking is shown
to its customer, its seller and admins only (404 for anyone else); an illegal move is 409
``INVALID_TRANSITION`` naming the current state.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from litestar import Controller, Request, post
from litestar.datastructures import State

from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.entrypoints.http.auth import OPTIONAL_USER, USER, Principal, viewer_id
from bigauto.entrypoints.http.bookings.deals import DealRoutes, bookings, with_reason
from bigauto.entrypoints.http.bookings.views import quote_json, rental_json
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.services.bookings import rentals


@attrs.frozen
class QuoteBody:
    start_date: date
    end_date: date
    options: list[str] = attrs.Factory(list)
    promo_code: str | None = None


@attrs.frozen
class RentalBody:
    vehicle_id: str
    start_date: date
    end_date: date
    options: list[str] = attrs.Factory(list)
    promo_code: str | None = None


RENTAL = DealRoutes("/{booking_id:str}", rental_json, RentalState)


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
        self,
        request: Request[Any, Any, Any],
        state: State,
        vehicle_id: str,
        principal: Principal | None,
    ) -> dict[str, Any]:
        body = decode(await request.body(), QuoteBody)
        quote, rate = await rentals.quote_vehicle(
            bookings(state),
            vehicle_id=vehicle_id,
            viewer_id=viewer_id(principal),
            **fields_of(body),
        )
        return quote_json(quote, rate)


class RentalController(Controller):
    """Rental bookings of the signed-in user (as customer or as seller)."""

    path = "/api/rentals"
    tags = ["rentals"]
    dependencies = {"principal": USER}

    create = RENTAL.create(
        "createRental",
        "Book a vehicle: pending_payment with a payment hold (Idempotency-Key)",
        rentals.request_rental,
        RentalBody,
    )
    index = RENTAL.index(
        "listRentals", "My bookings (?as=customer|seller, ?status=)", rentals.list_rentals
    )
    show = RENTAL.show("getRental", rentals.get_rental)
    confirm = RENTAL.move("/confirm", "confirmRental", rentals.confirm_rental)
    start = RENTAL.move("/start", "startRental", rentals.start_rental)
    complete = RENTAL.move("/complete", "completeRental", rentals.complete_rental)
    cancel = RENTAL.move(
        "/cancel", "cancelRental", rentals.cancel_rental, admins=True, body=with_reason
    )


__all__ = ["QuoteController", "RentalController"]
