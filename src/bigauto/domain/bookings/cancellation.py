"""How much of a rental comes back when it is cancelled.

The policy (a setting; these are the defaults):

- the seller or an admin cancels → everything the customer paid comes back;
- the customer cancels at least ``full_refund_hours`` (48) before the rental starts → full refund;
- the customer cancels later than that → ``late_refund_rate`` (50%) of it, rounded half up;
- the customer cancels once the rental has started → nothing;
- before payment nothing was paid, so nothing comes back (the paid amount is zero).

**When a rental starts.** A rental period is a range of dates; the instant it starts is
``pickup_time`` (default 00:00, the first moment of the start date) in the city's time zone, which
is also the moment from which the seller may hand the car over. A rental has *started* once it is
handed over (``berjalan``) or once that instant has passed, whichever comes first.

**What the policy applies to.** The base is what the customer paid for the rental itself, the
quote's revenue (subtotal − discount). The refundable deposit is outside the policy: a deposit
that was paid is always returned in full on cancellation (see ``RentalBooking.deposit_refund``).

>>> from datetime import UTC, date, datetime
>>> policy = CancellationPolicy()
>>> start = policy.start_instant(date(2026, 12, 10), "Asia/Jakarta")
>>> start.isoformat()
'2026-12-10T00:00:00+07:00'
>>> policy.refund_for(Money(1_000_001), start, datetime(2026, 12, 8, tzinfo=UTC), Actor.CUSTOMER)
Money(amount=500001, currency='IDR')
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import attrs

from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import require_aware, zone
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.domain.shared.money import Money, round_half_up, to_rate

DEFAULT_FULL_REFUND_HOURS = 48
DEFAULT_LATE_REFUND_RATE = Decimal("0.5")


def _hours(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationFailed(
            f"full_refund_hours must be a whole number of hours >= 0, not {value!r}",
            details={"full_refund_hours": repr(value)},
        )
    return value


def _rate(value: Decimal | str | int) -> Decimal:
    rate = to_rate(value)
    # Above 1 a late cancellation would refund more than an early one: never a policy.
    if not Decimal(0) <= rate <= Decimal(1):
        raise ValidationFailed(
            f"late_refund_rate must be between 0 and 1, not {rate}",
            details={"late_refund_rate": str(rate)},
        )
    return rate


def _pickup(value: object) -> time:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise ValidationFailed(
            f"pickup_time is a local wall-clock time without a zone, not {value!r}",
            details={"pickup_time": repr(value)},
        )
    return value


@attrs.frozen
class CancellationPolicy:
    """Refund rules for cancelled rentals; see the module docstring for the exact rule."""

    full_refund_hours: int = attrs.field(default=DEFAULT_FULL_REFUND_HOURS, converter=_hours)
    late_refund_rate: Decimal = attrs.field(default=DEFAULT_LATE_REFUND_RATE, converter=_rate)
    pickup_time: time = attrs.field(default=time(0), converter=_pickup)

    def start_instant(self, start_date: date, timezone: str) -> datetime:
        """The instant a rental starting on ``start_date`` starts, in zone ``timezone``."""
        return datetime.combine(start_date, self.pickup_time, tzinfo=zone(timezone))

    def refund_rate(
        self, start_at: datetime, cancelled_at: datetime, by: Actor, *, started: bool = False
    ) -> Decimal:
        """The share of the paid amount that comes back (1, ``late_refund_rate`` or 0)."""
        require_aware(start_at, "start_at")
        require_aware(cancelled_at, "cancelled_at")
        if Actor(by) is not Actor.CUSTOMER:
            return Decimal(1)
        if started or cancelled_at >= start_at:
            return Decimal(0)
        if start_at - cancelled_at >= timedelta(hours=self.full_refund_hours):
            return Decimal(1)
        return self.late_refund_rate

    def refund_for(
        self,
        paid: Money,
        start_at: datetime,
        cancelled_at: datetime,
        by: Actor,
        started: bool = False,
    ) -> Money:
        """What comes back of ``paid`` when ``by`` cancels at ``cancelled_at``; never more."""
        if paid.is_negative:
            raise ValidationFailed(
                f"a paid amount cannot be negative, not {paid}", details={"paid": paid.amount}
            )
        rate = self.refund_rate(start_at, cancelled_at, by, started=started)
        return Money(round_half_up(Decimal(paid.amount) * rate), paid.currency)


__all__ = [
    "DEFAULT_FULL_REFUND_HOURS",
    "DEFAULT_LATE_REFUND_RATE",
    "CancellationPolicy",
]
