"""Test drives: slots inside opening hours, one active drive per slot, and their lifecycle."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from bigauto.domain.bookings.errors import (
    CannotBookOwnVehicle,
    OutsideOpeningHours,
    TestDriveSlotTaken,
)
from bigauto.domain.bookings.lifecycles import TestDriveState
from bigauto.domain.bookings.test_drives import DayHours, OpeningHours, TestDrive, active_slots
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import InvalidTransition, PermissionDenied, ValidationFailed
from bigauto.domain.shared.periods import TimeSlot

NOW = datetime(2026, 3, 1, tzinfo=UTC)  # a Sunday
MONDAY_10 = datetime(2026, 3, 2, 3, tzinfo=UTC)  # 10:00 in Jakarta


def request(**overrides: Any) -> TestDrive:
    args: dict[str, Any] = {
        "test_drive_id": "t1",
        "vehicle_id": "v1",
        "customer_id": "ani",
        "seller_id": "budi",
        "scheduled_at": MONDAY_10,
        "now": NOW,
        "opening_hours": OpeningHours.default(),
        "timezone": "Asia/Jakarta",
        "existing": (),
        "event_id": "e0",
    }
    args.update(overrides)
    drive, _ = TestDrive.request(**args)
    return drive


def jakarta(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def test_a_request_takes_a_sixty_minute_slot_and_is_requested() -> None:
    """By default a test drive lasts an hour and starts in ``requested``."""
    drive = request()
    assert drive.slot == TimeSlot(MONDAY_10, MONDAY_10 + timedelta(hours=1))
    assert drive.status is TestDriveState.REQUESTED and drive.is_active
    assert drive.history[0].actor_id == "ani"


def test_the_default_hours_are_monday_to_saturday_eight_to_six_local() -> None:
    """08:00 to 18:00 fits; 07:59 or 17:01 starts do not, and Sunday is closed."""
    assert request(scheduled_at=jakarta(2, 8)).status is TestDriveState.REQUESTED
    assert request(scheduled_at=jakarta(7, 17)).status is TestDriveState.REQUESTED  # Saturday
    for at in (jakarta(2, 7, 59), jakarta(2, 17, 1), jakarta(8, 10)):
        with pytest.raises(OutsideOpeningHours):
            request(scheduled_at=at)


def test_hours_are_read_in_the_seller_s_time_zone() -> None:
    """10:00 UTC is 17:00 in Jakarta (fits) but 19:00 in Jayapura (closed)."""
    at = datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert request(scheduled_at=at).status is TestDriveState.REQUESTED
    with pytest.raises(OutsideOpeningHours):
        request(scheduled_at=at, timezone="Asia/Jayapura")


def test_a_seller_may_set_their_own_hours_per_weekday() -> None:
    """Custom hours replace the default; a longer duration must still fit."""
    sunday_only = OpeningHours([DayHours(6, time(10), time(12))])
    assert request(scheduled_at=jakarta(8, 10), opening_hours=sunday_only).is_active
    with pytest.raises(OutsideOpeningHours):
        request(
            scheduled_at=jakarta(8, 11),
            opening_hours=sunday_only,
            duration=timedelta(minutes=90),
        )


def test_opening_hours_must_make_sense() -> None:
    """Closing before opening, a weekday twice or a weekday out of range are refused."""
    with pytest.raises(ValidationFailed):
        DayHours(0, time(18), time(8))
    with pytest.raises(ValidationFailed):
        DayHours(7, time(8), time(18))
    with pytest.raises(ValidationFailed):
        OpeningHours([DayHours(0, time(8), time(9)), DayHours(0, time(10), time(11))])


def test_an_overlapping_active_drive_takes_the_slot() -> None:
    """Two active drives of a vehicle never overlap; back to back is fine."""
    taken = [TimeSlot(MONDAY_10 + timedelta(minutes=30), MONDAY_10 + timedelta(minutes=90))]
    with pytest.raises(TestDriveSlotTaken) as refused:
        request(existing=taken)
    assert refused.value.code == "TEST_DRIVE_SLOT_TAKEN"
    assert request(existing=[TimeSlot(MONDAY_10 - timedelta(hours=1), MONDAY_10)]).is_active


def test_only_active_drives_count_as_taken() -> None:
    """A cancelled drive frees its slot for a new request (that is how rescheduling works)."""
    first = request()
    cancelled, _ = first.cancel(actor=Actor.CUSTOMER, actor_id="ani", at=NOW, event_id="e1")
    assert active_slots([first]) == [first.slot]
    assert active_slots([cancelled]) == []
    assert request(test_drive_id="t2", existing=active_slots([cancelled])).is_active


def test_a_request_must_be_for_the_future_and_not_for_one_s_own_vehicle() -> None:
    """Past, naive or zero-length requests and one's own vehicle are refused."""
    with pytest.raises(ValidationFailed):
        request(scheduled_at=NOW)
    with pytest.raises(ValidationFailed):
        request(scheduled_at=MONDAY_10.replace(tzinfo=None))
    with pytest.raises(ValidationFailed):
        request(duration=timedelta(0))
    with pytest.raises(CannotBookOwnVehicle):
        request(customer_id="budi")


def test_the_seller_confirms_then_completes_after_the_slot_starts() -> None:
    """Completion or no-show is recorded by the seller, not before the slot starts."""
    drive, event = request().confirm(actor_id="budi", at=NOW, event_id="e1")
    assert event.name == "test_drive.confirmed"
    with pytest.raises(InvalidTransition):
        drive.complete(actor_id="budi", at=MONDAY_10 - timedelta(minutes=1), event_id="e2")
    done, event = drive.complete(actor_id="budi", at=MONDAY_10, event_id="e2")
    assert done.status is TestDriveState.COMPLETED and not done.is_active
    missed, event = drive.no_show(actor_id="budi", at=MONDAY_10, event_id="e3")
    assert missed.status is TestDriveState.NO_SHOW and event.name == "test_drive.no_show"
    assert [row.to_state for row in done.history] == ["requested", "confirmed", "completed"]


def test_illegal_moves_and_impostors_are_refused() -> None:
    """A customer cannot confirm; completing a requested drive names its state; ids must match."""
    drive = request()
    with pytest.raises(InvalidTransition):
        drive.complete(actor_id="budi", at=MONDAY_10, event_id="e1")
    with pytest.raises(PermissionDenied):
        drive.confirm(actor_id="ani", at=NOW, event_id="e1")
    with pytest.raises(PermissionDenied):
        drive.cancel(actor=Actor.CUSTOMER, actor_id="mallory", at=NOW, event_id="e1")
    with pytest.raises(InvalidTransition) as refused:
        drive.cancel(actor=Actor.ADMIN, actor_id="root", at=NOW, event_id="e1")
    assert refused.value.details["current_state"] == "requested"
