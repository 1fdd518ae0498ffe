"""Test-drive use cases: request a slot, confirm, complete, no-show, cancel; opening hours.

A slot must fit inside the seller's opening hours (their own, or the default Monday to
Saturday 08:00-18:00) in the vehicle city's time zone, and overlap no other active test drive
of the vehicle: checked here, and on PostgreSQL also by an exclusion constraint, so concurrent
requests for one slot cannot both succeed. Rescheduling is cancel plus a new request. An admin
may look at any test drive, but only its parties move it.
"""

from __future__ import annotations

from datetime import datetime

from bigauto.domain.bookings.lifecycles import TestDriveState
from bigauto.domain.bookings.test_drives import (
    MAX_DURATION,
    OpeningHours,
    TestDrive,
    active_slots,
    require_schedulable,
)
from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.bookings.repositories import DealQuery
from bigauto.services.bookings.context import Bookings, city_of, hidden, record, require_active
from bigauto.services.bookings.transitions import (
    Deals,
    Step,
    find_deal,
    list_deals,
    move_deal,
    party_move,
)


async def request_test_drive(
    ctx: Bookings, *, customer_id: str, vehicle_id: str, scheduled_at: datetime
) -> TestDrive:
    """Ask for a test drive of ``vehicle_id`` (for sale or for rent) from ``scheduled_at``."""
    now = ctx.clock.now()
    duration = ctx.policy.test_drive_duration
    if scheduled_at.tzinfo is None:
        raise ValidationFailed(
            "scheduled_at needs a time zone (RFC 3339, e.g. 2026-03-02T03:00:00Z)",
            details={"scheduled_at": scheduled_at.isoformat()},
        )
    # Checked before the calendar is read: an instant in year 1 or 9999 is no query to run.
    require_schedulable(scheduled_at, now=now, horizon_days=ctx.policy.test_drive_horizon_days)
    async with ctx.uow_factory() as uow:
        vehicle = await uow.vehicles.get(vehicle_id)
        if vehicle is None or not vehicle.is_public:
            raise hidden("vehicle", vehicle_id)
        require_active(vehicle)
        city = await city_of(uow, vehicle)
        hours = await uow.seller_settings.opening_hours(vehicle.seller_id)
        others = await uow.test_drives.active_of_vehicle(
            vehicle_id, start=scheduled_at - MAX_DURATION, end=scheduled_at + duration
        )
        drive, event = TestDrive.request(
            test_drive_id=ctx.ids.new_id(),
            vehicle_id=vehicle_id,
            customer_id=customer_id,
            seller_id=vehicle.seller_id,
            scheduled_at=scheduled_at,
            now=now,
            opening_hours=hours or OpeningHours.default(),
            timezone=city.timezone,
            existing=active_slots(others),
            event_id=ctx.event_id(),
            duration=duration,
            horizon_days=ctx.policy.test_drive_horizon_days,
        )
        await uow.test_drives.add(drive)
        await record(uow, [event])
        await uow.commit()
    return drive


TEST_DRIVES: Deals[TestDrive] = Deals(
    "test drive", lambda uow: uow.test_drives, "the test drive changed meanwhile"
)


async def get_test_drive(
    ctx: Bookings, *, drive_id: str, user_id: str, is_admin: bool = False
) -> TestDrive:
    """One test drive, for its customer, its seller or an admin."""
    return await find_deal(ctx, TEST_DRIVES, drive_id, user_id=user_id, is_admin=is_admin)


async def list_test_drives(ctx: Bookings, query: DealQuery[TestDriveState]) -> Page[TestDrive]:
    """The user's test drives ``query`` asks for (as customer and/or seller), newest first."""
    return await list_deals(ctx, TEST_DRIVES, query)


async def confirm_test_drive(ctx: Bookings, *, drive_id: str, user_id: str) -> TestDrive:
    """The seller confirms the appointment."""
    return await party_move(ctx, TEST_DRIVES, drive_id, user_id, TestDrive.confirm)


async def complete_test_drive(ctx: Bookings, *, drive_id: str, user_id: str) -> TestDrive:
    """The seller records that the drive took place."""
    return await party_move(ctx, TEST_DRIVES, drive_id, user_id, TestDrive.complete)


async def no_show(ctx: Bookings, *, drive_id: str, user_id: str) -> TestDrive:
    """The seller records that the customer did not come."""
    return await party_move(ctx, TEST_DRIVES, drive_id, user_id, TestDrive.no_show)


async def cancel_test_drive(
    ctx: Bookings, *, drive_id: str, user_id: str, reason: str | None = None
) -> TestDrive:
    """The customer or the seller calls it off."""

    def fire(d: TestDrive, step: Step[TestDrive]) -> tuple[TestDrive, DomainEvent]:
        return d.cancel(
            actor=d.role_of(user_id),
            actor_id=user_id,
            at=step.at,
            event_id=step.event_id,
            reason=reason,
        )

    return await move_deal(ctx, TEST_DRIVES, drive_id, fire, user_id=user_id)


async def opening_hours(ctx: Bookings, *, seller_id: str) -> OpeningHours:
    """The seller's opening hours (the default when they set none)."""
    async with ctx.uow_factory() as uow:
        return await uow.seller_settings.opening_hours(seller_id) or OpeningHours.default()


async def set_opening_hours(ctx: Bookings, *, seller_id: str, hours: OpeningHours) -> None:
    """Replace the seller's opening hours (existing appointments stay as they are)."""
    async with ctx.uow_factory() as uow:
        await uow.seller_settings.set_opening_hours(seller_id, hours)
        await uow.commit()


__all__ = [
    "TEST_DRIVES",
    "cancel_test_drive",
    "complete_test_drive",
    "confirm_test_drive",
    "get_test_drive",
    "list_test_drives",
    "no_show",
    "opening_hours",
    "request_test_drive",
    "set_opening_hours",
]
