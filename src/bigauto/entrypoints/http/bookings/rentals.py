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
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import Parameter

from bigauto.domain.bookings.lifecycles import RentalState
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import OPTIONAL_USER, USER, Principal
from bigauto.entrypoints.http.bookings.views import paging, quote_json, rental_json
from bigauto.entrypoints.http.catalogue.views import page_json
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.idempotency import idempotent
from bigauto.ports.bookings.repositories import Side
from bigauto.services.bookings import rentals
from bigauto.services.bookings.context import Bookings


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


@attrs.frozen
class ReasonBody:
    """An optional reason, kept in the audit trail."""

    reason: str | None = None


def side_of(value: str | None) -> Side:
    if value not in (None, "customer", "seller"):
        raise ValidationFailed("as is customer or seller", details={"as": value})
    return value  # type: ignore[return-value]


def state_of(cls: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(s.value for s in cls)
        raise ValidationFailed(f"status is one of {allowed}", details={"status": value}) from None


def bookings(state: State) -> Bookings:
    ctx: Bookings = state.container.bookings()
    return ctx


async def reason(request: Request[Any, Any, Any]) -> str | None:
    return decode(await request.body(), ReasonBody).reason


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
            start_date=body.start_date,
            end_date=body.end_date,
            options=body.options,
            promo_code=body.promo_code,
            viewer_id=principal.user_id if principal else None,
        )
        return quote_json(quote, rate)


class RentalController(Controller):
    """Rental bookings of the signed-in user (as customer or as seller)."""

    path = "/api/rentals"
    tags = ["rentals"]
    dependencies = {"principal": USER}

    @post(
        "",
        operation_id="createRental",
        summary="Book a vehicle: pending_payment with a payment hold (Idempotency-Key)",
        opt={"rate_category": "booking"},
    )
    async def create(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        raw = await request.body()

        async def run() -> tuple[int, dict[str, Any]]:
            body = decode(raw, RentalBody)
            booking = await rentals.request_rental(
                bookings(state),
                customer_id=principal.user_id,
                vehicle_id=body.vehicle_id,
                start_date=body.start_date,
                end_date=body.end_date,
                options=body.options,
                promo_code=body.promo_code,
            )
            return 201, rental_json(booking)

        return await idempotent(request, principal, "POST /api/rentals", raw, run)

    @get("", operation_id="listRentals", summary="My bookings (?as=customer|seller, ?status=)")
    async def index(
        self,
        state: State,
        principal: Principal,
        side: str | None = Parameter(query="as", default=None),
        status: str | None = None,
        page: int = 1,
        limit: int = 20,
    ) -> dict[str, Any]:
        page, limit = paging(page, limit)
        found = await rentals.list_rentals(
            bookings(state),
            user_id=principal.user_id,
            side=side_of(side),
            status=state_of(RentalState, status),
            page=page,
            limit=limit,
        )
        return page_json(found, rental_json)

    @get("/{booking_id:str}", operation_id="getRental")
    async def show(self, state: State, principal: Principal, booking_id: str) -> dict[str, Any]:
        booking = await rentals.get_rental(
            bookings(state),
            booking_id=booking_id,
            user_id=principal.user_id,
            is_admin=principal.is_admin,
        )
        return rental_json(booking)

    @post("/{booking_id:str}/confirm", operation_id="confirmRental", status_code=200)
    async def confirm(self, state: State, principal: Principal, booking_id: str) -> dict[str, Any]:
        return rental_json(
            await rentals.confirm_rental(
                bookings(state), booking_id=booking_id, user_id=principal.user_id
            )
        )

    @post("/{booking_id:str}/start", operation_id="startRental", status_code=200)
    async def start(self, state: State, principal: Principal, booking_id: str) -> dict[str, Any]:
        return rental_json(
            await rentals.start_rental(
                bookings(state), booking_id=booking_id, user_id=principal.user_id
            )
        )

    @post("/{booking_id:str}/complete", operation_id="completeRental", status_code=200)
    async def complete(self, state: State, principal: Principal, booking_id: str) -> dict[str, Any]:
        return rental_json(
            await rentals.complete_rental(
                bookings(state), booking_id=booking_id, user_id=principal.user_id
            )
        )

    @post("/{booking_id:str}/cancel", operation_id="cancelRental", status_code=200)
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Principal,
        booking_id: str,
    ) -> dict[str, Any]:
        return rental_json(
            await rentals.cancel_rental(
                bookings(state),
                booking_id=booking_id,
                user_id=principal.user_id,
                is_admin=principal.is_admin,
                reason=await reason(request),
            )
        )


__all__ = ["QuoteController", "RentalController", "bookings", "reason", "side_of", "state_of"]
