"""A seller with a listing and a customer, ready to chat, for the chat's HTTP and socket tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
from litestar import Litestar
from tests.http.catalogue_support import AVANZA, JAKARTA, TOYOTA, seed_master
from tests.http.conftest import auth_headers

from bigauto.domain.catalogue.vehicles import Category, FuelType, Transmission, Vehicle
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.domain.shared.money import Money

MakeUser = Callable[..., Awaitable[tuple[User, dict[str, str]]]]


@attrs.frozen
class ChatWorld:
    """Who is who: a seller and their listing, a customer, someone else, and their headers."""

    seller: User
    seller_headers: dict[str, str]
    customer: User
    customer_headers: dict[str, str]
    stranger: User
    stranger_headers: dict[str, str]
    vehicle_id: str

    def token(self, headers: dict[str, str]) -> str:
        return headers["Authorization"].removeprefix("Bearer ")


async def add_vehicle(app: Litestar, seller: User, n: int = 1) -> str:
    """Store an active rental listing of ``seller`` and answer its id."""
    container = app.state.container
    vehicle = Vehicle(
        id=container.ids().new_id(),
        seller_id=seller.id,
        category=Category.RENTAL,
        brand_id=TOYOTA.id,
        model_id=AVANZA.id,
        year=2022,
        city_id=JAKARTA.id,
        transmission=Transmission.AUTOMATIC,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title=f"Avanza {n}",
        created_at=container.clock().now(),
        daily_rate=Money(350_000),
    )
    async with container.uow_factory()() as uow:
        await uow.vehicles.add(vehicle)
        await uow.commit()
    return vehicle.id


def user_maker(app: Litestar) -> MakeUser:
    """``make_user`` (see ``tests/http/conftest.py``) for an app made outside the fixtures."""
    container = app.state.container
    counter = iter(range(1, 1_000_000))

    async def make(
        *, seller: bool = False, admin: bool = False, name: str | None = None
    ) -> tuple[User, dict[str, str]]:
        n = next(counter)
        async with container.uow_factory()() as uow:
            cities = await uow.catalogue.cities()
            user = User(
                id=container.ids().new_id(),
                email=f"chat{n}-{container.ids().new_id()[-8:]}@example.com",
                name=name or f"User {n}",
                password_hash="not-a-real-hash",
                created_at=container.clock().now(),
                email_verified=True,
                is_admin=admin,
                seller=SellerProfile(f"Toko {n}", cities[0].id) if seller and cities else None,
            )
            await uow.users.add(user)
            await uow.commit()
        return user, auth_headers(container, user)

    return make


async def chat_world(app: Litestar, make_user: MakeUser) -> ChatWorld:
    await seed_master(app)
    seller, seller_headers = await make_user(seller=True, name="Budi Rental")
    customer, customer_headers = await make_user(name="Ani")
    stranger, stranger_headers = await make_user(name="Orang Lain")
    vehicle_id = await add_vehicle(app, seller)
    return ChatWorld(
        seller,
        seller_headers,
        customer,
        customer_headers,
        stranger,
        stranger_headers,
        vehicle_id,
    )


def pages(body: dict[str, Any]) -> dict[str, Any]:
    pagination: dict[str, Any] = body["pagination"]
    return pagination
