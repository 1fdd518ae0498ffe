"""A sale order's moves change its listing: paid reserves it, completed sells it, a cancelled
paid order puts it back on the market (``bigauto.domain.bookings.sales.vehicle_status_after``)."""

from __future__ import annotations

import attrs

from bigauto.domain.bookings.lifecycles import SaleOrderState
from bigauto.domain.bookings.sales import vehicle_status_after
from bigauto.ports.unit_of_work import UnitOfWork


async def apply_vehicle_status(
    uow: UnitOfWork, vehicle_id: str, previous: SaleOrderState, current: SaleOrderState
) -> None:
    """Set the listing's status the move ``previous → current`` calls for, if any."""
    status = vehicle_status_after(previous, current)
    if status is None:
        return
    vehicle = await uow.vehicles.get(vehicle_id)
    if vehicle is not None and vehicle.status is not status:
        await uow.vehicles.update(attrs.evolve(vehicle, status=status))


__all__ = ["apply_vehicle_status"]
