"""Availability agrees with a day-by-day brute-force reading of the rules, for all calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.shared.periods import DatePeriod
from bigauto.testing.calendars import calendar_entries, calendars, date_periods, instants

WITHIN = date_periods(max_days=30)


@st.composite
def calendars_and_requests(draw: st.DrawFn) -> tuple[Calendar, DatePeriod]:
    """A calendar and a request that often starts or ends a few days from an entry's edge,
    where off-by-one and buffer mistakes live."""
    calendar = draw(calendars(max_entries=8))
    if not calendar.entries or draw(st.integers(0, 3)) == 0:
        return calendar, draw(date_periods())
    entry = draw(st.sampled_from(calendar.entries))
    edge = draw(st.sampled_from([entry.period.start, entry.period.end]))
    length = timedelta(days=draw(st.integers(1, 5)))
    b = calendar.turnaround_days
    exact = st.sampled_from(sorted({0, b, -b, b + 1, -b - 1}))
    shift = timedelta(days=draw(st.one_of(exact, st.integers(-4, 4))))
    if draw(st.booleans()):
        return calendar, DatePeriod(edge + shift, edge + shift + length)
    return calendar, DatePeriod(edge + shift - length, edge + shift)


def days(start: date, end: date) -> set[date]:
    return {start + timedelta(days=i) for i in range((end - start).days)}


def clashes(calendar: Calendar, entry: CalendarEntry, period: DatePeriod, at: datetime) -> bool:
    """The rule as the brief states it, on sets of days: rentals each own b days after them."""
    if entry.kind is EntryKind.HOLD and entry.expires_at is not None and at >= entry.expires_at:
        return False
    pad = timedelta(days=0 if entry.kind is EntryKind.BLOCK else calendar.turnaround_days)
    wanted = days(period.start, period.end + pad)
    taken = days(entry.period.start, entry.period.end + pad)
    return bool(wanted & taken)


def oracle_conflicts(calendar: Calendar, period: DatePeriod, at: datetime) -> list[CalendarEntry]:
    found = [e for e in calendar.entries if clashes(calendar, e, period, at)]
    return sorted(found, key=lambda e: (e.period.start, e.period.end, e.kind.value, e.ref))


def oracle_free_windows(
    calendar: Calendar, within: DatePeriod, at: datetime, min_days: int
) -> list[DatePeriod]:
    """Every available sub-period of ``within`` not inside a longer one, by brute force."""
    n = within.days
    free = [
        DatePeriod(within.start + timedelta(days=i), within.start + timedelta(days=j))
        for i in range(n)
        for j in range(i + 1, n + 1)
    ]
    free = [p for p in free if not oracle_conflicts(calendar, p, at)]
    maximal = [
        p for p in free if not any(q != p and q.start <= p.start and p.end <= q.end for q in free)
    ]
    return sorted(p for p in maximal if p.days >= min_days)


@given(calendars_and_requests(), instants())
def test_is_available_and_conflicts_agree_with_the_day_by_day_oracle(calendar_and_request, at):
    """A period is available exactly when the brute-force rule finds no clashing entry."""
    calendar, period = calendar_and_request
    expected = oracle_conflicts(calendar, period, at)
    assert calendar.conflicts(period, at=at) == expected
    assert calendar.is_available(period, at=at) == (expected == [])


@given(calendars(max_entries=8), WITHIN, instants(), st.integers(1, 4))
def test_free_windows_are_the_maximal_available_sub_periods(calendar, within, at, min_days):
    """free_windows lists exactly the maximal available sub-periods of at least min_days."""
    expected = oracle_free_windows(calendar, within, at, min_days)
    assert calendar.free_windows(within, at=at, min_days=min_days) == expected


@given(calendars(), WITHIN, instants())
def test_busy_and_free_windows_tile_the_range(calendar, within, at):
    """Busy and free windows alternate, never touch their own kind, and cover all of within."""
    busy = calendar.busy_windows(within, at=at)
    free = calendar.free_windows(within, at=at)
    pieces = sorted(busy + free)
    assert pieces[0].start == within.start and pieces[-1].end == within.end
    assert all(a.end == b.start for a, b in pairwise(pieces))
    assert all(a.end < b.start for a, b in pairwise(busy)), "busy windows are maximal runs"


@given(calendars(), calendar_entries("new"), date_periods(), instants())
def test_adding_an_entry_never_frees_a_period(calendar, entry, period, at):
    """A period taken before an entry is added is still taken after."""
    if not calendar.is_available(period, at=at):
        assert not calendar.with_entry(entry).is_available(period, at=at)


@given(calendars(), date_periods(), instants())
def test_booking_an_available_period_takes_it(calendar, period, at):
    """Once a free period is booked, asking for it again finds the new booking."""
    if calendar.is_available(period, at=at):
        booked = calendar.with_entry(CalendarEntry.booking("new", period))
        assert [e.ref for e in booked.conflicts(period, at=at)] == ["new"]


@given(calendars(), calendar_entries("new"))
def test_adding_then_removing_an_entry_gives_back_the_same_calendar(calendar, entry):
    """with_entry followed by without(ref) is the identity."""
    assert calendar.with_entry(entry).without("new") == calendar


@given(calendars(), date_periods(), instants())
def test_dropping_expired_holds_changes_no_answer(calendar, period, at):
    """without_expired_holds only removes entries that were not blocking anything at at."""
    assert calendar.without_expired_holds(at).conflicts(period, at=at) == calendar.conflicts(
        period, at=at
    )
