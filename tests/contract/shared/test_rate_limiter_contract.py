"""Contract: every RateLimiter admits at most burst + d / interval requests in any d seconds.

Run against the memory adapter and the Redis adapter (its Lua script) on the same generated
traffic; the Redis decisions must also equal the reference ``decide`` exactly.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import REDIS_URL, require_service

from bigauto.adapters.memory import FixedClock
from bigauto.adapters.memory.ratelimit import MemoryRateLimiter
from bigauto.domain.shared.ratelimit import RateRule
from bigauto.ports.identity.security import RateCheck, RateLimiter

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
# Timing resolution the bound is checked at: the limiters work in float seconds.
SLACK = 0.001

rules = st.builds(
    RateRule,
    limit=st.integers(1, 6),
    period=st.integers(1, 30),
    burst=st.integers(1, 8),
    block=st.sampled_from([0, 0, 3, 10]),
)
traffic = st.lists(
    st.tuples(st.integers(0, 4000), st.integers(0, 2), st.booleans()), min_size=1, max_size=60
)


async def play(
    limiter: RateLimiter, clock: FixedClock, tier: RateRule, category: RateRule, events: list
) -> list[tuple[float, int, bool, bool]]:
    """Send the events; answer (time, key, with category, admitted) for each."""
    answers = []
    for gap_ms, key, with_category in events:
        clock.advance(milliseconds=gap_ms)
        checks = [RateCheck(f"tier:{key}", tier)]
        if with_category:
            checks.append(RateCheck(f"cat:{key}", category))
        decision = await limiter.check(checks)
        answers.append((clock.now().timestamp(), key, with_category, decision.allowed))
    return answers


def assert_bound(
    answers: list[tuple[float, int, bool, bool]], tier: RateRule, category: RateRule
) -> None:
    """For each rule and key, any window holds at most burst + d / interval admissions."""
    admitted: dict[tuple[str, int], list[float]] = defaultdict(list)
    for at, key, with_category, allowed in answers:
        if allowed:
            admitted[("tier", key)].append(at)
            if with_category:
                admitted[("cat", key)].append(at)
    for (kind, _), times in admitted.items():
        rule = tier if kind == "tier" else category
        for i in range(len(times)):
            for j in range(i, len(times)):
                count = j - i + 1
                assert count <= rule.burst + (times[j] - times[i] + SLACK) / rule.interval, (
                    rule,
                    times[i : j + 1],
                )


@given(tier=rules, category=rules, events=traffic)
def test_the_memory_limiter_never_admits_more_than_the_rate(
    tier: RateRule, category: RateRule, events: list
) -> None:
    """Memory adapter: the GCRA bound holds for every key, rule and window."""
    clock = FixedClock(START)
    answers = asyncio.run(play(MemoryRateLimiter(clock), clock, tier, category, events))
    assert_bound(answers, tier, category)


def test_a_limiter_refuses_once_the_burst_is_spent() -> None:
    """Sanity for the bound: burst requests at one instant, then a refusal."""
    clock = FixedClock(START)
    limiter = MemoryRateLimiter(clock)
    rule = RateRule(limit=1, period=60, burst=3)
    results = [asyncio.run(limiter.check([RateCheck("k", rule)])).allowed for _ in range(4)]
    assert results == [True, True, True, False]
    clock.advance(timedelta(seconds=60))
    assert asyncio.run(limiter.check([RateCheck("k", rule)])).allowed


@pytest.fixture(scope="module")
def redis_available() -> None:
    require_service("redis")


@given(tier=rules, category=rules, events=traffic)
def test_the_redis_limiter_keeps_the_bound_and_matches_the_reference(
    redis_available: None, tier: RateRule, category: RateRule, events: list
) -> None:
    """Redis adapter: the same bound, and exactly the memory adapter's decisions."""
    import redis.asyncio as redis

    from bigauto.adapters.redis.ratelimit import RedisRateLimiter

    async def scenario() -> tuple[list, list]:
        server = redis.from_url(REDIS_URL)
        prefix = f"test:rl:{uuid.uuid4().hex}:"
        try:
            clock = FixedClock(START)
            on_redis = await play(
                RedisRateLimiter(server, clock, prefix=prefix), clock, tier, category, events
            )
            async for key in server.scan_iter(match=prefix + "*"):
                await server.delete(key)
        finally:
            await server.aclose()
        clock = FixedClock(START)
        in_memory = await play(MemoryRateLimiter(clock), clock, tier, category, events)
        return on_redis, in_memory

    on_redis, in_memory = asyncio.run(scenario())
    assert_bound(on_redis, tier, category)
    assert on_redis == in_memory


def test_the_redis_limiter_fails_closed_when_redis_is_unreachable() -> None:
    """No Redis: RateLimiterUnavailable, never an admission."""
    import socket

    import redis.asyncio as redis

    from bigauto.adapters.redis.ratelimit import RedisRateLimiter
    from bigauto.domain.shared.errors import RateLimiterUnavailable

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def scenario() -> None:
        server = redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.5)
        try:
            await RedisRateLimiter(server, FixedClock(START)).check(
                [RateCheck("k", RateRule(1, 60))]
            )
        finally:
            await server.aclose()

    with pytest.raises(RateLimiterUnavailable):
        asyncio.run(scenario())
