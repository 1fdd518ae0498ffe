"""The presence contract, in memory and on Redis: heartbeats per connection, expiring."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import require_service
from tests.contract.messaging import T0, presence_store

from bigauto.adapters.memory import MemoryPresenceStore

BACKENDS = ["memory", "redis"]
TTL = 30.0


def a_user() -> str:
    return f"user-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_heartbeat_puts_a_user_online_until_its_ttl_runs_out(backend: str):
    """Online from the heartbeat up to, not including, heartbeat time + TTL."""
    user = a_user()
    async with presence_store(backend) as presence:
        assert not await presence.is_online(user, now=T0)
        await presence.heartbeat(user, "socket-1", now=T0, ttl_seconds=TTL)
        assert await presence.is_online(user, now=T0)
        assert await presence.is_online(user, now=T0 + timedelta(seconds=TTL - 0.001))
        assert not await presence.is_online(user, now=T0 + timedelta(seconds=TTL))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_renewed_heartbeats_keep_a_user_online(backend: str):
    """Each heartbeat pushes the expiry out to its own time + TTL."""
    user = a_user()
    async with presence_store(backend) as presence:
        for beat in range(5):
            await presence.heartbeat(
                user, "socket-1", now=T0 + timedelta(seconds=20 * beat), ttl_seconds=TTL
            )
        assert await presence.is_online(user, now=T0 + timedelta(seconds=80 + TTL - 1))
        assert not await presence.is_online(user, now=T0 + timedelta(seconds=80 + TTL))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_user_with_two_connections_stays_online_until_both_leave(backend: str):
    """Closing one of two sockets leaves the user online; closing both takes them offline."""
    user = a_user()
    later = T0 + timedelta(seconds=5)
    async with presence_store(backend) as presence:
        await presence.heartbeat(user, "phone", now=T0, ttl_seconds=TTL)
        await presence.heartbeat(user, "laptop", now=T0, ttl_seconds=TTL)
        await presence.disconnect(user, "phone", now=later)
        assert await presence.is_online(user, now=later)
        await presence.disconnect(user, "laptop", now=later)
        assert not await presence.is_online(user, now=later)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_dead_connection_expires_while_a_live_one_keeps_the_user_online(backend: str):
    """A connection that stopped beating expires on its own; the renewed one counts."""
    user = a_user()
    async with presence_store(backend) as presence:
        await presence.heartbeat(user, "crashed-instance", now=T0, ttl_seconds=TTL)
        await presence.heartbeat(user, "healthy", now=T0, ttl_seconds=TTL)
        renewed = T0 + timedelta(seconds=TTL - 1)
        await presence.heartbeat(user, "healthy", now=renewed, ttl_seconds=TTL)
        await presence.disconnect(user, "healthy", now=renewed + timedelta(seconds=1))
        assert not await presence.is_online(user, now=renewed + timedelta(seconds=1))


@pytest.mark.parametrize("backend", BACKENDS)
async def test_online_answers_which_of_many_users_are_online(backend: str):
    """``online`` picks exactly the online users out of a list, duplicates and strangers too."""
    users = [a_user() for _ in range(6)]
    async with presence_store(backend) as presence:
        for user in users[:3]:
            await presence.heartbeat(user, "socket", now=T0, ttl_seconds=TTL)
        await presence.heartbeat(
            users[3], "socket", now=T0 - timedelta(seconds=TTL), ttl_seconds=TTL
        )
        assert await presence.online([*users, users[0]], now=T0) == set(users[:3])
        assert await presence.online([], now=T0) == set()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_last_seen_is_the_latest_heartbeat_or_goodbye(backend: str):
    """Unknown users were never seen; an older heartbeat arriving late does not move it back."""
    user = a_user()
    async with presence_store(backend) as presence:
        assert await presence.last_seen(user) is None
        await presence.heartbeat(user, "socket", now=T0, ttl_seconds=TTL)
        assert await presence.last_seen(user) == T0
        goodbye = T0 + timedelta(seconds=12, microseconds=345)
        await presence.disconnect(user, "socket", now=goodbye)
        await presence.heartbeat(user, "late", now=T0 + timedelta(seconds=1), ttl_seconds=TTL)
        assert await presence.last_seen(user) == goodbye


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_heartbeat_needs_a_positive_ttl_and_an_aware_time(backend: str):
    """A zero TTL or a naive time is refused rather than stored wrongly."""
    async with presence_store(backend) as presence:
        with pytest.raises(ValueError):
            await presence.heartbeat("u", "c", now=T0, ttl_seconds=0)
        with pytest.raises(ValueError):
            await presence.heartbeat("u", "c", now=T0.replace(tzinfo=None), ttl_seconds=TTL)


operations = st.lists(
    st.tuples(
        st.sampled_from(["heartbeat", "disconnect"]),
        st.sampled_from(["ana", "budi"]),
        st.sampled_from(["c1", "c2", "c3"]),
        st.integers(min_value=0, max_value=120),  # seconds after T0
        st.integers(min_value=1, max_value=60),  # TTL
    ),
    max_size=12,
)


@given(operations, st.integers(min_value=0, max_value=200))
def test_redis_presence_agrees_with_the_memory_fake(ops, asked_at):
    """Any sequence of heartbeats and goodbyes leaves Redis and memory answering alike."""
    require_service("redis")

    async def scenario() -> None:
        fake = MemoryPresenceStore()
        async with presence_store("redis") as real:
            for op, user, connection, at, ttl in ops:
                now = T0 + timedelta(seconds=at)
                for store in (fake, real):
                    if op == "heartbeat":
                        await store.heartbeat(user, connection, now=now, ttl_seconds=ttl)
                    else:
                        await store.disconnect(user, connection, now=now)
            now = T0 + timedelta(seconds=asked_at)
            users = ["ana", "budi", "cici"]
            assert await real.online(users, now=now) == await fake.online(users, now=now)
            for user in users:
                assert await real.last_seen(user) == await fake.last_seen(user)

    asyncio.run(scenario())
