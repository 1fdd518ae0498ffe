"""Contract: a TokenBlacklist answers from the revocations table, however it caches them.

The database blacklist and the Redis cache in front of it give the same answers, including
when the cache is cold (a fresh or flushed Redis) or unreachable.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from tests.conftest import REDIS_URL, require_service

from bigauto.adapters.memory import FixedClock
from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist
from bigauto.domain.identity.records import Revocation, RevocationKind
from bigauto.ports.identity.security import TokenBlacklist
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def revocation(kind: RevocationKind, subject: str, minutes: int = 15) -> Revocation:
    return Revocation(
        kind=kind,
        subject_id=subject,
        user_id="user-1",
        reason="logout",
        revoked_at=T0,
        expires_at=T0 + timedelta(minutes=minutes),
    )


@pytest_asyncio.fixture(params=["database", "redis"], loop_scope="module")
async def blacklist(
    request: pytest.FixtureRequest, uow_factory: UnitOfWorkFactory
) -> AsyncIterator[tuple[TokenBlacklist, FixedClock, Any]]:
    clock = FixedClock(T0)
    if request.param == "database":
        yield DatabaseTokenBlacklist(uow_factory, clock), clock, None
        return
    require_service("redis")
    import redis.asyncio as redis

    from bigauto.adapters.redis import RedisTokenBlacklist

    server = redis.from_url(REDIS_URL)
    prefix = f"test:bl:{uuid.uuid4().hex}:"
    yield RedisTokenBlacklist(server, uow_factory, clock, prefix=prefix), clock, (server, prefix)
    async for key in server.scan_iter(match=prefix + "*"):
        await server.delete(key)
    await server.aclose()


async def revoke(
    uow_factory: UnitOfWorkFactory, blacklist: TokenBlacklist, *entries: Revocation
) -> None:
    async with uow_factory() as uow:
        for entry in entries:
            await uow.revocations.add(entry)
        await uow.commit()
    await blacklist.revoked(entries)


async def test_revoked_tokens_and_families_are_reported_until_they_expire(
    blacklist: tuple[TokenBlacklist, FixedClock, Any], uow_factory: UnitOfWorkFactory
) -> None:
    """A revoked jti or family counts; others do not; expiry ends it."""
    check, clock, _ = blacklist
    await revoke(
        uow_factory,
        check,
        revocation(RevocationKind.TOKEN, "jti-1"),
        revocation(RevocationKind.FAMILY, "fam-1", minutes=60),
    )
    assert await check.is_revoked("jti-1", None) is True
    assert await check.is_revoked("jti-2", "fam-1") is True
    assert await check.is_revoked("jti-2", "fam-2") is False
    assert await check.is_revoked("jti-2", None) is False
    clock.advance(minutes=61)
    # Redis expires its keys on its own clock, which the test clock cannot move.
    if isinstance(check, DatabaseTokenBlacklist):
        assert await check.is_revoked("jti-1", "fam-1") is False


async def test_a_cold_or_flushed_cache_still_answers_from_the_table(
    blacklist: tuple[TokenBlacklist, FixedClock, Any], uow_factory: UnitOfWorkFactory
) -> None:
    """Revocations written while the cache was not told (or after a flush) are still seen."""
    check, _, redis_side = blacklist
    async with uow_factory() as uow:  # committed, but the cache never heard of it
        await uow.revocations.add(revocation(RevocationKind.FAMILY, "fam-9"))
        await uow.commit()
    if redis_side is not None:
        server, prefix = redis_side
        async for key in server.scan_iter(match=prefix + "*"):
            await server.delete(key)
    assert await check.is_revoked("jti-9", "fam-9") is True
    assert await check.is_revoked("jti-9", "fam-8") is False
    if redis_side is not None:
        server, prefix = redis_side
        assert await server.exists(prefix + "complete")
        assert await server.exists(prefix + "family:fam-9")


async def test_an_unreachable_redis_falls_back_to_the_table(uow_factory: UnitOfWorkFactory) -> None:
    """With Redis down the answer is the database's: slower, never wrong."""
    import redis.asyncio as redis

    from bigauto.adapters.redis import RedisTokenBlacklist

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.2)
    check = RedisTokenBlacklist(server, uow_factory, FixedClock(T0))
    async with uow_factory() as uow:
        await uow.revocations.add(revocation(RevocationKind.TOKEN, "jti-1"))
        await uow.commit()
    assert await check.is_revoked("jti-1", None) is True
    assert await check.is_revoked("jti-2", None) is False
    await server.aclose()
