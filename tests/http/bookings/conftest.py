"""Fixtures of the booking HTTP tests: the app on a settable clock, and a market (a seller
with a rental and a sale listing, two customers)."""

from __future__ import annotations

import pytest
from dependency_injector import providers
from litestar import Litestar
from tests.http.bookings.support import NOW, Client, MakeUser, Market
from tests.http.catalogue_support import rental_body, sale_body, seed_master

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings
from bigauto.container import build_container
from bigauto.entrypoints.http import create_app


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    return create_app(settings, container=container)


@pytest.fixture
async def market(app: Litestar, client: Client, make_user: MakeUser) -> Market:
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
