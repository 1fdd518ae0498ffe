"""A listing's calendar: ``GET /api/vehicles/{id}/availability?from=&to=`` (busy periods) and
the owner's blocks: ``POST / GET /api/vehicles/{id}/blocks``, ``DELETE .../blocks/{block_id}``.

Periods are ``{start_date, end_date}`` with ``end_date`` exclusive. Blocking days a rental holds
answers 409 ``VEHICLE_UNAVAILABLE``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from litestar import Controller, delete, get, post
from litestar.datastructures import State
from litestar.params import Parameter

from bigauto.entrypoints.http.auth import OPTIONAL_USER, SELLER, Principal, viewer_id
from bigauto.entrypoints.http.catalogue.views import period_json
from bigauto.entrypoints.http.codec import decode
from bigauto.services.catalogue.calendar import (
    Block,
    block_dates,
    busy_periods,
    lift_block,
    list_blocks,
)


@attrs.frozen
class BlockBody:
    start_date: date
    end_date: date
    reason: str = ""


def block_json(block: Block) -> dict[str, Any]:
    return {"id": block.id, **period_json(block.period), "reason": block.reason}


class AvailabilityController(Controller):
    """Busy periods of a listing, for anyone."""

    tags = ["catalogue"]
    dependencies = {"principal": OPTIONAL_USER}

    @get(
        "/api/vehicles/{vehicle_id:str}/availability",
        operation_id="vehicleAvailability",
        summary="Busy periods between from and to (default: the next 90 days)",
    )
    async def availability(
        self,
        state: State,
        vehicle_id: str,
        principal: Principal | None,
        start: date | None = Parameter(query="from", default=None),
        end: date | None = Parameter(query="to", default=None),
    ) -> dict[str, Any]:
        c = state.container
        window, busy = await busy_periods(
            c.catalogue(),
            vehicle_id=vehicle_id,
            start=start,
            end=end,
            viewer_id=viewer_id(principal),
            turnaround_days=c.booking_policy().turnaround_days,
        )
        return {
            "vehicle_id": vehicle_id,
            "from": window.start.isoformat(),
            "to": window.end.isoformat(),
            "busy": [period_json(p) for p in busy],
        }


class BlockController(Controller):
    """The owner's blocks on a rental listing."""

    path = "/api/vehicles/{vehicle_id:str}/blocks"
    tags = ["catalogue"]
    dependencies = {"principal": SELLER}

    @post("", operation_id="blockVehicleDates", summary="Block dates on one's own rental listing")
    async def block(
        self, body: bytes, state: State, vehicle_id: str, principal: Principal
    ) -> dict[str, Any]:
        wanted = decode(body, BlockBody)
        block = await block_dates(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            start=wanted.start_date,
            end=wanted.end_date,
            reason=wanted.reason,
        )
        return block_json(block)

    @get("", operation_id="listVehicleBlocks", summary="The owner's blocks on a listing")
    async def blocks(self, state: State, vehicle_id: str, principal: Principal) -> dict[str, Any]:
        found = await list_blocks(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )
        return {"data": [block_json(b) for b in found]}

    @delete(
        "/{block_id:str}", operation_id="liftVehicleBlock", summary="Lift one of the owner's blocks"
    )
    async def lift(
        self, state: State, vehicle_id: str, block_id: str, principal: Principal
    ) -> None:
        await lift_block(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            block_id=block_id,
        )


__all__ = ["AvailabilityController", "BlockController"]
