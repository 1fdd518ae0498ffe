"""What every booking use case needs: the ports, the policy from the settings, and helpers.

``Bookings`` bundles the unit-of-work factory, the clock, the id source and the
``BookingPolicy`` (hold length, auto-confirm, cancellation policy, turnaround, how far ahead
rentals and test drives may be booked, negotiation rounds, test-drive length, offer and payment
windows, the default commission rate). The
composition root builds it from the settings; tests build it by hand with fakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

import attrs

from bigauto.domain.bookings import rentals, test_drives
from bigauto.domain.bookings.cancellation import CancellationPolicy
from bigauto.domain.bookings.sales import DEFAULT_MAX_ROUNDS
from bigauto.domain.catalogue.vehicles import Category, City, ListingStatus, Vehicle
from bigauto.domain.money.commission import DEFAULT_COMMISSION_RATE, CommissionPolicy
from bigauto.domain.shared.errors import NotFound, ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


@attrs.frozen
class BookingPolicy:
    """The settings the booking rules follow (defaults are the documented ones)."""

    hold_minutes: int = 30
    auto_confirm: bool = False
    cancellation: CancellationPolicy = attrs.Factory(CancellationPolicy)
    turnaround_days: int = 0
    #: A rental may start at most this many days after today (in the vehicle's city).
    rental_horizon_days: int = rentals.DEFAULT_HORIZON_DAYS
    #: A test drive may be at most this many days after now.
    test_drive_horizon_days: int = test_drives.DEFAULT_HORIZON_DAYS
    sale_max_rounds: int = DEFAULT_MAX_ROUNDS
    test_drive_minutes: int = 60
    default_commission_rate: Decimal = DEFAULT_COMMISSION_RATE
    #: An offer (or counter-offer) nobody answers for this long is declined by the system.
    offer_ttl: timedelta = timedelta(days=7)
    #: An accepted sale order not paid within this long is cancelled by the system.
    sale_payment_window: timedelta = timedelta(hours=24)

    @property
    def test_drive_duration(self) -> timedelta:
        return timedelta(minutes=self.test_drive_minutes)


@attrs.frozen
class Bookings:
    """The ports and policy of the booking use cases."""

    uow_factory: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    policy: BookingPolicy = BookingPolicy()

    def event_id(self) -> str:
        return self.ids.new_id()


async def commission_policy(uow: UnitOfWork, default_rate: Decimal) -> CommissionPolicy:
    """Every rate the admins have set, over the configured default."""
    return CommissionPolicy(tuple(await uow.commission_rates.all()), default_rate)


async def listing(
    uow: UnitOfWork, vehicle_id: str, category: Category, *, viewer_id: str | None = None
) -> Vehicle:
    """A public listing of ``category`` (its owner may also see it while paused or a draft)."""
    vehicle = await uow.vehicles.get(vehicle_id)
    visible = vehicle is not None and (vehicle.is_public or vehicle.owned_by(viewer_id or ""))
    if vehicle is None or not visible:
        raise NotFound(f"no vehicle {vehicle_id}", details={"vehicle_id": vehicle_id})
    if vehicle.category is not category:
        raise ValidationFailed(
            f"vehicle {vehicle_id} is not for {category.value}",
            details={"vehicle_id": vehicle_id, "category": vehicle.category.value},
        )
    return vehicle


def require_active(vehicle: Vehicle) -> None:
    """A deal starts only on a listing that is on the market."""
    if vehicle.status is not ListingStatus.ACTIVE or vehicle.is_deleted:
        raise ValidationFailed(
            f"vehicle {vehicle.id} is not on the market ({vehicle.status.value})",
            details={"vehicle_id": vehicle.id, "status": vehicle.status.value},
        )


async def city_of(uow: UnitOfWork, vehicle: Vehicle) -> City:
    city = await uow.catalogue.get_city(vehicle.city_id)
    if city is None:  # foreign keys keep it; memory tests may not
        raise NotFound(f"no city {vehicle.city_id}", details={"city_id": vehicle.city_id})
    return city


async def record(uow: UnitOfWork, events: Iterable[DomainEvent]) -> list[DomainEvent]:
    """Put ``events`` in the outbox (same transaction); answer them as a list."""
    out = list(events)
    for event in out:
        await uow.outbox.add(event)
    return out


def hidden(what: str, ident: str) -> NotFound:
    """What a stranger hears about someone else's booking: it does not exist."""
    return NotFound(f"no {what} {ident}", details={"id": ident})


__all__ = [
    "BookingPolicy",
    "Bookings",
    "city_of",
    "commission_policy",
    "hidden",
    "listing",
    "record",
    "require_active",
]
