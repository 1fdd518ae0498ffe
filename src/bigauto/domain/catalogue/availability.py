"""A vehicle's calendar: which days are taken, and which periods can still be booked.

A calendar holds **bookings** (active rentals), **holds** (a pending payment that blocks the
days until its ``expires_at``) and owner **blocks** (maintenance, personal use), plus one setting,
the **turnaround buffer**: days the vehicle needs between two rentals (cleaning, inspection).

The rule, with ``b`` the turnaround in days and every period half-open ``[start, end)``:

- a request ``[s, e)`` clashes with a block ``[bs, be)`` iff the two overlap;
- a request clashes with a booking or a live hold ``[bs, be)`` iff ``[s, e + b)`` overlaps
  ``[bs, be + b)``: each rental owns ``b`` days after its end, so two rentals are always
  separated by at least ``b`` free days, whichever of them came first. Equivalently, the
  request must not overlap the entry's *footprint* ``[bs - b, be + b)``.

Blocks carry no buffer: the owner has the car, nobody needs to clean it. A hold is live while
``at < expires_at``; at and after that instant it frees its days. ``at`` is always an argument
(the domain has no clock) and must be timezone-aware.

Because every footprint is a fixed set of days, a *day* is free iff the one-day period on it
is available, and a period is available iff all its days are free: that is what makes
``free_windows`` (maximal runs of free days) agree with ``is_available``.

>>> from datetime import UTC, date, datetime
>>> now = datetime(2026, 1, 1, tzinfo=UTC)
>>> cal = Calendar.empty(turnaround_days=1).with_entry(
...     CalendarEntry.booking("r1", DatePeriod(date(2026, 1, 10), date(2026, 1, 13))))
>>> cal.is_available(DatePeriod(date(2026, 1, 13), date(2026, 1, 15)), at=now)
False
>>> cal.is_available(DatePeriod(date(2026, 1, 14), date(2026, 1, 15)), at=now)
True
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime

import attrs

from bigauto.domain.catalogue._intervals import SpanIndex, merge
from bigauto.domain.catalogue.errors import VehicleUnavailable
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.domain.shared.periods import DatePeriod


class EntryKind(enum.StrEnum):
    """Why a calendar entry blocks dates: a paid booking, an unpaid hold, an owner's block."""

    BOOKING = "booking"
    HOLD = "hold"
    BLOCK = "block"


def _require_aware(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationFailed(
            f"{name} must be a timezone-aware datetime, not {type(value).__name__}",
            details={name: repr(value)},
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            f"{name} must be timezone-aware; got naive {value.isoformat()}",
            details={name: value.isoformat()},
        )
    return value


@attrs.frozen
class CalendarEntry:
    """One thing that takes days on a calendar: a booking, a hold or a block, named by ``ref``."""

    ref: str
    kind: EntryKind
    period: DatePeriod
    expires_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.ref, str) or not self.ref:
            raise ValidationFailed("a calendar entry needs a non-empty ref", details={"ref": None})
        if not isinstance(self.kind, EntryKind):
            raise ValidationFailed(
                f"unknown calendar entry kind {self.kind!r}", details={"kind": repr(self.kind)}
            )
        if not isinstance(self.period, DatePeriod):
            raise ValidationFailed(
                "a calendar entry's period must be a DatePeriod", details={"ref": self.ref}
            )
        if self.kind is EntryKind.HOLD:
            _require_aware(self.expires_at, "expires_at")
        elif self.expires_at is not None:
            raise ValidationFailed(
                f"only a hold expires; a {self.kind} has no expires_at", details={"ref": self.ref}
            )

    @classmethod
    def booking(cls, ref: str, period: DatePeriod) -> CalendarEntry:
        """An active rental booking."""
        return cls(ref, EntryKind.BOOKING, period)

    @classmethod
    def hold(cls, ref: str, period: DatePeriod, *, expires_at: datetime) -> CalendarEntry:
        """A pending-payment hold that stops blocking at ``expires_at``."""
        return cls(ref, EntryKind.HOLD, period, expires_at)

    @classmethod
    def block(cls, ref: str, period: DatePeriod) -> CalendarEntry:
        """Days the owner keeps the vehicle off the market (maintenance, own use)."""
        return cls(ref, EntryKind.BLOCK, period)

    @property
    def needs_turnaround(self) -> bool:
        """Bookings and holds are rentals and get the buffer; blocks do not."""
        return self.kind is not EntryKind.BLOCK

    def is_live(self, at: datetime) -> bool:
        """Whether this entry takes its days at instant ``at`` (only a hold ever stops)."""
        return self.expires_at is None or at < self.expires_at

    def footprint(self, turnaround_days: int) -> tuple[int, int]:
        """Day ordinals ``[first, end)`` a request may not overlap (see the module rule)."""
        pad = turnaround_days if self.needs_turnaround else 0
        return self.period.start.toordinal() - pad, self.period.end.toordinal() + pad


