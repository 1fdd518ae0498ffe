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
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.params import Parameter

from bigauto.domain.bookings.lifecycles import TestDriveState
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import SELLER, USER, Principal
from bigauto.entrypoints.http.bookings.rentals import bookings, reason, side_of, state_of
from bigauto.entrypoints.http.bookings.views import WEEKDAYS, drive_json, opening_hours_json, paging
from bigauto.entrypoints.http.catalogue.views import page_json
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


class TestDriveController(Controller):
    """Test drives of the signed-in user, as customer or as seller."""

    __test__ = False

    path = "/api/test-drives"
    tags = ["test drives"]
    dependencies = {"principal": USER}

    @post(
        "",
        operation_id="requestTestDrive",
        summary="Ask for a test-drive slot (requested)",
        opt={"rate_category": "booking"},
    )
    async def create(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        body = decode(await request.body(), DriveBody)
        drive = await test_drives.request_test_drive(
            bookings(state),
            customer_id=principal.user_id,
            vehicle_id=body.vehicle_id,
            scheduled_at=body.scheduled_at,
        )
        return Response(drive_json(drive), status_code=201)

    @get("", operation_id="listTestDrives", summary="My test drives (?as=, ?status=)")
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
        found = await test_drives.list_test_drives(
            bookings(state),
            user_id=principal.user_id,
            side=side_of(side),
            status=state_of(TestDriveState, status),
            page=page,
            limit=limit,
        )
        return page_json(found, drive_json)

    @get("/{drive_id:str}", operation_id="getTestDrive")
    async def show(self, state: State, principal: Principal, drive_id: str) -> dict[str, Any]:
        drive = await test_drives.get_test_drive(
            bookings(state),
            drive_id=drive_id,
            user_id=principal.user_id,
            is_admin=principal.is_admin,
        )
        return drive_json(drive)

    @post("/{drive_id:str}/confirm", operation_id="confirmTestDrive", status_code=200)
    async def confirm(self, state: State, principal: Principal, drive_id: str) -> dict[str, Any]:
        return drive_json(
            await test_drives.confirm_test_drive(
                bookings(state), drive_id=drive_id, user_id=principal.user_id
            )
        )

    @post("/{drive_id:str}/complete", operation_id="completeTestDrive", status_code=200)
    async def complete(self, state: State, principal: Principal, drive_id: str) -> dict[str, Any]:
        return drive_json(
            await test_drives.complete_test_drive(
                bookings(state), drive_id=drive_id, user_id=principal.user_id
            )
        )

    @post("/{drive_id:str}/no-show", operation_id="testDriveNoShow", status_code=200)
    async def no_show(self, state: State, principal: Principal, drive_id: str) -> dict[str, Any]:
        return drive_json(
            await test_drives.no_show(bookings(state), drive_id=drive_id, user_id=principal.user_id)
        )

    @post("/{drive_id:str}/cancel", operation_id="cancelTestDrive", status_code=200)
    async def cancel(
        self, request: Request[Any, Any, Any], state: State, principal: Principal, drive_id: str
    ) -> dict[str, Any]:
        return drive_json(
            await test_drives.cancel_test_drive(
                bookings(state),
                drive_id=drive_id,
                user_id=principal.user_id,
                reason=await reason(request),
            )
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
