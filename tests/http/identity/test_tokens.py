"""Tokens over HTTP: rotation, reuse detection, logout, password change, and bad tokens."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.identity_support import PASSWORD, bearer, sign_up

from bigauto.adapters.memory import FixedClock
from bigauto.config import Settings
from bigauto.entrypoints.http import create_app

Client = AsyncTestClient[Litestar]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MESSAGE = "the token is invalid or has expired"
INVALID = {"error": {"code": "INVALID_TOKEN", "message": MESSAGE, "details": {}}}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Litestar:
    app = create_app(settings)
    app.state.container.clock.override(providers.Object(clock))
    return app


async def log_in(client: Client) -> dict[str, Any]:
    body = {"email": "ana@example.com", "password": PASSWORD}
    tokens: dict[str, Any] = (await client.post("/api/auth/login", json=body)).json()
    return tokens


async def me(client: Client, tokens: dict[str, Any]) -> int:
    return (await client.get("/api/users/me", headers=bearer(tokens))).status_code


async def refreshed(client: Client, refresh_token: str) -> Any:
    return await client.post("/api/auth/refresh", json={"refresh_token": refresh_token})


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


# Rotation


async def test_refreshing_rotates_the_pair(client: Client, app: Litestar) -> None:
    """A refresh answers new tokens of the same family; both the old and new access work."""
    tokens = await sign_up(client, app, "ana@example.com")
    response = await refreshed(client, tokens["refresh_token"])
    assert response.status_code == 200
    new = response.json()
    assert new["refresh_token"] != tokens["refresh_token"]
    assert _claims(new["refresh_token"])["fam"] == _claims(tokens["refresh_token"])["fam"]
    assert await me(client, new) == 200
    assert (await refreshed(client, new["refresh_token"])).status_code == 200


async def test_reusing_a_refresh_token_revokes_the_whole_family(
    client: Client, app: Litestar
) -> None:
    """The old refresh token again: 401, and every token of the family is dead from then on."""
    tokens = await sign_up(client, app, "ana@example.com")
    new = (await refreshed(client, tokens["refresh_token"])).json()
    reuse = await refreshed(client, tokens["refresh_token"])
    assert reuse.status_code == 401 and reuse.json() == INVALID
    assert (await refreshed(client, new["refresh_token"])).status_code == 401
    assert await me(client, new) == 401
    assert await me(client, tokens) == 401


async def test_other_families_survive_a_reuse(client: Client, app: Litestar) -> None:
    """Stolen-token detection revokes one sign-in, not the user's other devices."""
    phone = await sign_up(client, app, "ana@example.com")
    laptop = await log_in(client)
    await refreshed(client, phone["refresh_token"])
    await refreshed(client, phone["refresh_token"])
    assert await me(client, laptop) == 200
    assert (await refreshed(client, laptop["refresh_token"])).status_code == 200


async def test_a_refresh_token_expires_after_its_lifetime(
    client: Client, app: Litestar, clock: FixedClock
) -> None:
    """Seven days later the refresh token is refused; the access token long before that."""
    tokens = await sign_up(client, app, "ana@example.com")
    clock.advance(seconds=900)
    assert await me(client, tokens) == 401
    assert (await refreshed(client, tokens["refresh_token"])).status_code == 200
    clock.advance(days=7)
    later = await log_in_again(client)
    assert (await refreshed(client, later)).status_code == 200
    assert (await refreshed(client, tokens["refresh_token"])).status_code == 401


async def log_in_again(client: Client) -> str:
    response = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    token: str = response.json()["refresh_token"]
    return token


# Bad tokens


async def test_a_refresh_token_is_not_an_access_token(client: Client, app: Litestar) -> None:
    """Each type only where it belongs: both misuses are the same 401."""
    tokens = await sign_up(client, app, "ana@example.com")
    as_access = await client.get(
        "/api/users/me", headers={"Authorization": f"Bearer {tokens['refresh_token']}"}
    )
    assert as_access.status_code == 401 and as_access.json() == INVALID
    as_refresh = await refreshed(client, tokens["access_token"])
    assert as_refresh.status_code == 401 and as_refresh.json() == INVALID


async def test_forged_tokens_are_refused_alike(client: Client, app: Litestar) -> None:
    """alg none, a wrong key, a wrong audience, an edited payload: all 401, no detail."""
    tokens = await sign_up(client, app, "ana@example.com")
    claims = _claims(tokens["access_token"])
    header, payload, signature = tokens["access_token"].split(".")
    forged = [
        f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        jwt.encode(claims, "another-secret-of-sufficient-length!!", algorithm="HS256"),
        jwt.encode(
            {**claims, "aud": "someone-else"},
            app.state.settings.identity.effective_jwt_secret,
            algorithm="HS256",
        ),
        f"{header}.{_b64({**claims, 'adm': True})}.{signature}",
        jwt.encode(claims, app.state.settings.identity.effective_jwt_secret, algorithm="HS384"),
    ]
    for token in forged:
        response = await client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response.json() == INVALID


async def test_an_expired_access_token_is_refused(
    client: Client, app: Litestar, clock: FixedClock
) -> None:
    """After 15 minutes the access token is a plain 401."""
    tokens = await sign_up(client, app, "ana@example.com")
    clock.advance(seconds=899)
    assert await me(client, tokens) == 200
    clock.advance(seconds=1)
    response = await client.get("/api/users/me", headers=bearer(tokens))
    assert response.status_code == 401 and response.json() == INVALID


# Logout and password change


async def test_logout_revokes_the_access_token_and_its_family(
    client: Client, app: Litestar
) -> None:
    """After logout neither the access nor the refresh token of that sign-in works."""
    tokens = await sign_up(client, app, "ana@example.com")
    response = await client.post("/api/auth/logout", headers=bearer(tokens))
    assert response.status_code == 204
    assert await me(client, tokens) == 401
    assert (await refreshed(client, tokens["refresh_token"])).status_code == 401
    again = await client.post("/api/auth/logout", headers=bearer(tokens))
    assert again.status_code == 401


async def test_changing_the_password_signs_out_every_other_session(
    client: Client, app: Litestar
) -> None:
    """The asking session stays; other sessions' tokens die; only the new password works."""
    here = await sign_up(client, app, "ana@example.com")
    elsewhere = await log_in(client)
    new_password = "sambal-matah-pedas-sekali"
    response = await client.post(
        "/api/auth/change-password",
        headers=bearer(here),
        json={"current_password": PASSWORD, "new_password": new_password},
    )
    assert response.status_code == 200
    assert await me(client, here) == 200
    assert (await refreshed(client, here["refresh_token"])).status_code == 200
    assert await me(client, elsewhere) == 401
    assert (await refreshed(client, elsewhere["refresh_token"])).status_code == 401
    old = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    assert old.status_code == 401
    new = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": new_password}
    )
    assert new.status_code == 200


async def test_changing_the_password_needs_the_current_one_and_a_strong_new_one(
    client: Client, app: Litestar
) -> None:
    """A wrong current password is 401; a weak new one 422; nothing changes either way."""
    tokens = await sign_up(client, app, "ana@example.com")
    wrong = await client.post(
        "/api/auth/change-password",
        headers=bearer(tokens),
        json={"current_password": "not-my-password", "new_password": "sambal-matah-pedas"},
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"
    weak = await client.post(
        "/api/auth/change-password",
        headers=bearer(tokens),
        json={"current_password": PASSWORD, "new_password": "password1"},
    )
    assert weak.status_code == 422 and weak.json()["error"]["code"] == "WEAK_PASSWORD"
    login = await client.post(
        "/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
