"""Test drives: a customer asks for a time slot with a vehicle, inside the seller's opening hours.

A slot starts in the future, at most 90 days ahead by default; it lasts 60 minutes by default
and must fit, whole, inside one open day's hours in the seller's local time zone (default Monday
to Saturday, 08:00 to 18:00). A vehicle has at most one *active* (requested or confirmed) test
drive over any instant. The seller confirms, then marks it completed or a no-show; either party
may cancel before. Rescheduling is a cancel plus a new request.

>>> from datetime import UTC, datetime
>>> drive, event = TestDrive.request(
...     test_drive_id="t1", vehicle_id="v1", customer_id="ani", seller_id="budi",
...     scheduled_at=datetime(2026, 3, 2, 3, tzinfo=UTC),            # 10:00 in Jakarta, a Monday
...     now=datetime(2026, 3, 1, tzinfo=UTC), opening_hours=OpeningHours.default(),
...     timezone="Asia/Jakarta", existing=(), event_id="e1")
>>> drive.slot.end.isoformat(), event.name
('2026-03-02T04:00:00+00:00', 'test_drive.requested')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

import attrs

from bigauto.domain.bookings.deals import Parties, refuse_own_vehicle
from bigauto.domain.bookings.errors import OutsideOpeningHours, TestDriveSlotTaken
from bigauto.domain.bookings.events import TestDriveEvents
from bigauto.domain.bookings.lifecycles import TEST_DRIVE, TestDriveEvent, TestDriveState
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import (
    StatusChange,
    advance,
    require_aware,
    trail,
    zone,
)
from bigauto.domain.shared.errors import InvalidTransition, ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.periods import TimeSlot

DEFAULT_DURATION = timedelta(minutes=60)
#: A test drive is a drive, not a rental: anything longer is a mistake in the request.
MAX_DURATION = timedelta(hours=8)
#: How many days ahead a test drive may be, by default (``BIGAUTO_TEST_DRIVE_HORIZON_DAYS``).
DEFAULT_HORIZON_DAYS = 90
DEFAULT_OPENS = time(8)
DEFAULT_CLOSES = time(18)
#: Monday (0) to Saturday (5), as ``date.weekday()`` numbers them.
DEFAULT_WEEKDAYS = frozenset(range(6))
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: States in which a test drive takes its slot.
ACTIVE_STATES = frozenset({TestDriveState.REQUESTED, TestDriveState.CONFIRMED})


def require_schedulable(
    scheduled_at: datetime, *, now: datetime, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> datetime:
    """``scheduled_at`` if a test drive may start then: a zoned instant after ``now`` and at
    most ``horizon_days`` days after it; else ValidationFailed.

    >>> from datetime import UTC
    >>> require_schedulable(datetime(1, 1, 1, tzinfo=UTC), now=datetime(2026, 3, 1, tzinfo=UTC))
    Traceback (most recent call last):
    bigauto.domain.shared.errors.ValidationFailed: scheduled_at must be in the future
    """
    require_aware(now, "now")
    require_aware(scheduled_at, "scheduled_at")
    latest = now + timedelta(days=horizon_days)
    if scheduled_at <= now:
        raise ValidationFailed(
            "scheduled_at must be in the future",
            details={"scheduled_at": scheduled_at.isoformat(), "now": now.isoformat()},
        )
    if scheduled_at > latest:
        raise ValidationFailed(
            f"scheduled_at is more than {horizon_days} days ahead",
            details={"scheduled_at": scheduled_at.isoformat(), "latest": latest.isoformat()},
        )
    return scheduled_at


@attrs.frozen(order=True)
class DayHours:
    """The seller's hours on one weekday (0 = Monday): open from ``opens`` until ``closes``."""

    weekday: int
    opens: time
    closes: time

    def __attrs_post_init__(self) -> None:
        if isinstance(self.weekday, bool) or self.weekday not in range(7):
            raise ValidationFailed(
                f"a weekday is 0 (Monday) to 6 (Sunday), not {self.weekday!r}",
                details={"weekday": repr(self.weekday)},
            )
        if any(not isinstance(t, time) or t.tzinfo is not None for t in (self.opens, self.closes)):
            raise ValidationFailed("opening hours are local wall-clock times without a zone")
        if self.opens >= self.closes:
            raise ValidationFailed(
                f"on {WEEKDAY_NAMES[self.weekday]} the seller must open before closing "
                f"({self.opens.isoformat()} to {self.closes.isoformat()})",
                details={"weekday": self.weekday},
            )


def _days(days: Iterable[DayHours]) -> tuple[DayHours, ...]:
    return tuple(sorted(days))


@attrs.frozen
class OpeningHours:
    """A seller's weekly opening hours: at most one span per weekday; missing days are closed."""

    days: tuple[DayHours, ...] = attrs.field(converter=_days)

    def __attrs_post_init__(self) -> None:
        weekdays = [day.weekday for day in self.days]
        if len(set(weekdays)) != len(weekdays):
            raise ValidationFailed("opening hours give each weekday at most once")

    @classmethod
    def weekly(
        cls,
        opens: time = DEFAULT_OPENS,
        closes: time = DEFAULT_CLOSES,
        weekdays: Iterable[int] = DEFAULT_WEEKDAYS,
    ) -> OpeningHours:
        """The same hours on each of ``weekdays``."""
        return cls(tuple(DayHours(day, opens, closes) for day in set(weekdays)))

    @classmethod
    def default(cls) -> OpeningHours:
        """Monday to Saturday, 08:00 to 18:00."""
        return cls.weekly()

    def on(self, weekday: int) -> DayHours | None:
        """The hours on ``weekday`` (0 = Monday), or None when closed."""
        return next((day for day in self.days if day.weekday == weekday), None)

    def fits(self, slot: TimeSlot, timezone: str) -> bool:
        """Whether ``slot`` lies whole inside one open day's hours, read in ``timezone``."""
        tz = zone(timezone)
        start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
        hours = self.on(start.weekday())
        return (
            hours is not None
            and end.date() == start.date()
            and hours.opens <= start.time()
            and end.time() <= hours.closes
        )


