"""Properties of how far ahead deals may be booked, for every date and instant Python has."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.bookings.rentals import rental_period
from bigauto.domain.bookings.test_drives import require_schedulable
from bigauto.domain.shared.errors import InvalidPeriod, ValidationFailed
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 2, tzinfo=UTC)
horizons = st.integers(1, 3650)
any_day = st.dates()


@given(any_day, any_day, horizons)
def test_a_rental_period_starts_between_today_and_the_horizon_and_lasts_at_most_a_year(
    start: date, end: date, horizon: int
) -> None:
    """Any start and end, year 1 to 9999: a period within the rules, or InvalidPeriod."""
    try:
        period = rental_period(start, end, today=TODAY, horizon_days=horizon)
    except InvalidPeriod:
        latest = TODAY + timedelta(days=horizon)
        assert not (TODAY <= start <= latest and 1 <= (end - start).days <= MAX_RENTAL_DAYS)
    else:
        assert TODAY <= period.start <= TODAY + timedelta(days=horizon)
        assert 1 <= period.days <= MAX_RENTAL_DAYS


@given(horizons, st.integers(0, MAX_RENTAL_DAYS - 1))
def test_the_last_day_of_the_horizon_may_be_booked_and_the_next_may_not(
    horizon: int, length: int
) -> None:
    """The horizon is inclusive: starting on its last day is allowed, one day later is not."""
    last = TODAY + timedelta(days=horizon)
    assert rental_period(last, last + timedelta(days=length + 1), today=TODAY, horizon_days=horizon)
    after = last + timedelta(days=1)
    with pytest.raises(InvalidPeriod):
        rental_period(after, after + timedelta(days=1), today=TODAY, horizon_days=horizon)


@given(st.datetimes(timezones=st.timezones()), st.integers(1, 365))
def test_a_test_drive_is_in_the_future_and_within_its_horizon(
    scheduled_at: datetime, horizon: int
) -> None:
    """Any zoned instant, year 1 to 9999: schedulable exactly when after now and not beyond
    the horizon; never an overflow."""
    inside = NOW < scheduled_at <= NOW + timedelta(days=horizon)
    try:
        require_schedulable(scheduled_at, now=NOW, horizon_days=horizon)
    except ValidationFailed:
        assert not inside
    else:
        assert inside


@given(st.datetimes())
def test_a_test_drive_without_a_zone_is_refused(scheduled_at: datetime) -> None:
    """A naive instant says no moment: refused whatever it is."""
    with pytest.raises(ValidationFailed):
        require_schedulable(scheduled_at, now=NOW)
