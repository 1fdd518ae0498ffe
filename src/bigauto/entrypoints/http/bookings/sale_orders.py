"""Sale orders: ``/api/sale-orders`` (offer, list, show, negotiate, documents, complete, cancel)
and the seller's floor price: ``PUT /api/vehicles/{id}/sale-floor``.

``POST /api/sale-orders`` takes an ``Idempotency-Key``. An offer below the seller's floor is
422 ``OFFER_BELOW_FLOOR`` (the floor itself is never shown); a second accepted order for a
vehicle is 409 ``SALE_ORDER_ALREADY_ACCEPTED``.
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, Response, get, patch, post, put
from litestar.datastructures import State
from litestar.params import Parameter

from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.entrypoints.http.auth import SELLER, USER, Principal
from bigauto.entrypoints.http.bookings.rentals import bookings, reason, side_of, state_of
from bigauto.entrypoints.http.bookings.views import paging, sale_order_json
from bigauto.entrypoints.http.catalogue.views import page_json
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.idempotency import idempotent
from bigauto.services.bookings import sale_orders


@attrs.frozen
class OfferBody:
    vehicle_id: str
    offer_price: int


@attrs.frozen
class CounterBody:
    price: int


@attrs.frozen
class DocumentsBody:
    bpkb_transferred: bool | None = None
    stnk_transferred: bool | None = None
    faktur_transferred: bool | None = None
    pajak_transferred: bool | None = None

    def flags(self) -> dict[SaleDocument, bool]:
        return {
            doc: flag
            for doc in SaleDocument
            if (flag := getattr(self, f"{doc.value}_transferred")) is not None
        }


@attrs.frozen
class FloorBody:
    """The lowest offer to consider; null removes it."""

    floor_price: int | None


class SaleOrderController(Controller):
    """Orders of the signed-in user, as buyer or as seller."""

    path = "/api/sale-orders"
    tags = ["sales"]
    dependencies = {"principal": USER}

    @post(
        "",
        operation_id="createSaleOrder",
        summary="Offer a price for a car on sale (Idempotency-Key)",
        opt={"rate_category": "booking"},
    )
    async def create(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        raw = await request.body()

        async def run() -> tuple[int, dict[str, Any]]:
            body = decode(raw, OfferBody)
            order = await sale_orders.offer(
                bookings(state),
                buyer_id=principal.user_id,
                vehicle_id=body.vehicle_id,
                offer_price=body.offer_price,
            )
            return 201, sale_order_json(order)

        return await idempotent(request, principal, "POST /api/sale-orders", raw, run)

    @get("", operation_id="listSaleOrders", summary="My orders (?as=customer|seller, ?status=)")
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
        found = await sale_orders.list_orders(
            bookings(state),
            user_id=principal.user_id,
            side=side_of(side),
            status=state_of(SaleOrderState, status),
            page=page,
            limit=limit,
        )
        return page_json(found, sale_order_json)

    @get("/{order_id:str}", operation_id="getSaleOrder")
    async def show(self, state: State, principal: Principal, order_id: str) -> dict[str, Any]:
        order = await sale_orders.get_order(
            bookings(state),
            order_id=order_id,
            user_id=principal.user_id,
            is_admin=principal.is_admin,
        )
        return sale_order_json(order)

    @post("/{order_id:str}/accept", operation_id="acceptSaleOrder", status_code=200)
    async def accept(self, state: State, principal: Principal, order_id: str) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.accept(bookings(state), order_id=order_id, user_id=principal.user_id)
        )

    @post("/{order_id:str}/reject", operation_id="rejectSaleOrder", status_code=200)
    async def reject(
        self, request: Request[Any, Any, Any], state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.reject(
                bookings(state),
                order_id=order_id,
                user_id=principal.user_id,
                reason=await reason(request),
            )
        )

    @post("/{order_id:str}/counter", operation_id="counterSaleOrder", status_code=200)
    async def counter(
        self, request: Request[Any, Any, Any], state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        body = decode(await request.body(), CounterBody)
        return sale_order_json(
            await sale_orders.counter(
                bookings(state), order_id=order_id, user_id=principal.user_id, price=body.price
            )
        )

    @post("/{order_id:str}/accept-counter", operation_id="acceptCounterOffer", status_code=200)
    async def accept_counter(
        self, state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.accept_counter(
                bookings(state), order_id=order_id, user_id=principal.user_id
            )
        )

    @post("/{order_id:str}/cancel", operation_id="cancelSaleOrder", status_code=200)
    async def cancel(
        self, request: Request[Any, Any, Any], state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.cancel(
                bookings(state),
                order_id=order_id,
                user_id=principal.user_id,
                is_admin=principal.is_admin,
                reason=await reason(request),
            )
        )

    @post("/{order_id:str}/start-documents", operation_id="startSaleDocuments", status_code=200)
    async def start_documents(
        self, state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.start_documents(
                bookings(state), order_id=order_id, user_id=principal.user_id
            )
        )

    @patch("/{order_id:str}/documents", operation_id="markSaleDocuments")
    async def documents(
        self, request: Request[Any, Any, Any], state: State, principal: Principal, order_id: str
    ) -> dict[str, Any]:
        body = decode(await request.body(), DocumentsBody)
        return sale_order_json(
            await sale_orders.mark_documents(
                bookings(state),
                order_id=order_id,
                user_id=principal.user_id,
                documents=body.flags(),
                is_admin=principal.is_admin,
            )
        )

    @post("/{order_id:str}/complete", operation_id="completeSaleOrder", status_code=200)
    async def complete(self, state: State, principal: Principal, order_id: str) -> dict[str, Any]:
        return sale_order_json(
            await sale_orders.complete(
                bookings(state),
                order_id=order_id,
                user_id=principal.user_id,
                is_admin=principal.is_admin,
            )
        )


class SaleFloorController(Controller):
    """The seller's floor price on a sale listing (an API addition)."""

    tags = ["sales"]

    @put(
        "/api/vehicles/{vehicle_id:str}/sale-floor",
        operation_id="setSaleFloor",
        summary="Set (or with null remove) the lowest offer the seller considers",
        dependencies={"principal": SELLER},
    )
    async def set_floor(
        self, request: Request[Any, Any, Any], state: State, vehicle_id: str, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), FloorBody)
        await sale_orders.set_sale_floor(
            bookings(state),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            floor_price=body.floor_price,
        )
        return {"vehicle_id": vehicle_id, "floor_price": body.floor_price}


__all__ = ["SaleFloorController", "SaleOrderController"]
