"""Helpers shared by the booking HTTP tests: an app on a settable clock, a market (a seller
with a rental and a sale listing, two customers), dates, and the payment hooks the payments
wave will call. Each test module declares its three small fixtures with these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import rental_body, sale_body, seed_master
from tests.http.conftest import auth_headers

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings
from bigauto.container import build_container
from bigauto.domain.identity.accounts import User
from bigauto.entrypoints.http import create_app
from bigauto.services.bookings.payment_outcomes import mark_rental_paid, mark_sale_order_paid

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Any]]
#: 09:00 in Jakarta, Sunday 1 March 2026.
NOW = datetime(2026, 3, 1, 2, tzinfo=UTC)


def day(n: int) -> str:
    """The n-th of March 2026, as the API writes dates."""
    return date(2026, 3, n).isoformat()


def jakarta(n: int, hour: int) -> datetime:
    return datetime.combine(date(2026, 3, n), time(hour), tzinfo=UTC) - timedelta(hours=7)


@attrs.frozen
class Market:
    """A seller with one rental and one sale listing, and two customers."""

    seller_id: str
    seller: dict[str, str]
    rental_id: str
    sale_id: str
    ani: dict[str, str]
    citra: dict[str, str]
    users: tuple[User, User, User]

    def later(self, app: Litestar) -> Market:
        """The same people with tokens issued at the clock's now (after moving it)."""
        c = app.state.container
        seller, ani, citra = (auth_headers(c, user) for user in self.users)
        return attrs.evolve(self, seller=seller, ani=ani, citra=citra)


async def pay_rental(app: Litestar, booking_id: str) -> list[str]:
    """What the payments service does when a rental's payment settles."""
    c = app.state.container
    async with c.uow_factory()() as uow:
        events = await mark_rental_paid(
            uow, c.ids(), booking_id=booking_id, at=c.clock().now(), policy=c.booking_policy()
        )
        await uow.commit()
    return [e.name for e in events]


async def pay_order(app: Litestar, order_id: str) -> list[str]:
    c = app.state.container
    async with c.uow_factory()() as uow:
        events = await mark_sale_order_paid(uow, c.ids(), order_id=order_id, at=c.clock().now())
        await uow.commit()
    return [e.name for e in events]


def booking_app(settings: Settings, clock: FixedClock) -> Litestar:
    """The app with ``clock`` as its clock from the start (timers included)."""
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    return create_app(settings, container=container)


async def make_market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
    await seed_master(app)
    seller_user, seller = await make_user(seller=True)
    ids = []
    for body in (rental_body(), sale_body()):
        response = await client.post("/api/vehicles", json=body, headers=seller)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    ani_user, ani = await make_user(name="Ani")
    citra_user, citra = await make_user(name="Citra")
    users = (seller_user, ani_user, citra_user)
    return Market(seller_user.id, seller, ids[0], ids[1], ani, citra, users)
