"""Hypothesis strategies for date periods, instants and vehicle calendars.

For users of the library who want to test their own code against bigauto's availability
model. Everything is drawn inside a small window of days and instants around a base date, so
random entries actually collide, holds are as often expired as live, and shrinking lands on
readable dates::

    from hypothesis import given
    from bigauto.testing.calendars import calendars, date_periods, instants

    @given(calendars(), date_periods(), instants())
    def test_booking_a_free_period_takes_it(calendar, period, at): ...
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import strategies as st

from bigauto.domain.catalogue.availability import Calendar, CalendarEntry, EntryKind
from bigauto.domain.shared.periods import DatePeriod

#: First day of the window the strategies draw from.
BASE_DATE = date(2026, 1, 1)
#: Midnight UTC on ``BASE_DATE``; instants and hold expiries are drawn around it.
BASE_INSTANT = datetime.combine(BASE_DATE, time(), tzinfo=UTC)

#: Indonesia's three time zones (WIB, WITA, WIT) and UTC, as fixed offsets.
TIMEZONES = (UTC, *(timezone(timedelta(hours=h)) for h in (7, 8, 9)))


def date_periods(
    *, min_start: date = BASE_DATE, span_days: int = 60, max_days: int = 14
) -> st.SearchStrategy[DatePeriod]:
    """Periods starting within ``span_days`` of ``min_start`` and lasting 1 to ``max_days``."""
    return st.builds(
        lambda offset, days: DatePeriod(
            min_start + timedelta(days=offset), min_start + timedelta(days=offset + days)
        ),
        st.integers(0, span_days - 1),
        st.integers(1, max_days),
    )


def instants(
    *, around: datetime = BASE_INSTANT, spread: timedelta = timedelta(hours=6)
) -> st.SearchStrategy[datetime]:
    """Timezone-aware instants within ``spread`` either side of ``around``, in varied zones."""
    return st.builds(
        lambda minutes, zone: (around + timedelta(minutes=minutes)).astimezone(zone),
        st.integers(-int(spread.total_seconds() // 60), int(spread.total_seconds() // 60)),
        st.sampled_from(TIMEZONES),
    )


def calendar_entries(
    ref: str | st.SearchStrategy[str] = st.uuids().map(str),
    *,
    kinds: st.SearchStrategy[EntryKind] = st.sampled_from(EntryKind),
    periods: st.SearchStrategy[DatePeriod] | None = None,
    expiries: st.SearchStrategy[datetime] | None = None,
) -> st.SearchStrategy[CalendarEntry]:
    """Entries of the drawn kinds; a hold expires at an instant drawn from ``expiries``."""
    refs = st.just(ref) if isinstance(ref, str) else ref
    periods = periods if periods is not None else date_periods()
    expiries = expiries if expiries is not None else instants()

    @st.composite
    def entry(draw: st.DrawFn) -> CalendarEntry:
        kind = draw(kinds)
        expires_at = draw(expiries) if kind is EntryKind.HOLD else None
        return CalendarEntry(draw(refs), kind, draw(periods), expires_at)

    return entry()


def calendars(
    *,
    max_entries: int = 12,
    turnaround_days: st.SearchStrategy[int] = st.integers(0, 3),
    entries: st.SearchStrategy[CalendarEntry] | None = None,
) -> st.SearchStrategy[Calendar]:
    """Calendars of up to ``max_entries`` entries (refs ``e0``, ``e1``, ...) that may overlap."""
    base = entries if entries is not None else calendar_entries("e")

    @st.composite
    def calendar(draw: st.DrawFn) -> Calendar:
        drawn = draw(st.lists(base, max_size=max_entries))
        renamed = [
            CalendarEntry(f"e{i}", e.kind, e.period, e.expires_at) for i, e in enumerate(drawn)
        ]
        return Calendar.of(renamed, turnaround_days=draw(turnaround_days))

    return calendar()


__all__ = [
    "BASE_DATE",
    "BASE_INSTANT",
    "TIMEZONES",
    "calendar_entries",
    "calendars",
    "date_periods",
    "instants",
]
