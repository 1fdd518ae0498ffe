"""Rate limits over HTTP: tiers, categories, per-email keys, headers, exemptions, fail closed."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from litestar import Litestar, get
from litestar.testing import AsyncTestClient
from tests.conftest import REDIS_URL, require_service
from tests.http.conftest import auth_headers
from tests.http.identity_support import bearer, make_settings, sign_up

from bigauto.config import Settings
from bigauto.domain.identity.accounts import User
from bigauto.entrypoints.http import create_app

Client = AsyncTestClient[Litestar]


@get("/api/probe", opt={"rate_category": "booking"})
async def _probe() -> dict[str, bool]:
    return {"ok": True}


@get("/api/free", opt={"rate_limit": False})
async def _free() -> dict[str, bool]:
    return {"ok": True}


def _app(settings: Settings) -> Litestar:
    return create_app(settings, extra_handlers=[_probe, _free])


@pytest.fixture
def tight(tmp_path: Path) -> Settings:
    """Small limits so a test can reach them: guests 3 per hour, blocked 300 s after."""
    return make_settings(
        tmp_path,
        RATE_LIMIT_GUEST="3/3600,3,300",
        RATE_LIMIT_CUSTOMER="5/3600",
        RATE_LIMIT_BOOKING="4/3600",
    )


@pytest.fixture
async def client(tight: Settings) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=_app(tight)) as client:
        yield client


def a_user(n: int) -> User:
    return User(f"user-{n}", f"u{n}@example.com", f"U{n}", "h", _now())


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


async def test_a_guest_is_refused_with_429_and_the_headers_once_over_the_tier(
    client: Client,
) -> None:
    """The fourth guest request in the hour: 429 RATE_LIMITED, Retry-After and X-RateLimit-*."""
    for n in range(3):
        response = await client.get("/api/probe")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "3"
        assert response.headers["X-RateLimit-Remaining"] == str(2 - n)
    refused = await client.get("/api/probe")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["Retry-After"]) >= 300  # the block, not just the next slot
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert int(refused.headers["X-RateLimit-Reset"]) > 0


async def test_signed_in_users_count_by_user_not_by_address(client: Client) -> None:
    """Two users behind one address each get their own budget, at the customer tier."""
    container = client.app.state.container
    first, second = auth_headers(container, a_user(1)), auth_headers(container, a_user(2))
    for _ in range(3):
        assert (await client.get("/api/probe")).status_code == 200
    assert (await client.get("/api/probe")).status_code == 429
    for headers in (first, second):
        for _ in range(4):
            assert (await client.get("/api/probe", headers=headers)).status_code == 200
        refused = await client.get("/api/probe", headers=headers)
        assert refused.status_code == 429  # the booking category (4/h), not the tier (5/h)
        assert refused.headers["X-RateLimit-Limit"] == "4"


async def test_health_docs_and_opted_out_routes_are_never_limited(client: Client) -> None:
    """/health, /metrics, /docs and routes with rate_limit=False stay open."""
    for _ in range(6):
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/metrics")).status_code == 200
        assert (await client.get("/docs/openapi.json")).status_code == 200
        assert (await client.get("/api/free")).status_code == 200
    assert "X-RateLimit-Limit" not in (await client.get("/health")).headers


async def test_authentication_is_limited_per_address_and_per_target_email(tmp_path: Path) -> None:
    """5 login attempts per hour from one address; and 5 per email from anywhere."""
    settings = make_settings(tmp_path)
    app = create_app(settings)

    def from_ip(ip: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")

    body = {"email": "target@example.com", "password": "not-the-password"}
    async with from_ip("198.51.100.1") as one:
        for _ in range(5):
            assert (await one.post("/api/auth/login", json=body)).status_code == 401
        assert (await one.post("/api/auth/login", json=body)).status_code == 429
    async with from_ip("198.51.100.2") as other:
        # A fresh address, but the target account has had its five tries.
        refused = await other.post("/api/auth/login", json=body)
        assert refused.status_code == 429 and "Retry-After" in refused.headers
        other_target = {**body, "email": "someone-else@example.com"}
        assert (await other.post("/api/auth/login", json=other_target)).status_code == 401
    from bigauto.container import aclose

    await aclose(app.state.container)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_when_redis_is_down_protected_routes_fail_closed(tmp_path: Path) -> None:
    """Redis set but unreachable: 503 RATE_LIMITER_UNAVAILABLE; /health 200; /ready names it."""
    settings = make_settings(tmp_path, REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    async with AsyncTestClient(app=_app(settings)) as client:
        response = await client.get("/api/probe")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "RATE_LIMITER_UNAVAILABLE"
        login = await client.post("/api/auth/login", json={"email": "a@b.co", "password": "x"})
        assert login.status_code == 503
        assert (await client.get("/health")).status_code == 200
        ready = await client.get("/ready")
        assert ready.status_code == 503
        assert "redis" in ready.json()["error"]["message"]
        assert ready.json()["error"]["details"]["checks"]["redis"] != "ok"


@pytest.fixture
async def redis_server() -> AsyncIterator[Any]:
    """The test Redis (db 15), with this package's keys removed before and after."""
    require_service("redis")
    import redis.asyncio as redis

    server = redis.from_url(REDIS_URL)

    async def clean() -> None:
        for prefix in ("bigauto:rl:*", "bigauto:bl:*"):
            async for key in server.scan_iter(match=prefix):
                await server.delete(key)

    await clean()
    yield server
    await clean()
    await server.aclose()


