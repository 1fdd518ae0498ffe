"""Presence in Redis, shared by every instance of the service.

Per user, two keys with the user id as hash tag (so they live on one cluster slot):

- ``{prefix}{<user>}:conns``: a sorted set of connection ids scored by their expiry (epoch
  microseconds). A heartbeat adds or re-scores its connection and drops expired ones; the key
  itself expires with the last connection, so a user whose instances all died leaves nothing.
- ``{prefix}{<user>}:seen``: the latest heartbeat or goodbye (epoch microseconds), kept for
  ``seen_ttl_seconds``.

Online means some score is later than ``now``. The writes are Lua scripts, so concurrent
heartbeats of one user from several instances cannot interleave.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import redis.asyncio as redis

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# KEYS: conns, seen. ARGV: now µs, seen TTL s.
_SEE = """
local previous = tonumber(redis.call('GET', KEYS[2]))
if not previous or previous < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
end
"""

# ARGV: now µs, seen TTL s, connection id, expiry µs.
_HEARTBEAT = (
    """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local remaining_ms = math.ceil((tonumber(last[2]) - tonumber(ARGV[1])) / 1000)
redis.call('PEXPIRE', KEYS[1], math.max(remaining_ms, 1))
"""
    + _SEE
)

# ARGV: now µs, seen TTL s, connection id.
_DISCONNECT = (
    """
redis.call('ZREM', KEYS[1], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
"""
    + _SEE
)


def _micros(at: datetime) -> int:
    if at.tzinfo is None:
        raise ValueError("presence needs timezone-aware times")
    return (at - _EPOCH) // _MICROSECOND


class RedisPresenceStore:
    """Implements ``PresenceStore`` on Redis (any version from 6.2)."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "bigauto:presence:",
        seen_ttl_seconds: int = 90 * 24 * 3600,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._seen_ttl = seen_ttl_seconds
        self._heartbeat = client.register_script(_HEARTBEAT)
        self._disconnect = client.register_script(_DISCONNECT)

    def _keys(self, user_id: str) -> list[str]:
        base = f"{self._prefix}{{{user_id}}}"
        return [f"{base}:conns", f"{base}:seen"]

    async def heartbeat(
        self, user_id: str, connection_id: str, *, now: datetime, ttl_seconds: float
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("a heartbeat's TTL must be positive")
        expiry = now + timedelta(seconds=ttl_seconds)
        await self._heartbeat(
            keys=self._keys(user_id),
            args=[_micros(now), self._seen_ttl, connection_id, _micros(expiry)],
        )

    async def disconnect(self, user_id: str, connection_id: str, *, now: datetime) -> None:
        await self._disconnect(
            keys=self._keys(user_id), args=[_micros(now), self._seen_ttl, connection_id]
        )

    async def is_online(self, user_id: str, *, now: datetime) -> bool:
        return bool(await self._client.zcount(self._keys(user_id)[0], f"({_micros(now)}", "+inf"))

    async def online(self, user_ids: Iterable[str], *, now: datetime) -> set[str]:
        users = list(dict.fromkeys(user_ids))
        if not users:
            return set()
        after = f"({_micros(now)}"
        async with self._client.pipeline(transaction=False) as pipe:
            for user_id in users:
                pipe.zcount(self._keys(user_id)[0], after, "+inf")
            counts = await pipe.execute()
        return {user_id for user_id, count in zip(users, counts, strict=True) if count}

    async def last_seen(self, user_id: str) -> datetime | None:
        raw = await self._client.get(self._keys(user_id)[1])
        if raw is None:
            return None
        return _EPOCH + int(raw) * _MICROSECOND


__all__ = ["RedisPresenceStore"]
