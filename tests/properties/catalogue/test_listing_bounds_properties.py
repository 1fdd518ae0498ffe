"""The listing year rule and the calendar horizon hold for every year and every day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.catalogue.horizon import HISTORY_DAYS, HORIZON_DAYS, check_in_horizon
from bigauto.domain.catalogue.listings import MIN_YEAR, problems
from bigauto.domain.shared.errors import InvalidPeriod

TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))


@given(year=st.integers(min_value=-(2**63), max_value=2**63), today=TODAYS)
def test_a_model_year_is_allowed_from_the_first_year_up_to_next_year(
    year: int, today: date
) -> None:
    """A year passes exactly when it lies between MIN_YEAR and next year, however large."""
    allowed = MIN_YEAR <= year <= today.year + 1

    assert (problems(year=year, today=today) == []) is allowed


@given(day=st.dates(), today=TODAYS)
def test_a_day_is_in_the_calendar_exactly_within_its_horizon(day: date, today: date) -> None:
    """A day from a year back to two years ahead passes; any other, year 1 to 9999, is an
    InvalidPeriod naming the field (never an OverflowError)."""
    inside = today - timedelta(days=HISTORY_DAYS) <= day <= today + timedelta(days=HORIZON_DAYS)
    try:
        check_in_horizon(day, today=today, field="start_date")
    except InvalidPeriod as error:
        assert not inside
        assert error.details["field"] == "start_date"
    else:
        assert inside
