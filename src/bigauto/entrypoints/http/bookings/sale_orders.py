"""Sale orders: ``/api/sale-orders`` (offer, list, show, negotiate, documents, complete, cancel)
and the seller's floor price: ``PUT /api/vehicles/{id}/sale-floor``.

``POST /api/sale-orders`` takes an ``Idempotency-Key``. An offer below the seller's floor is
422 ``OFFER_BELOW_FLOOR`` (the floor itself is never shown); a second accepted order for a
vehicle is 409 ``SALE_ORDER_ALREADY_ACCEPTED``. Once a price is agreed the order says how to
pay it (its ``payment``).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, patch, put
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.entrypoints.http.auth import SELLER, USER, Caller
from bigauto.entrypoints.http.bookings.deals import DealRoutes, MoveBody, ReasonBody, bookings
from bigauto.entrypoints.http.bookings.views import SaleOrderView, sale_order_view
from bigauto.entrypoints.http.contract import Body, Id, PathId, PositiveRupiah, View, shown
from bigauto.services.bookings import sale_orders
from bigauto.services.bookings.context import Bookings


class CreateSaleOrderBody(Body):
    """Offer ``offer_price`` rupiah for ``vehicle_id``."""

    vehicle_id: Id
    offer_price: PositiveRupiah


class CounterBody(MoveBody):
    """The seller's counter-offer, in rupiah."""

    price: PositiveRupiah

    def args(self) -> dict[str, Any]:
        return {"price": self.price}


class DocumentsBody(MoveBody):
    """The papers handed over now (``true``); a paper left out (or null) is not changed."""

    bpkb_transferred: bool | None = None
    stnk_transferred: bool | None = None
    faktur_transferred: bool | None = None
    pajak_transferred: bool | None = None

    def args(self) -> dict[str, Any]:
        flags = {
            doc: flag
            for doc in SaleDocument
            if (flag := getattr(self, f"{doc.value}_transferred")) is not None
        }
        return {"documents": flags}


class FloorBody(Body):
    """The lowest offer to consider, in rupiah; null removes it."""

    floor_price: Annotated[PositiveRupiah, shown(PositiveRupiah)] | None


class FloorView(View):
    """The vehicle's floor price now (null: none)."""

    vehicle_id: str
    floor_price: int | None


async def _offer(ctx: Bookings, buyer_id: str, body: CreateSaleOrderBody) -> SaleOrder:
    return await sale_orders.offer(
        ctx, buyer_id=buyer_id, vehicle_id=body.vehicle_id, offer_price=body.offer_price
    )


ORDER = DealRoutes("/{order_id:str}", sale_order_view, SaleOrderView, SaleOrderState)


class SaleOrderController(Controller):
    """Orders of the signed-in user, as buyer or as seller."""

    path = "/api/sale-orders"
    tags = ["sales"]
    dependencies = {"principal": USER}

    create = ORDER.create(
        "createSaleOrder", "Offer a price for a car on sale", _offer, CreateSaleOrderBody
    )
    index = ORDER.index(
        "listSaleOrders", "My orders (?as=customer|seller, ?status=)", sale_orders.list_orders
    )
    show = ORDER.show("getSaleOrder", sale_orders.get_order)
    accept = ORDER.move("/accept", "acceptSaleOrder", sale_orders.accept)
    reject = ORDER.move("/reject", "rejectSaleOrder", sale_orders.reject, body=ReasonBody)
    counter = ORDER.move("/counter", "counterSaleOrder", sale_orders.counter, body=CounterBody)
    accept_counter = ORDER.move("/accept-counter", "acceptCounterOffer", sale_orders.accept_counter)
    cancel = ORDER.move(
        "/cancel", "cancelSaleOrder", sale_orders.cancel, admins=True, body=ReasonBody
    )
    start_documents = ORDER.move(
        "/start-documents", "startSaleDocuments", sale_orders.start_documents
    )
    documents = ORDER.move(
        "/documents",
        "markSaleDocuments",
        sale_orders.mark_documents,
        admins=True,
        body=DocumentsBody,
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
        self, state: State, vehicle_id: PathId, principal: Caller, data: JSONBody[FloorBody]
    ) -> FloorView:
        await sale_orders.set_sale_floor(
            bookings(state),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            floor_price=data.floor_price,
        )
        return FloorView(vehicle_id=vehicle_id, floor_price=data.floor_price)


__all__ = ["SaleFloorController", "SaleOrderController"]
