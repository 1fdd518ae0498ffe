"""The bearer-token dependencies that every protected route uses."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.testing import AsyncTestClient
from tests.http.conftest import auth_headers

from bigauto.config import Settings
from bigauto.entrypoints.http import create_app
from bigauto.entrypoints.http.auth import ADMIN, SELLER, USER, Principal


@get("/probe/me", dependencies={"principal": USER})
async def _me(principal: Principal) -> dict[str, Any]:
    return {"user_id": principal.user_id, "seller": principal.is_seller}


@get("/probe/seller", dependencies={"principal": SELLER})
async def _seller(principal: Principal) -> dict[str, Any]:
    return {"ok": True}


@get("/probe/admin", dependencies={"principal": ADMIN})
async def _admin(principal: Principal) -> dict[str, Any]:
    return {"ok": True}


def _app(settings: Settings) -> Any:
    return create_app(settings, extra_handlers=[_me, _seller, _admin])


async def test_a_valid_access_token_identifies_the_caller(settings: Settings) -> None:
    """The principal carries the token's subject and roles."""
    app = _app(settings)
    async with AsyncTestClient(app=app) as client:
        from bigauto.domain.identity.accounts import User

        user = User("u-1", "a@example.com", "A", "h", app.state.container.clock().now())
        response = await client.get("/probe/me", headers=auth_headers(app.state.container, user))
    assert response.status_code == 200
    assert response.json() == {"user_id": "u-1", "seller": False}


async def test_no_token_or_a_bad_one_is_401_invalid_token(settings: Settings) -> None:
    """Missing, malformed and tampered tokens are all the same 401."""
    async with AsyncTestClient(app=_app(settings)) as client:
        for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic x"}):
            response = await client.get("/probe/me", headers=headers)
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "INVALID_TOKEN"


async def test_roles_are_enforced_with_403(settings: Settings) -> None:
    """A customer may not use seller or admin routes."""
    app = _app(settings)
    async with AsyncTestClient(app=app) as client:
        from bigauto.domain.identity.accounts import User

        user = User("u-2", "b@example.com", "B", "h", app.state.container.clock().now())
        headers = auth_headers(app.state.container, user)
        assert (await client.get("/probe/seller", headers=headers)).status_code == 403
        assert (await client.get("/probe/admin", headers=headers)).status_code == 403
