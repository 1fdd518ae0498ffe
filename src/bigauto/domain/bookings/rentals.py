"""A rental booking: requested with a payment hold, paid, confirmed, handed over, returned.

``RentalBooking.request`` enforces the rules of a new booking (not one's own vehicle, a start
that is neither in the past in the city's time zone nor more than a horizon ahead (365 days by
default), 1 to 365 days long, a free period on the vehicle's calendar), prices it with the
domain quote and snapshots the quote and the commission rate in force. Every later change goes
through the ``RENTAL`` lifecycle table, so an illegal move raises
``InvalidTransition`` naming the current state, and returns ``(new_booking, DomainEvent)``; the
booking itself is immutable. The caller supplies the instant and the event id (no clock or id
source in the domain).

>>> from datetime import UTC, date, datetime
>>> from bigauto.domain.catalogue.pricing import RatePlan
>>> from bigauto.domain.money.commission import CommissionPolicy
>>> now = datetime(2026, 3, 1, 9, tzinfo=UTC)
>>> booking, event = RentalBooking.request(
...     booking_id="r1", vehicle_id="v1", customer_id="ani", seller_id="budi",
...     start_date=date(2026, 3, 10), end_date=date(2026, 3, 13), plan=RatePlan(Money(400_000)),
...     calendar=Calendar.empty(), commission=CommissionPolicy(), now=now,
...     timezone="Asia/Jakarta", event_id="e1")
>>> booking.status, booking.quote.total.amount, booking.hold_expires_at.isoformat()
(<RentalState.PENDING_PAYMENT: 'pending_payment'>, 1200000, '2026-03-01T09:30:00+00:00')
>>> booking, event = booking.pay(at=now, event_id="e2")
>>> event.name
'rental.paid'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.deals import Parties, refuse_own_vehicle
from bigauto.domain.bookings.events import RentalEvents
from bigauto.domain.bookings.lifecycles import RENTAL, RentalEvent, RentalState
from bigauto.domain.catalogue.availability import Calendar, CalendarEntry
from bigauto.domain.catalogue.pricing import RatePlan, quote_rental
from bigauto.domain.catalogue.promo import PromoCode
from bigauto.domain.catalogue.quote import Quote
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import (
    StatusChange,
    advance,
    require_aware,
    trail,
    zone,
)
from bigauto.domain.shared.errors import InvalidPeriod, InvalidTransition
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money
from bigauto.domain.shared.periods import MAX_RENTAL_DAYS, DatePeriod

DEFAULT_HOLD_MINUTES = 30
#: How many days ahead a rental may start, by default (``BIGAUTO_RENTAL_HORIZON_DAYS``).
DEFAULT_HORIZON_DAYS = 365

#: States in which the booking holds its dates for good (a pending one holds them until expiry).
ACTIVE_STATES = frozenset({RentalState.PAID, RentalState.AKAN_DATANG, RentalState.BERJALAN})


def rental_period(
    start_date: date,
    end_date: date,
    *,
    today: date,
    max_days: int = MAX_RENTAL_DAYS,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> DatePeriod:
    """The period of a new rental: starting between ``today`` and ``horizon_days`` after it,
    lasting 1 to ``max_days`` days (``end_date`` exclusive); else InvalidPeriod.

    >>> rental_period(date(2026, 3, 10), date(2026, 3, 13), today=date(2026, 3, 1)).days
    3
    >>> rental_period(date(9999, 12, 30), date(9999, 12, 31), today=date(2026, 3, 1))
    Traceback (most recent call last):
    bigauto.domain.shared.errors.InvalidPeriod: start_date 9999-12-30 is more than 365 days \
