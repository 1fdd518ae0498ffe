"""How far a vehicle's calendar reaches: a day asked about, blocked or searched for lies within
the horizon, from a year back to two years ahead of today.

Nobody books a car years ahead, nor in year 1; a day outside the horizon is a mistake (or a
probe) and is refused before any date arithmetic can overflow on it.

>>> from datetime import date
>>> horizon(date(2026, 1, 1))
(datetime.date(2025, 1, 1), datetime.date(2028, 1, 1))
>>> check_in_horizon(date(2027, 6, 1), today=date(2026, 1, 1), field="start_date")
>>> check_in_horizon(date(9999, 12, 31), today=date(2026, 1, 1), field="to")
Traceback (most recent call last):
...
bigauto.domain.shared.errors.InvalidPeriod: to 9999-12-31 is beyond the calendar, ...
"""

from __future__ import annotations

from datetime import date, timedelta

from bigauto.domain.shared.errors import InvalidPeriod

#: How far ahead a calendar reaches, in days.
HORIZON_DAYS = 730
#: How far back a calendar can be read, in days.
HISTORY_DAYS = 365


def horizon(today: date) -> tuple[date, date]:
    """The first and last day a calendar holds, seen on ``today``."""
    return today - timedelta(days=HISTORY_DAYS), today + timedelta(days=HORIZON_DAYS)


def check_in_horizon(day: date | None, *, today: date, field: str) -> None:
    """Raise ``InvalidPeriod`` naming ``field`` unless ``day`` lies within the horizon (or is
    None: a day not given)."""
    first, last = horizon(today)
    if day is not None and not first <= day <= last:
        raise InvalidPeriod(
            f"{field} {day.isoformat()} is beyond the calendar, which runs from "
            f"{first.isoformat()} to {last.isoformat()}",
            details={"field": field, "first": first.isoformat(), "last": last.isoformat()},
        )


__all__ = ["HISTORY_DAYS", "HORIZON_DAYS", "check_in_horizon", "horizon"]
