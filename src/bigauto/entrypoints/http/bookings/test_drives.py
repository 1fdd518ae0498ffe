"""Test drives: ``/api/test-drives`` (request, list, show, confirm, complete, cancel, no-show)
and the seller's opening hours: ``GET / PUT /api/users/me/seller/opening-hours``.

Opening hours are ``{"days": [{"weekday": "monday", "opens": "08:00", "closes": "18:00"},
...]}``; a weekday left out is closed. ``scheduled_at`` is RFC 3339 with a zone; the slot lasts
``BIGAUTO_TEST_DRIVE_MINUTES``.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import attrs
from litestar import Controller, Request, get, put
from litestar.datastructures import State

from bigauto.domain.bookings.lifecycles import TestDriveState
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import SELLER, USER, Principal
from bigauto.entrypoints.http.bookings.deals import DealRoutes, bookings, with_reason
from bigauto.entrypoints.http.bookings.views import WEEKDAYS, drive_json, opening_hours_json
from bigauto.entrypoints.http.codec import decode
from bigauto.services.bookings import test_drives


@attrs.frozen
class DriveBody:
    vehicle_id: str
    scheduled_at: datetime


@attrs.frozen
class DayBody:
    weekday: str
    opens: str
    closes: str

    def to_domain(self) -> DayHours:
        if self.weekday.lower() not in WEEKDAYS:
            raise ValidationFailed(f"weekday is one of {', '.join(WEEKDAYS)}")
        try:
            opens, closes = time.fromisoformat(self.opens), time.fromisoformat(self.closes)
        except ValueError:
            raise ValidationFailed("opens and closes are times such as 08:00") from None
        return DayHours(WEEKDAYS.index(self.weekday.lower()), opens, closes)


@attrs.frozen
class HoursBody:
    days: list[DayBody]


DRIVE = DealRoutes("/{drive_id:str}", drive_json, TestDriveState)


class TestDriveController(Controller):
    """Test drives of the signed-in user, as customer or as seller."""

    __test__ = False

    path = "/api/test-drives"
    tags = ["test drives"]
    dependencies = {"principal": USER}

    create = DRIVE.create(
        "requestTestDrive",
        "Ask for a test-drive slot (requested)",
        test_drives.request_test_drive,
        DriveBody,
        once=False,
    )
    index = DRIVE.index(
        "listTestDrives", "My test drives (?as=, ?status=)", test_drives.list_test_drives
    )
    show = DRIVE.show("getTestDrive", test_drives.get_test_drive)
    confirm = DRIVE.move("/confirm", "confirmTestDrive", test_drives.confirm_test_drive)
    complete = DRIVE.move("/complete", "completeTestDrive", test_drives.complete_test_drive)
    no_show = DRIVE.move("/no-show", "testDriveNoShow", test_drives.no_show)
    cancel = DRIVE.move(
        "/cancel", "cancelTestDrive", test_drives.cancel_test_drive, body=with_reason
    )


class OpeningHoursController(Controller):
    """The seller's opening hours for test drives (an API addition)."""

    path = "/api/users/me/seller/opening-hours"
    tags = ["test drives"]
    dependencies = {"principal": SELLER}

    @get("", operation_id="getOpeningHours")
    async def show(self, state: State, principal: Principal) -> dict[str, Any]:
        hours = await test_drives.opening_hours(bookings(state), seller_id=principal.user_id)
        return opening_hours_json(hours)

    @put("", operation_id="setOpeningHours")
    async def replace(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), HoursBody)
        hours = OpeningHours(tuple(day.to_domain() for day in body.days))
        await test_drives.set_opening_hours(
            bookings(state), seller_id=principal.user_id, hours=hours
        )
        return opening_hours_json(hours)


__all__ = ["OpeningHoursController", "TestDriveController"]