@attrs.frozen
class TestDrive(Parties):
    """One customer's appointment to drive one vehicle during ``slot``."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    vehicle_id: str
    customer_id: str
    seller_id: str
    slot: TimeSlot
    status: TestDriveState
    created_at: datetime
    history: tuple[StatusChange, ...] = attrs.field(converter=trail)

    @classmethod
    def request(
        cls,
        *,
        test_drive_id: str,
        vehicle_id: str,
        customer_id: str,
        seller_id: str,
        scheduled_at: datetime,
        now: datetime,
        opening_hours: OpeningHours,
        timezone: str,
        existing: Iterable[TimeSlot],
        event_id: str,
        duration: timedelta = DEFAULT_DURATION,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> tuple[TestDrive, DomainEvent]:
        """A ``requested`` test drive from ``scheduled_at`` for ``duration``.

        ``existing`` are the slots of the vehicle's other active test drives. Refuses one's own
        vehicle (CannotBookOwnVehicle), a ``scheduled_at`` :func:`require_schedulable` refuses
        or a bad duration (ValidationFailed), a slot outside opening hours
        (OutsideOpeningHours) and an overlap (TestDriveSlotTaken).
        """
        refuse_own_vehicle(customer_id, seller_id, vehicle_id, doing="test-drive")
        require_schedulable(scheduled_at, now=now, horizon_days=horizon_days)
        if not timedelta(0) < duration <= MAX_DURATION:
            raise ValidationFailed(
                f"a test drive lasts more than nothing and at most {MAX_DURATION}",
                details={"duration_minutes": duration.total_seconds() / 60},
            )
        slot = TimeSlot(scheduled_at, scheduled_at + duration)
        if not opening_hours.fits(slot, timezone):
            raise OutsideOpeningHours(
                "the test drive does not fit inside the seller's opening hours",
                details={"scheduled_at": scheduled_at.isoformat(), "timezone": timezone},
            )
        if any(slot.overlaps(other) for other in existing):
            raise TestDriveSlotTaken(
                "another test drive of this vehicle is booked at that time",
                details={"scheduled_at": scheduled_at.isoformat()},
            )
        draft = cls(
            id=test_drive_id,
            vehicle_id=vehicle_id,
            customer_id=customer_id,
            seller_id=seller_id,
            slot=slot,
            status=TestDriveState(TEST_DRIVE.initial),
            created_at=now,
            history=(),
        )
        step = TEST_DRIVE.start("request", Actor.CUSTOMER, emits=TestDriveEvents.REQUESTED)
        return advance(draft, step, customer_id, now, event_id, facts=TestDrive._facts)

    @property
    def is_active(self) -> bool:
        """Whether the test drive still takes its slot (requested or confirmed)."""
        return self.status in ACTIVE_STATES

    def confirm(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[TestDrive, DomainEvent]:
        """The seller confirms the appointment."""
        return self._fire(TestDriveEvent.CONFIRM, Actor.SELLER, actor_id, at, event_id)

    def complete(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[TestDrive, DomainEvent]:
        """The seller records that the drive took place; not before the slot starts."""
        return self._fire(TestDriveEvent.COMPLETE, Actor.SELLER, actor_id, at, event_id)

    def no_show(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[TestDrive, DomainEvent]:
        """The seller records that the customer did not come; not before the slot starts."""
        return self._fire(TestDriveEvent.NO_SHOW, Actor.SELLER, actor_id, at, event_id)

    def cancel(
        self,
        *,
        actor: Actor,
        actor_id: str,
        at: datetime,
        event_id: str,
        reason: str | None = None,
    ) -> tuple[TestDrive, DomainEvent]:
        """The customer or the seller calls it off (also the first half of a reschedule)."""
        return self._fire(TestDriveEvent.CANCEL, actor, actor_id, at, event_id, reason)

    def _facts(self) -> dict[str, Any]:
        return {
            "vehicle_id": self.vehicle_id,
            "customer_id": self.customer_id,
            "seller_id": self.seller_id,
            "scheduled_at": self.slot.start.isoformat(),
            "ends_at": self.slot.end.isoformat(),
        }

    def _fire(
        self,
        event: TestDriveEvent,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
        reason: str | None = None,
    ) -> tuple[TestDrive, DomainEvent]:
        require_aware(at, "at")
        step = TEST_DRIVE.fire(self.status, event, actor)
        self.check_party(actor, actor_id, what="test drive")
        if event in (TestDriveEvent.COMPLETE, TestDriveEvent.NO_SHOW) and at < self.slot.start:
            raise InvalidTransition(
                TEST_DRIVE.name,
                self.status,
                event,
                actor=actor,
                reason=f"the test drive only starts at {self.slot.start.isoformat()}",
            )
        return advance(self, step, actor_id, at, event_id, facts=TestDrive._facts, reason=reason)


def active_slots(drives: Iterable[TestDrive]) -> list[TimeSlot]:
    """The slots the active ones among ``drives`` take, in order (``existing`` for a request)."""
    return sorted(drive.slot for drive in drives if drive.is_active)


__all__ = [
    "ACTIVE_STATES",
    "DEFAULT_DURATION",
    "DEFAULT_HORIZON_DAYS",
    "MAX_DURATION",
    "DayHours",
    "OpeningHours",
    "TestDrive",
    "active_slots",
    "require_schedulable",
]
