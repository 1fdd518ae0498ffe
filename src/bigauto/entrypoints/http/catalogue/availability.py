"""A listing's calendar: ``GET /api/vehicles/{id}/availability?from=&to=`` (busy periods) and
the owner's blocks: ``POST / GET /api/vehicles/{id}/blocks``, ``DELETE .../blocks/{block_id}``.

Periods are ``{start_date, end_date}`` with ``end_date`` exclusive. Every day asked about lies
within the calendar's horizon (a year back to two years ahead); a window is at most 366 days,
a block at most 365. Blocking days a rental holds answers 409 ``VEHICLE_UNAVAILABLE``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, QueryParameter

from bigauto.entrypoints.http.auth import OPTIONAL_USER, SELLER, Caller, OptionalCaller, viewer_id
from bigauto.entrypoints.http.catalogue.views import (
    Availability,
    Blocks,
    BlockView,
    block_view,
    period_view,
)
from bigauto.entrypoints.http.contract import Body, Day, PathId
from bigauto.services.catalogue.calendar import (
    MAX_BLOCK_REASON,
    block_dates,
    busy_periods,
    lift_block,
    list_blocks,
)


class BlockBody(Body):
    """Days to take a rental off the market: ``[start_date, end_date)``, from today on."""

    start_date: Day
    end_date: Day
    reason: Annotated[str, msgspec.Meta(max_length=MAX_BLOCK_REASON, examples=["servis"])] = ""


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
        vehicle_id: PathId,
        principal: OptionalCaller,
        start: Annotated[
            date | None, QueryParameter(name="from", description="First day (default: today)")
        ] = None,
        end: Annotated[
            date | None,
            QueryParameter(name="to", description="Day after the last (default: from + 90 days)"),
        ] = None,
    ) -> Availability:
        c = state.container
        window, busy = await busy_periods(
            c.catalogue(),
            vehicle_id=vehicle_id,
            start=start,
            end=end,
            viewer_id=viewer_id(principal),
            turnaround_days=c.booking_policy().turnaround_days,
        )
        return Availability(
            vehicle_id=vehicle_id,
            from_=window.start,
            to=window.end,
            busy=[period_view(p) for p in busy],
        )


class BlockController(Controller):
    """The owner's blocks on a rental listing."""

    path = "/api/vehicles/{vehicle_id:str}/blocks"
    tags = ["catalogue"]
    dependencies = {"principal": SELLER}

    @post("", operation_id="blockVehicleDates", summary="Block dates on one's own rental listing")
    async def block(
        self, data: JSONBody[BlockBody], state: State, vehicle_id: PathId, principal: Caller
    ) -> BlockView:
        block = await block_dates(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            start=data.start_date,
            end=data.end_date,
            reason=data.reason,
        )
        return block_view(block)

    @get("", operation_id="listVehicleBlocks", summary="The owner's blocks on a listing")
    async def blocks(self, state: State, vehicle_id: PathId, principal: Caller) -> Blocks:
        found = await list_blocks(
            state.container.catalogue(), user_id=principal.user_id, vehicle_id=vehicle_id
        )
        return Blocks(data=[block_view(b) for b in found])

    @delete(
        "/{block_id:str}", operation_id="liftVehicleBlock", summary="Lift one of the owner's blocks"
    )
    async def lift(
        self, state: State, vehicle_id: PathId, block_id: PathId, principal: Caller
    ) -> None:
        await lift_block(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            block_id=block_id,
        )


__all__ = ["AvailabilityController", "BlockController"]