def _order(entry: CalendarEntry) -> tuple[date, date, str, str]:
    return entry.period.start, entry.period.end, entry.kind.value, entry.ref


def _canonical(entries: Iterable[CalendarEntry]) -> tuple[CalendarEntry, ...]:
    entries = tuple(entries)
    for entry in entries:
        if not isinstance(entry, CalendarEntry):
            raise ValidationFailed(
                f"a calendar holds CalendarEntry values, not {type(entry).__name__}"
            )
    return tuple(sorted(entries, key=_order))


def _check_turnaround(_: object, __: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationFailed(
            f"turnaround_days must be a whole number of days >= 0, not {value!r}",
            details={"turnaround_days": repr(value)},
        )


@attrs.frozen
class Calendar:
    """An immutable snapshot of one vehicle's entries and turnaround buffer.

    Changes return a new calendar (``with_entry``, ``without``): a calendar is loaded per
    command inside a unit of work, checked, changed and saved, so sharing one between threads
    or keeping an old one for comparison is always safe. Rebuilding costs O(n log n);
    ``is_available`` costs O(log n) (plus the holds that overlap the request, which are few:
    a hold lives for minutes), which is the trade we want: a vehicle is searched far more
    often than it is booked. ``conflicts``, ``busy_windows`` and ``free_windows`` cost
    O(log n + k) for k entries in range (``conflicts`` walks further back only past a long
    entry that reaches over the range).

    ``with_entry`` records what happened; it does not refuse overlaps (existing data may
    overlap, e.g. a block over a booking). Call ``ensure_available`` first to book safely.
    """

    entries: tuple[CalendarEntry, ...] = attrs.field(default=(), converter=_canonical)
    turnaround_days: int = attrs.field(default=0, validator=_check_turnaround)
    # Bookings and blocks never expire: merge their footprints into disjoint busy spans.
    _busy_starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    _busy_ends: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    # Holds depend on ``at``, so they keep their own index and are filtered per query.
    _holds: SpanIndex[CalendarEntry] = attrs.field(init=False, eq=False, repr=False)
    _all: SpanIndex[CalendarEntry] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        refs: set[str] = set()
        for entry in self.entries:
            if entry.ref in refs:
                raise ValidationFailed(
                    f"calendar entry ref {entry.ref!r} is used twice", details={"ref": entry.ref}
                )
            refs.add(entry.ref)
        b = self.turnaround_days
        busy = merge(sorted(e.footprint(b) for e in self.entries if e.kind is not EntryKind.HOLD))
        object.__setattr__(self, "_busy_starts", tuple(s for s, _ in busy))
        object.__setattr__(self, "_busy_ends", tuple(e for _, e in busy))
        rows = [(*e.footprint(b), e) for e in self.entries]
        object.__setattr__(
            self, "_holds", SpanIndex.of(r for r in rows if r[2].kind is EntryKind.HOLD)
        )
        object.__setattr__(self, "_all", SpanIndex.of(rows))

    @classmethod
    def empty(cls, turnaround_days: int = 0) -> Calendar:
        """A calendar with nothing on it."""
        return cls((), turnaround_days)

    @classmethod
    def of(cls, entries: Iterable[CalendarEntry], *, turnaround_days: int = 0) -> Calendar:
        """A calendar holding ``entries`` (refs must be unique)."""
        return cls(tuple(entries), turnaround_days)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, ref: object) -> bool:
        return any(entry.ref == ref for entry in self.entries)

    def get(self, ref: str) -> CalendarEntry | None:
        """The entry named ``ref``, or ``None``."""
        return next((entry for entry in self.entries if entry.ref == ref), None)

    def with_entry(self, entry: CalendarEntry) -> Calendar:
        """This calendar plus ``entry``; its ref must be new."""
        return Calendar((*self.entries, entry), self.turnaround_days)

    def without(self, ref: str) -> Calendar:
        """This calendar minus the entry named ``ref`` (cancelled, released or lifted)."""
        kept = tuple(entry for entry in self.entries if entry.ref != ref)
        if len(kept) == len(self.entries):
            raise NotFound(f"no calendar entry with ref {ref!r}", details={"ref": ref})
        return Calendar(kept, self.turnaround_days)

    def without_expired_holds(self, at: datetime) -> Calendar:
        """The same calendar minus the holds that have expired by ``at`` (housekeeping)."""
        _require_aware(at, "at")
        return Calendar(tuple(e for e in self.entries if e.is_live(at)), self.turnaround_days)

    def is_available(self, period: DatePeriod, *, at: datetime) -> bool:
        """Whether ``period`` can be booked at instant ``at``: it clashes with nothing."""
        s, e = _ordinals(period)
        _require_aware(at, "at")
        i = bisect_right(self._busy_ends, s)
        if i < len(self._busy_starts) and self._busy_starts[i] < e:
            return False
        if not self._holds.any_overlapping(s, e):
            return True
        return not any(h.is_live(at) for h in self._holds.overlapping(s, e))

    def conflicts(self, period: DatePeriod, *, at: datetime) -> list[CalendarEntry]:
        """The entries ``period`` clashes with at ``at``, by start (then end, kind, ref)."""
        s, e = _ordinals(period)
        _require_aware(at, "at")
        return sorted((x for x in self._all.overlapping(s, e) if x.is_live(at)), key=_order)

    def ensure_available(self, period: DatePeriod, *, at: datetime) -> None:
        """Raise ``VehicleUnavailable`` (naming the clashing refs) unless ``period`` is free."""
        if self.is_available(period, at=at):
            return
        clashes = self.conflicts(period, at=at)
        raise VehicleUnavailable(
            f"the vehicle is not available from {period.start.isoformat()} to "
            f"{period.end.isoformat()} (end exclusive)",
            details={
                "start_date": period.start.isoformat(),
                "end_date": period.end.isoformat(),
                "conflicts": [{"ref": c.ref, "kind": c.kind.value} for c in clashes],
            },
        )

    def busy_windows(self, within: DatePeriod, *, at: datetime) -> list[DatePeriod]:
        """Maximal runs of days inside ``within`` that no request may touch, in order."""
        lo, hi = _ordinals(within)
        _require_aware(at, "at")
        spans: list[tuple[int, int]] = []
        i = bisect_right(self._busy_ends, lo)
        while i < len(self._busy_starts) and self._busy_starts[i] < hi:
            spans.append((self._busy_starts[i], self._busy_ends[i]))
            i += 1
        b = self.turnaround_days
        spans.extend(h.footprint(b) for h in self._holds.overlapping(lo, hi) if h.is_live(at))
        return [
            DatePeriod(date.fromordinal(max(s, lo)), date.fromordinal(min(e, hi)))
            for s, e in merge(sorted(spans))
        ]

    def free_windows(
        self, within: DatePeriod, *, at: datetime, min_days: int = 1
    ) -> list[DatePeriod]:
        """Maximal available sub-periods of ``within`` lasting at least ``min_days``, in order."""
        if isinstance(min_days, bool) or not isinstance(min_days, int) or min_days < 1:
            raise ValidationFailed(
                f"min_days must be a whole number >= 1, not {min_days!r}",
                details={"min_days": repr(min_days)},
            )
        gaps: list[tuple[date, date]] = []
        cursor = within.start
        for busy in self.busy_windows(within, at=at):
            gaps.append((cursor, busy.start))
            cursor = busy.end
        gaps.append((cursor, within.end))
        return [DatePeriod(s, e) for s, e in gaps if (e - s).days >= min_days]


def _ordinals(period: object) -> tuple[int, int]:
    if not isinstance(period, DatePeriod):
        raise ValidationFailed(
            f"expected a DatePeriod, not {type(period).__name__}",
            details={"period": repr(period)},
        )
    return period.start.toordinal(), period.end.toordinal()


__all__ = ["Calendar", "CalendarEntry", "EntryKind"]
