"""The vehicle calendar, read as examples of the availability rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.domain.shared.periods import DatePeriod

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
WIB = timezone(timedelta(hours=7))


def jan(first: int, end: int) -> DatePeriod:
    """Days of January 2026 from ``first`` up to, not including, ``end``."""
    return DatePeriod(date(2026, 1, first), date(2026, 1, end))


def booking(ref: str, first: int, end: int) -> CalendarEntry:
    return CalendarEntry.booking(ref, jan(first, end))


def block(ref: str, first: int, end: int) -> CalendarEntry:
    return CalendarEntry.block(ref, jan(first, end))


def hold(ref: str, first: int, end: int, expires_at: datetime) -> CalendarEntry:
    return CalendarEntry.hold(ref, jan(first, end), expires_at=expires_at)


def test_an_empty_calendar_is_available_for_any_period():
    """Nothing booked means any period can be booked."""
    assert Calendar.empty().is_available(jan(1, 31), at=NOW)


def test_a_booking_ending_on_the_start_day_does_not_conflict():
    """Half-open periods: returning a car on the 5th frees the 5th for the next renter."""
    calendar = Calendar.of([booking("r1", 1, 5)])
    assert calendar.is_available(jan(5, 8), at=NOW)
    assert calendar.conflicts(jan(5, 8), at=NOW) == []


def test_an_entry_ending_on_the_start_day_is_not_listed_beside_a_real_conflict():
    """Only entries that clash are listed, even when a longer one does clash around them."""
    calendar = Calendar.of([block("long", 1, 10), booking("short", 3, 5)])
    assert [e.ref for e in calendar.conflicts(jan(5, 8), at=NOW)] == ["long"]


def test_a_booking_starting_on_the_end_day_does_not_conflict():
    """A request ending on the 5th (exclusive) leaves the 5th for a booking starting then."""
    assert Calendar.of([booking("r1", 5, 9)]).is_available(jan(1, 5), at=NOW)


def test_a_period_sharing_one_day_with_a_booking_conflicts():
    """Overlapping by a single day is enough to clash."""
    calendar = Calendar.of([booking("r1", 1, 5)])
    assert not calendar.is_available(jan(4, 8), at=NOW)
    assert [e.ref for e in calendar.conflicts(jan(4, 8), at=NOW)] == ["r1"]


def test_a_period_inside_a_long_block_conflicts():
    """A short request in the middle of a long owner block clashes with it."""
    calendar = Calendar.of([block("service", 1, 28)])
    assert [e.ref for e in calendar.conflicts(jan(10, 11), at=NOW)] == ["service"]


def test_a_live_hold_blocks_its_days():
    """A pending-payment hold keeps others off its days until it expires."""
    calendar = Calendar.of([hold("h1", 10, 12, expires_at=NOW + timedelta(minutes=15))])
    assert not calendar.is_available(jan(11, 13), at=NOW)


def test_an_expired_hold_frees_its_days():
    """Once its payment window has passed, a hold no longer blocks anything."""
    calendar = Calendar.of([hold("h1", 10, 12, expires_at=NOW + timedelta(minutes=15))])
    later = NOW + timedelta(minutes=16)
    assert calendar.is_available(jan(11, 13), at=later)
    assert calendar.conflicts(jan(11, 13), at=later) == []


def test_a_hold_expires_exactly_at_its_expiry_instant():
    """At expires_at the hold is already gone; a microsecond before, it still holds."""
    expiry = NOW + timedelta(minutes=15)
    calendar = Calendar.of([hold("h1", 10, 12, expires_at=expiry)])
    assert calendar.is_available(jan(10, 11), at=expiry)
    assert not calendar.is_available(jan(10, 11), at=expiry - timedelta(microseconds=1))


def test_hold_expiry_compares_instants_across_time_zones():
    """16:00 WIB is 09:00 UTC: the same instant, whatever the zone it is written in."""
    calendar = Calendar.of([hold("h1", 10, 12, expires_at=datetime(2026, 1, 1, 16, tzinfo=WIB))])
    assert calendar.is_available(jan(10, 11), at=NOW)
    assert not calendar.is_available(jan(10, 11), at=NOW - timedelta(seconds=1))


def test_turnaround_buffer_keeps_a_gap_after_a_booking():
    """With two days of turnaround, a car returned on the 5th is next free on the 7th."""
    calendar = Calendar.of([booking("r1", 1, 5)], turnaround_days=2)
    assert not calendar.is_available(jan(5, 6), at=NOW)
    assert not calendar.is_available(jan(6, 7), at=NOW)
    assert calendar.is_available(jan(7, 9), at=NOW)


def test_turnaround_buffer_keeps_a_gap_before_a_booking():
    """A new rental must also end early enough to leave the buffer before the next one."""
    calendar = Calendar.of([booking("r1", 10, 12)], turnaround_days=2)
    assert not calendar.is_available(jan(5, 9), at=NOW)
    assert calendar.is_available(jan(5, 8), at=NOW)


def test_turnaround_buffer_applies_to_live_holds():
    """A hold is a rental in waiting, so it gets the buffer like a booking."""
    calendar = Calendar.of([hold("h1", 1, 5, NOW + timedelta(hours=1))], turnaround_days=1)
    assert not calendar.is_available(jan(5, 6), at=NOW)


def test_owner_blocks_need_no_turnaround():
    """Blocks carry no buffer: a rental may start the day a block ends, or end as one starts."""
    calendar = Calendar.of([block("service", 10, 12)], turnaround_days=3)
    assert calendar.is_available(jan(12, 14), at=NOW)
    assert calendar.is_available(jan(8, 10), at=NOW)


def test_conflicts_are_ordered_by_start():
    """Every clashing entry is listed, earliest first, including overlapping ones."""
    calendar = Calendar.of(
        [booking("late", 20, 25), block("service", 3, 22), booking("early", 2, 4)]
    )
    assert [e.ref for e in calendar.conflicts(jan(1, 31), at=NOW)] == ["early", "service", "late"]


def test_ensure_available_names_the_conflicts():
    """Asking to book a taken period raises VehicleUnavailable with the clashing refs."""
    calendar = Calendar.of([booking("r1", 1, 5)])
    with pytest.raises(VehicleUnavailable) as caught:
        calendar.ensure_available(jan(3, 6), at=NOW)
    assert caught.value.details["conflicts"] == [{"ref": "r1", "kind": "booking"}]


def test_free_windows_are_the_gaps_between_busy_days():
    """Free windows are the maximal runs of bookable days inside the range asked about."""
    calendar = Calendar.of([booking("r1", 5, 8), block("service", 15, 20)], turnaround_days=1)
    assert calendar.free_windows(jan(1, 31), at=NOW) == [jan(1, 4), jan(9, 15), jan(20, 31)]


def test_free_windows_skip_gaps_shorter_than_min_days():
    """A two-day gap is not offered to someone who needs at least three days."""
    calendar = Calendar.of([booking("r1", 1, 5), booking("r2", 7, 10)])
    assert calendar.free_windows(jan(1, 12), at=NOW, min_days=3) == []
    assert calendar.free_windows(jan(1, 12), at=NOW, min_days=2) == [jan(5, 7), jan(10, 12)]


def test_busy_windows_are_clipped_to_the_range():
    """Busy windows never reach outside the range asked about."""
    calendar = Calendar.of([block("service", 1, 20)])
    assert calendar.busy_windows(jan(10, 25), at=NOW) == [jan(10, 20)]


def test_free_windows_can_reach_the_last_representable_day():
    """A range ending at date.max works: no sentinel period past the end is needed."""
    within = DatePeriod(date.max - timedelta(days=3), date.max)
    assert Calendar.empty().free_windows(within, at=NOW) == [within]


def test_with_entry_and_without_return_new_calendars():
    """Calendars are immutable: changes return a new calendar and leave the old one alone."""
    empty = Calendar.empty(turnaround_days=1)
    booked = empty.with_entry(booking("r1", 1, 5))
    assert "r1" in booked and "r1" not in empty
    assert booked.get("r1") == booking("r1", 1, 5)
    assert booked.without("r1") == empty


def test_calendars_with_the_same_entries_are_equal_whatever_the_order():
    """Entries are kept in a canonical order, so equality does not depend on insertion order."""
    a = Calendar.of([booking("r1", 1, 5), block("b", 7, 9)])
    b = Calendar.of([block("b", 7, 9), booking("r1", 1, 5)])
    assert a == b and hash(a) == hash(b)


def test_removing_an_unknown_ref_is_not_found():
    """without() names the missing ref rather than silently doing nothing."""
    with pytest.raises(NotFound, match="r9"):
        Calendar.empty().without("r9")


def test_a_ref_may_appear_only_once():
    """Two entries with the same ref are refused."""
    with pytest.raises(ValidationFailed, match="used twice"):
        Calendar.of([booking("r1", 1, 5), block("r1", 7, 9)])


def test_without_expired_holds_drops_only_expired_holds():
    """Housekeeping removes holds past their expiry and keeps everything else."""
    calendar = Calendar.of(
        [booking("r1", 1, 5), hold("old", 6, 7, NOW), hold("new", 8, 9, NOW + timedelta(1))]
    )
    assert [e.ref for e in calendar.without_expired_holds(NOW).entries] == ["r1", "new"]


@pytest.mark.parametrize("days", [-1, True, 1.5, "2"])
def test_turnaround_must_be_a_whole_number_of_days(days):
    """A negative, fractional or non-integer turnaround is a validation error."""
    with pytest.raises(ValidationFailed, match="turnaround_days"):
        Calendar.empty(turnaround_days=days)


def test_a_naive_instant_is_refused():
    """Without a timezone an instant is ambiguous, so checking availability refuses it."""
    with pytest.raises(ValidationFailed, match="timezone-aware"):
        Calendar.empty().is_available(jan(1, 2), at=datetime(2026, 1, 1))


def test_a_hold_needs_an_aware_expiry():
    """A hold without expiry, or with a naive one, is a validation error."""
    with pytest.raises(ValidationFailed, match="expires_at"):
        CalendarEntry.hold("h1", jan(1, 2), expires_at=datetime(2026, 1, 1))
    with pytest.raises(ValidationFailed, match="expires_at"):
        CalendarEntry("h1", EntryKind.HOLD, jan(1, 2))


def test_only_holds_expire():
    """A booking or block given an expiry is refused rather than silently ignored."""
    with pytest.raises(ValidationFailed, match="only a hold expires"):
        CalendarEntry("r1", EntryKind.BOOKING, jan(1, 2), NOW)


def test_an_entry_needs_a_ref():
    """An empty ref could never be removed again, so it is refused."""
    with pytest.raises(ValidationFailed, match="ref"):
        CalendarEntry.booking("", jan(1, 2))


@pytest.mark.parametrize("min_days", [0, -3, True])
def test_min_days_must_be_at_least_one(min_days):
    """Asking for windows of zero or fewer days is a validation error."""
    with pytest.raises(ValidationFailed, match="min_days"):
        Calendar.empty().free_windows(jan(1, 5), at=NOW, min_days=min_days)


def test_a_period_must_be_a_date_period():
    """Passing a tuple of dates instead of a DatePeriod is a validation error, not a crash."""
    with pytest.raises(ValidationFailed, match="DatePeriod"):
        Calendar.empty().is_available((date(2026, 1, 1), date(2026, 1, 2)), at=NOW)  # type: ignore[arg-type]