ahead (the latest start is 2027-03-01)
    """
    latest = today + timedelta(days=horizon_days)
    if start_date > latest:
        raise InvalidPeriod(
            f"start_date {start_date.isoformat()} is more than {horizon_days} days ahead "
            f"(the latest start is {latest.isoformat()})",
            details={"start_date": start_date.isoformat(), "latest": latest.isoformat()},
        )
    if start_date < today:
        raise InvalidPeriod(
            f"start_date {start_date.isoformat()} is in the past (today is {today.isoformat()})",
            details={"start_date": start_date.isoformat(), "today": today.isoformat()},
        )
    return DatePeriod.for_rental(start_date, end_date, max_days=max_days)


@attrs.frozen
class RentalBooking(Parties):
    """One customer's booking of one vehicle for a period, with its price and audit trail.

    ``quote`` and ``commission_rate`` are snapshots taken at the request: later price or rate
    changes never touch an existing booking. ``timezone`` is the vehicle city's IANA zone, used
    to know when the rental starts. ``refund_amount`` is set on cancellation (the rental part;
    the deposit comes back separately, see ``deposit_refund``).
    """

    id: str
    vehicle_id: str
    customer_id: str
    seller_id: str
    period: DatePeriod
    quote: Quote
    commission_rate: Decimal
    timezone: str
    status: RentalState
    created_at: datetime
    hold_expires_at: datetime
    history: tuple[StatusChange, ...] = attrs.field(converter=trail)
    paid_at: datetime | None = None
    refund_amount: Money | None = None
    cancelled_by: Actor | None = None

    @classmethod
    def request(
        cls,
        *,
        booking_id: str,
        vehicle_id: str,
        customer_id: str,
        seller_id: str,
        start_date: date,
        end_date: date,
        plan: RatePlan,
        calendar: Calendar,
        commission: CommissionPolicy,
        now: datetime,
        timezone: str,
        event_id: str,
        options: Iterable[str] = (),
        promo: PromoCode | None = None,
        hold_minutes: int = DEFAULT_HOLD_MINUTES,
        max_days: int = MAX_RENTAL_DAYS,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> tuple[RentalBooking, DomainEvent]:
        """A new booking in ``pending_payment``, holding its dates for ``hold_minutes``.

        Refuses, in this order: one's own vehicle (CannotBookOwnVehicle), a period
        :func:`rental_period` refuses for today in ``timezone`` (InvalidPeriod), a period the
        calendar does not have free at ``now`` (VehicleUnavailable), a bad option or promo (from the
        quote). ``calendar`` must not already contain this booking.
        """
        require_aware(now, "now")
        refuse_own_vehicle(customer_id, seller_id, vehicle_id, doing="book")
        today = now.astimezone(zone(timezone)).date()
        period = rental_period(
            start_date, end_date, today=today, max_days=max_days, horizon_days=horizon_days
        )
        if isinstance(hold_minutes, bool) or not isinstance(hold_minutes, int) or hold_minutes < 1:
            raise InvalidPeriod(
                f"a payment hold lasts at least a minute, not {hold_minutes!r}",
                details={"hold_minutes": repr(hold_minutes)},
            )
        calendar.ensure_available(period, at=now)
        quote = quote_rental(plan, start_date, end_date, options, promo, at=now)
        draft = cls(
            id=booking_id,
            vehicle_id=vehicle_id,
            customer_id=customer_id,
            seller_id=seller_id,
            period=period,
            quote=quote,
            commission_rate=commission.rate_at(now, Category.RENTAL),
            timezone=timezone,
            status=RentalState(RENTAL.initial),
            created_at=now,
            hold_expires_at=now + timedelta(minutes=hold_minutes),
            history=(),
        )
        step = RENTAL.start("request", Actor.CUSTOMER, emits=RentalEvents.REQUESTED)
        return advance(
            draft,
            step,
            customer_id,
            now,
            event_id,
            facts=lambda booking: {
                **booking._facts(),
                "total": quote.total.amount,
                "hold_expires_at": booking.hold_expires_at.isoformat(),
            },
        )

    # --- questions -------------------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        """Whether the booking holds its dates for good (paid, upcoming or ongoing)."""
        return self.status in ACTIVE_STATES

    def hold_expired(self, at: datetime) -> bool:
        """Whether the payment hold has run out by ``at`` (it frees the dates from then on)."""
        return require_aware(at, "at") >= self.hold_expires_at

    def today(self, at: datetime) -> date:
        """The date at instant ``at`` in the vehicle city's time zone."""
        return require_aware(at, "at").astimezone(zone(self.timezone)).date()

    @property
    def amount_paid(self) -> Money:
        """What the customer has paid: the quote's total (deposit included) once paid, else 0."""
        return self.quote.total if self.paid_at is not None else self._zero()

    @property
    def deposit_refund(self) -> Money:
        """The deposit that comes back: all of it once a paid booking is cancelled, else 0."""
        if self.status is RentalState.CANCELLED and self.paid_at is not None:
            return self.quote.deposit
        return self._zero()

    @property
    def total_refund(self) -> Money:
        """Everything a cancellation gives back: the policy's ``refund_amount`` plus the deposit."""
        return (self.refund_amount or self._zero()) + self.deposit_refund

    def calendar_entry(self) -> CalendarEntry | None:
        """What this booking occupies on the vehicle's calendar now, if anything."""
        if self.status is RentalState.PENDING_PAYMENT:
            return CalendarEntry.hold(self.id, self.period, expires_at=self.hold_expires_at)
        if self.is_active:
            return CalendarEntry.booking(self.id, self.period)
        return None

    # --- moves -----------------------------------------------------------------------------

    def pay(
        self, *, at: datetime, event_id: str, calendar: Calendar | None = None
    ) -> tuple[RentalBooking, DomainEvent]:
        """The payment settled (system). Once the hold has expired the dates may have gone to
        someone else: a late payment is accepted only if ``calendar`` (the vehicle's, with or
        without this booking) still has the period free, else VehicleUnavailable (refund it)."""
        if self.hold_expired(at) and self.status is RentalState.PENDING_PAYMENT:
            if calendar is None:
                raise InvalidTransition(
                    RENTAL.name,
                    self.status,
                    RentalEvent.PAY,
                    actor=Actor.SYSTEM,
                    reason="the payment hold has expired; give the calendar to accept it late",
                )
            others = calendar.without(self.id) if self.id in calendar else calendar
            others.ensure_available(self.period, at=at)
        return self._fire(RentalEvent.PAY, Actor.SYSTEM, None, at, event_id, paid_at=at)

    def confirm(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[RentalBooking, DomainEvent]:
        """The seller confirms a paid booking: it becomes upcoming (``akan_datang``)."""
        return self._fire(RentalEvent.CONFIRM, Actor.SELLER, actor_id, at, event_id)

    def auto_confirm(self, *, at: datetime, event_id: str) -> tuple[RentalBooking, DomainEvent]:
        """The system confirms a paid booking (the auto-confirm setting)."""
        return self._fire(RentalEvent.AUTO_CONFIRM, Actor.SYSTEM, None, at, event_id)

    def start(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[RentalBooking, DomainEvent]:
        """The seller hands the car over; not before the start date in the city's time zone."""
        today = self.today(at)
        self._check_move(RentalEvent.START, Actor.SELLER, actor_id)
        if today < self.period.start:
            raise InvalidTransition(
                RENTAL.name,
                self.status,
                RentalEvent.START,
                actor=Actor.SELLER,
                reason=f"the rental starts on {self.period.start.isoformat()}, "
                f"it is {today.isoformat()}",
            )
        return self._fire(RentalEvent.START, Actor.SELLER, actor_id, at, event_id)

    def complete(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[RentalBooking, DomainEvent]:
        """The seller takes the car back: the rental is done (``selesai``)."""
        return self._fire(RentalEvent.COMPLETE, Actor.SELLER, actor_id, at, event_id)

    def cancel(
        self,
        *,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
        policy: CancellationPolicy,
        reason: str | None = None,
    ) -> tuple[RentalBooking, DomainEvent]:
        """``actor`` cancels; the refund of the rental part follows ``policy`` (see
        ``bigauto.domain.bookings.cancellation``), the deposit comes back whole if it was paid."""
        require_aware(at, "at")
        self._check_move(RentalEvent.CANCEL, actor, actor_id)
        paid = self.quote.revenue if self.paid_at is not None else self._zero()
        refund = policy.refund_for(
            paid,
            policy.start_instant(self.period.start, self.timezone),
            at,
            actor,
            started=self.status is RentalState.BERJALAN,
        )
        return self._fire(
            RentalEvent.CANCEL,
            actor,
            actor_id,
            at,
            event_id,
            reason=reason,
            refund_amount=refund,
            cancelled_by=Actor(actor),
        )

    def expire_hold(self, *, at: datetime, event_id: str) -> tuple[RentalBooking, DomainEvent]:
        """The hold ran out unpaid: cancel (system) and free the dates; not before expiry."""
        if not self.hold_expired(at):
            raise InvalidTransition(
                RENTAL.name,
                self.status,
                RentalEvent.PAYMENT_EXPIRED,
                actor=Actor.SYSTEM,
                reason=f"the payment hold runs until {self.hold_expires_at.isoformat()}",
            )
        return self._fire(
            RentalEvent.PAYMENT_EXPIRED,
            Actor.SYSTEM,
            None,
            at,
            event_id,
            reason="payment hold expired",
            refund_amount=self._zero(),
            cancelled_by=Actor.SYSTEM,
        )

    def payment_failed(
        self, *, at: datetime, event_id: str, reason: str | None = None
    ) -> tuple[RentalBooking, DomainEvent]:
        """The payment was denied or failed (system): cancel and free the dates."""
        return self._fire(
            RentalEvent.PAYMENT_FAILED,
            Actor.SYSTEM,
            None,
            at,
            event_id,
            reason=reason or "payment failed",
            refund_amount=self._zero(),
            cancelled_by=Actor.SYSTEM,
        )

    # --- machinery -------------------------------------------------------------------------

    def _zero(self) -> Money:
        return Money.zero(self.quote.total.currency)

    def _facts(self) -> dict[str, Any]:
        return {
            "vehicle_id": self.vehicle_id,
            "customer_id": self.customer_id,
            "seller_id": self.seller_id,
            "start_date": self.period.start.isoformat(),
            "end_date": self.period.end.isoformat(),
        }

    def _refund_facts(self) -> dict[str, Any]:
        facts = self._facts()
        if self.refund_amount is not None:
            facts["refund_amount"] = self.refund_amount.amount
            facts["deposit_refund"] = self.deposit_refund.amount
        return facts

    def _check_move(self, event: RentalEvent, actor: Actor, actor_id: str | None) -> None:
        """Refuse an illegal move before looking at anything else (the table has priority)."""
        RENTAL.fire(self.status, event, actor)
        self.check_party(actor, actor_id, what="rental")

    def _fire(
        self,
        event: RentalEvent,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
        *,
        reason: str | None = None,
        **changes: Any,
    ) -> tuple[RentalBooking, DomainEvent]:
        require_aware(at, "at")
        self._check_move(event, actor, actor_id)
        step = RENTAL.fire(self.status, event, actor)
        # A cancellation tells what comes back; refund_amount is set by those moves only.
        facts = RentalBooking._refund_facts if "refund_amount" in changes else RentalBooking._facts
        return advance(
            self, step, actor_id, at, event_id, facts=facts, reason=reason, changes=changes
        )


def booking_calendar(
    bookings: Iterable[RentalBooking],
    blocks: Iterable[CalendarEntry] = (),
    *,
    turnaround_days: int = 0,
) -> Calendar:
    """A vehicle's calendar from its bookings (each as ``calendar_entry()``) and owner blocks."""
    entries = [entry for b in bookings if (entry := b.calendar_entry()) is not None]
    return Calendar.of([*entries, *blocks], turnaround_days=turnaround_days)


__all__ = [
    "ACTIVE_STATES",
    "DEFAULT_HOLD_MINUTES",
    "DEFAULT_HORIZON_DAYS",
    "RentalBooking",
    "booking_calendar",
    "rental_period",
]
