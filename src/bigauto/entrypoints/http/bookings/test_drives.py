"""Test drives: ``/api/test-drives`` (request, list, show, confirm, complete, cancel, no-show)
and the seller's opening hours: ``GET / PUT /api/users/me/seller/opening-hours``.

Opening hours are ``{"days": [{"weekday": "monday", "opens": "08:00", "closes": "18:00"},
...]}``; a weekday left out is closed. ``scheduled_at`` is RFC 3339 with a zone, in the future
and at most ``BIGAUTO_TEST_DRIVE_HORIZON_DAYS`` (90) days ahead; the slot lasts
``BIGAUTO_TEST_DRIVE_MINUTES``. Asking for a test drive takes an ``Idempotency-Key``.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

import msgspec
from litestar import Controller, get, put
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.domain.bookings.lifecycles import TestDriveState
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours, TestDrive
from bigauto.entrypoints.http.auth import SELLER, USER, Caller
from bigauto.entrypoints.http.bookings.deals import DealRoutes, ReasonBody, bookings
from bigauto.entrypoints.http.bookings.views import (
    WEEKDAYS,
    Clock,
    DriveView,
    OpeningHoursView,
    Weekday,
    drive_view,
    opening_hours_view,
)
from bigauto.entrypoints.http.contract import Body, Id
from bigauto.services.bookings import test_drives
from bigauto.services.bookings.context import Bookings


class RequestTestDriveBody(Body):
    """Ask to drive ``vehicle_id`` from ``scheduled_at`` (RFC 3339, with a zone)."""

    vehicle_id: Id
    scheduled_at: Annotated[
        datetime, msgspec.Meta(tz=True, examples=[datetime.fromisoformat("2027-01-15T03:00Z")])
    ]


class DayBody(Body):
    """One open weekday: from ``opens`` until ``closes``, local time."""

    weekday: Weekday
    opens: Clock
    closes: Clock

    def to_domain(self) -> DayHours:
        opens, closes = time.fromisoformat(self.opens), time.fromisoformat(self.closes)
        return DayHours(WEEKDAYS.index(self.weekday), opens, closes)


class HoursBody(Body):
    """The seller's week: each open day once; a day left out is closed."""

    days: Annotated[list[DayBody], msgspec.Meta(max_length=7)]


async def _ask(ctx: Bookings, customer_id: str, body: RequestTestDriveBody) -> TestDrive:
    return await test_drives.request_test_drive(
        ctx, customer_id=customer_id, vehicle_id=body.vehicle_id, scheduled_at=body.scheduled_at
    )


DRIVE = DealRoutes("/{drive_id:str}", drive_view, DriveView, TestDriveState)


class TestDriveController(Controller):
    """Test drives of the signed-in user, as customer or as seller."""

    __test__ = False

    path = "/api/test-drives"
    tags = ["test drives"]
    dependencies = {"principal": USER}

    create = DRIVE.create(
        "requestTestDrive", "Ask for a test-drive slot (requested)", _ask, RequestTestDriveBody
    )
    index = DRIVE.index(
        "listTestDrives", "My test drives (?as=, ?status=)", test_drives.list_test_drives
    )
    show = DRIVE.show("getTestDrive", test_drives.get_test_drive)
    confirm = DRIVE.move("/confirm", "confirmTestDrive", test_drives.confirm_test_drive)
    complete = DRIVE.move("/complete", "completeTestDrive", test_drives.complete_test_drive)
    no_show = DRIVE.move("/no-show", "testDriveNoShow", test_drives.no_show)
    cancel = DRIVE.move(
        "/cancel", "cancelTestDrive", test_drives.cancel_test_drive, body=ReasonBody
    )


class OpeningHoursController(Controller):
    """The seller's opening hours for test drives (an API addition)."""

    path = "/api/users/me/seller/opening-hours"
    tags = ["test drives"]
    dependencies = {"principal": SELLER}

    @get("", operation_id="getOpeningHours")
    async def show(self, state: State, principal: Caller) -> OpeningHoursView:
        hours = await test_drives.opening_hours(bookings(state), seller_id=principal.user_id)
        return opening_hours_view(hours)

    @put("", operation_id="setOpeningHours")
    async def replace(
        self, state: State, principal: Caller, data: JSONBody[HoursBody]
    ) -> OpeningHoursView:
        hours = OpeningHours(tuple(day.to_domain() for day in data.days))
        await test_drives.set_opening_hours(
            bookings(state), seller_id=principal.user_id, hours=hours
        )
        return opening_hours_view(hours)


__all__ = ["OpeningHoursController", "TestDriveController"]
