"""An app on a fresh SQLite database per test, driven through Litestar's test client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.domain.identity.accounts import SellerProfile, User
from bigauto.entrypoints.http import create_app


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bigauto.db'}"
    upgrade(url)
    return Settings.from_env(
        {
            "DATABASE_URL": url,
            "BIGAUTO_VAR_DIR": str(tmp_path),
            "BIGAUTO_LOG_JSON": "true",
            # Route tests make more requests than a person would; rate-limit tests set their own.
            "RATE_LIMIT_SCALE": "100",
            # Tests drive the relay and the worker themselves (await app.state.worker.drain()).
            "BIGAUTO_OUTBOX_INTERVAL": "0",
        }
    )


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as client:
        yield client


@pytest.fixture
def make_user(app: Litestar) -> Callable[..., Awaitable[tuple[User, dict[str, str]]]]:
    """Store a verified user and answer it with the headers of a fresh access token.

    ``await make_user(seller=True)`` makes a seller (with a business in the first city when one
    exists); ``admin=True`` an admin. Tests that exercise registration and login themselves use
    the auth endpoints instead.
    """
    container = app.state.container
    counter = iter(range(1, 1_000_000))

    async def make(
        *, seller: bool = False, admin: bool = False, name: str | None = None
    ) -> tuple[User, dict[str, str]]:
        n = next(counter)
        async with container.uow_factory()() as uow:
            cities = await uow.catalogue.cities()
            profile = (
                SellerProfile(f"Toko {n}", cities[0].id if cities else "city-unknown")
                if seller
                else None
            )
            user = User(
                id=container.ids().new_id(),
                email=f"user{n}-{container.ids().new_id()[-6:]}@example.com",
                name=name or f"User {n}",
                password_hash="not-a-real-hash",
                created_at=container.clock().now(),
                email_verified=True,
                is_admin=admin,
                seller=profile,
            )
            await uow.users.add(user)
            await uow.commit()
        return user, auth_headers(container, user)

    return make


def auth_headers(container: Any, user: User) -> dict[str, str]:
    """Authorization headers carrying an access token for ``user``."""
    now = int(container.clock().now().timestamp())
    issued = container.token_service().issue(
        user_id=user.id,
        token_type="access",
        now=now,
        is_seller=user.is_seller,
        is_admin=user.is_admin,
    )
    return {"Authorization": f"Bearer {issued.token}"}