async def test_with_redis_the_tier_limit_holds(tmp_path: Path, redis_server: Any) -> None:
    """On Redis the fourth guest request is refused, and the state lives in Redis."""
    settings = make_settings(tmp_path, REDIS_URL=REDIS_URL, RATE_LIMIT_GUEST="3/3600,3,300")
    async with AsyncTestClient(app=_app(settings)) as client:
        statuses = [(await client.get("/api/probe")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert await redis_server.exists("bigauto:rl:tier:ip:testclient")


async def test_with_redis_a_logout_is_seen_through_the_cache(
    tmp_path: Path, redis_server: Any
) -> None:
    """Logout writes the revocation through to Redis; the token is refused from then on."""
    settings = make_settings(tmp_path, REDIS_URL=REDIS_URL, RATE_LIMIT_SCALE="100")
    app = _app(settings)
    async with AsyncTestClient(app=app) as client:
        tokens = await sign_up(client, app, "ana@example.com")
        assert (await client.get("/api/users/me", headers=bearer(tokens))).status_code == 200
        assert await redis_server.exists("bigauto:bl:complete")
        assert (await client.post("/api/auth/logout", headers=bearer(tokens))).status_code == 204
        jti = jwt.decode(tokens["access_token"], options={"verify_signature": False})["jti"]
        assert await redis_server.exists(f"bigauto:bl:token:{jti}")
        assert (await client.get("/api/users/me", headers=bearer(tokens))).status_code == 401


NOTIFY = "/api/payments/midtrans/notification"


async def test_payment_notifications_do_not_spend_or_meet_the_guest_tier(client: Client) -> None:
    """Over the guest limit of 3, notifications still get through, and the guest budget is whole."""
    statuses = [(await client.post(NOTIFY, json={"order_id": "x"})).status_code for _ in range(6)]
    assert 429 not in statuses
    assert all(status < 500 for status in statuses), statuses
    probe = await client.get("/api/probe")
    assert probe.status_code == 200
    assert probe.headers["X-RateLimit-Remaining"] == "2"


async def test_payment_notifications_have_their_own_limit(tmp_path: Path) -> None:
    """RATE_LIMIT_PAYMENT_NOTIFICATION=2/3600: the third notification from one address is 429."""
    settings = make_settings(tmp_path, RATE_LIMIT_PAYMENT_NOTIFICATION="2/3600")
    async with AsyncTestClient(app=_app(settings)) as client:
        statuses = [
            (await client.post(NOTIFY, json={"order_id": "x"})).status_code for _ in range(3)
        ]
        assert 429 not in statuses[:2]
        assert statuses[2] == 429
        assert (await client.get("/api/probe")).status_code == 200
