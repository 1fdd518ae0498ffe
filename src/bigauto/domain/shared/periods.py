"""Half-open periods ``[start, end)`` of dates (rentals, blocks) or instants (holds, test drives).

>>> from datetime import date
>>> p = DatePeriod(date(2026, 1, 1), date(2026, 1, 4))
>>> p.days
3
>>> p.overlaps(DatePeriod(date(2026, 1, 4), date(2026, 1, 5)))
False
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import attrs

from bigauto.domain.shared.errors import InvalidPeriod

MAX_RENTAL_DAYS = 365


@attrs.frozen(order=True)
class DatePeriod:
    """Days from ``start`` up to but not including ``end``; never empty."""

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if isinstance(self.start, datetime) or isinstance(self.end, datetime):
            raise InvalidPeriod("a date period takes dates, not datetimes")
        if self.end <= self.start:
            raise InvalidPeriod(
                f"end_date {self.end.isoformat()} must be after start_date "
                f"{self.start.isoformat()} (end_date is exclusive)",
                details={"start_date": self.start.isoformat(), "end_date": self.end.isoformat()},
            )

    @classmethod
    def for_rental(cls, start: date, end: date, *, max_days: int = MAX_RENTAL_DAYS) -> DatePeriod:
        """A rental period: 1 to ``max_days`` days, ``end`` exclusive."""
        period = cls(start, end)
        if period.days > max_days:
            raise InvalidPeriod(
                f"a rental lasts at most {max_days} days; this one is {period.days}",
                details={"days": period.days, "max_days": max_days},
            )
        return period

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def overlaps(self, other: DatePeriod) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def extended(self, *, days_after: int) -> DatePeriod:
        """This period with ``days_after`` more days at the end (a turnaround buffer)."""
        return DatePeriod(self.start, self.end + timedelta(days=days_after))

    def each_day(self) -> Iterator[date]:
        day = self.start
        while day < self.end:
            yield day
            day += timedelta(days=1)


@attrs.frozen(order=True)
class TimeSlot:
    """Instants from ``start`` up to but not including ``end``, both timezone-aware."""

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InvalidPeriod("a time slot needs timezone-aware instants")
        if self.end <= self.start:
            raise InvalidPeriod("a time slot must end after it starts")

    def overlaps(self, other: TimeSlot) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


__all__ = ["MAX_RENTAL_DAYS", "DatePeriod", "TimeSlot"]
