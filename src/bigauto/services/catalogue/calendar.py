"""A vehicle's calendar seen from outside: busy periods for anyone, blocks for the owner.

The calendar table is the one source of truth for taken days (bookings and payment holds are
written by the rental use cases). An owner blocks days for maintenance or own use; a block may
not overlap a live booking or hold (409 ``VEHICLE_UNAVAILABLE``), but may overlap another block.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from bigauto.domain.catalogue.availability import CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.catalogue.horizon import check_in_horizon
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.errors import InvalidPeriod, NotFound, ValidationFailed
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS, DatePeriod
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.catalogue.listings import owned_vehicle, visible_vehicle

#: How far ahead availability is shown when the caller does not say.
DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 366
#: The longest reason an owner gives for a block.
MAX_BLOCK_REASON = 300


@attrs.frozen
class Block:
    """Days an owner took a vehicle off the market, with the reason they gave."""

    id: str
    vehicle_id: str
    period: DatePeriod
    reason: str


def _window(start: date | None, end: date | None, today: date) -> DatePeriod:
    check_in_horizon(start, today=today, field="from")
    check_in_horizon(end, today=today, field="to")
    start = start or today
    end = end or start + timedelta(days=DEFAULT_WINDOW_DAYS)
    period = DatePeriod(start, end)
    if period.days > MAX_WINDOW_DAYS:
        raise InvalidPeriod(
            f"ask for at most {MAX_WINDOW_DAYS} days at a time", details={"days": period.days}
        )
    return period


async def busy_periods(
    ctx: Catalogue,
    *,
    vehicle_id: str,
    start: date | None = None,
    end: date | None = None,
    viewer_id: str | None = None,
    turnaround_days: int = 0,
) -> tuple[DatePeriod, Sequence[DatePeriod]]:
    """The window asked about (default: today and the next 90 days) and its busy periods,
    turnaround buffers around rentals included (days no rental may start or run on)."""
    now = ctx.clock.now()
    window = _window(start, end, now.date())
    async with ctx.uow_factory() as uow:
        await visible_vehicle(uow, vehicle_id, viewer_id)
        calendar = await uow.calendar.entries(vehicle_id, window, turnaround_days=turnaround_days)
    return window, calendar.busy_windows(window, at=now)


async def block_dates(
    ctx: Catalogue,
    *,
    user_id: str,
    vehicle_id: str,
    start: date,
    end: date,
    reason: str = "",
) -> Block:
    """Block ``[start, end)`` on the owner's rental listing."""
    now = ctx.clock.now()
    check_in_horizon(end, today=now.date(), field="end_date")
    period = DatePeriod.for_rental(start, end, max_days=MAX_RENTAL_DAYS)
    if start < now.date():
        raise InvalidPeriod(
            f"start_date {start.isoformat()} is in the past",
            details={"start_date": start.isoformat(), "today": now.date().isoformat()},
        )
    if len(reason) > MAX_BLOCK_REASON:
        raise ValidationFailed(
            f"the reason is at most {MAX_BLOCK_REASON} characters", details={"field": "reason"}
        )
    block = Block(ctx.ids.new_id(), vehicle_id, period, reason)
    async with ctx.uow_factory() as uow:
        vehicle = await owned_vehicle(uow, vehicle_id, user_id)
        if vehicle.category is not Category.RENTAL:
            raise ValidationFailed(
                "only rental listings have a calendar", details={"vehicle_id": vehicle_id}
            )
        calendar = await uow.calendar.entries(vehicle_id, period)
        clashes = [e for e in calendar.conflicts(period, at=now) if e.kind is not EntryKind.BLOCK]
        if clashes:
            raise VehicleUnavailable(
                "these dates are taken by a rental; they cannot be blocked",
                details={
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat(),
                    "conflicts": [{"ref": e.ref, "kind": e.kind.value} for e in clashes],
                },
            )
        entry = CalendarEntry.block(block.id, period)
        await uow.calendar.add(vehicle_id, entry, created_at=now, note=reason)
        await uow.commit()
    return block


async def list_blocks(ctx: Catalogue, *, user_id: str, vehicle_id: str) -> Sequence[Block]:
    """The owner's active blocks on a listing, in date order."""
    async with ctx.uow_factory() as uow:
        await owned_vehicle(uow, vehicle_id, user_id)
        calendar = await uow.calendar.entries(vehicle_id)
        blocks = []
        for entry in calendar.entries:
            if entry.kind is EntryKind.BLOCK:
                record = await uow.calendar.find(entry.ref)
                reason = record.note if record is not None else ""
                blocks.append(Block(entry.ref, vehicle_id, entry.period, reason))
    return blocks


async def lift_block(ctx: Catalogue, *, user_id: str, vehicle_id: str, block_id: str) -> None:
    """Remove one of the owner's blocks."""
    async with ctx.uow_factory() as uow:
        await owned_vehicle(uow, vehicle_id, user_id)
        record = await uow.calendar.find(block_id)
        if (
            record is None
            or record.vehicle_id != vehicle_id
            or record.entry.kind is not EntryKind.BLOCK
        ):
            raise NotFound(f"no block {block_id} on vehicle {vehicle_id}", details={"id": block_id})
        await uow.calendar.remove(block_id, at=ctx.clock.now())
        await uow.commit()


__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "MAX_BLOCK_REASON",
    "MAX_WINDOW_DAYS",
    "Block",
    "block_dates",
    "busy_periods",
    "lift_block",
    "list_blocks",
]
