"""Sale orders: ``/api/sale-orders`` (offer, list, show, negotiate, documents, complete, cancel)
and the seller's floor price: ``PUT /api/vehicles/{id}/sale-floor``.

``POST /api/sale-orders`` takes an ``Idempotency-Key``. An offer below the seller's floor is
422 ``OFFER_BELOW_FLOOR`` (the floor itself is never shown); a second accepted order for a
vehicle is 409 ``SALE_ORDER_ALREADY_ACCEPTED``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from litestar import Controller, Request, patch, put
from litestar.datastructures import State

from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.entrypoints.http.auth import SELLER, USER, Principal
from bigauto.entrypoints.http.bookings.deals import DealRoutes, bookings, with_reason
from bigauto.entrypoints.http.bookings.views import sale_order_json
from bigauto.entrypoints.http.codec import decode
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


def _price(raw: bytes) -> Mapping[str, Any]:
    return {"price": decode(raw, CounterBody).price}


def _documents(raw: bytes) -> Mapping[str, Any]:
    return {"documents": decode(raw, DocumentsBody).flags()}


ORDER = DealRoutes("/{order_id:str}", sale_order_json, SaleOrderState, customer="buyer_id")


class SaleOrderController(Controller):
    """Orders of the signed-in user, as buyer or as seller."""

    path = "/api/sale-orders"
    tags = ["sales"]
    dependencies = {"principal": USER}

    create = ORDER.create(
        "createSaleOrder",
        "Offer a price for a car on sale (Idempotency-Key)",
        sale_orders.offer,
        OfferBody,
    )
    index = ORDER.index(
        "listSaleOrders", "My orders (?as=customer|seller, ?status=)", sale_orders.list_orders
    )
    show = ORDER.show("getSaleOrder", sale_orders.get_order)
    accept = ORDER.move("/accept", "acceptSaleOrder", sale_orders.accept)
    reject = ORDER.move("/reject", "rejectSaleOrder", sale_orders.reject, body=with_reason)
    counter = ORDER.move("/counter", "counterSaleOrder", sale_orders.counter, body=_price)
    accept_counter = ORDER.move("/accept-counter", "acceptCounterOffer", sale_orders.accept_counter)
    cancel = ORDER.move(
        "/cancel", "cancelSaleOrder", sale_orders.cancel, admins=True, body=with_reason
    )
    start_documents = ORDER.move(
        "/start-documents", "startSaleDocuments", sale_orders.start_documents
    )
    documents = ORDER.move(
        "/documents",
        "markSaleDocuments",
        sale_orders.mark_documents,
        admins=True,
        body=_documents,
        method=patch,
    )
    complete = ORDER.move("/complete", "completeSaleOrder", sale_orders.complete, admins=True)


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
