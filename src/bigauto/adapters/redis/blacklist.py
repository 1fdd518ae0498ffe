"""The token blacklist cached in Redis: one ``MGET`` per authenticated request.

The database stays the source of truth. Redis holds every revocation in force, each as a key
that expires with the tokens it covers, plus a marker key saying the cache is complete:

* a check reads the marker, the token's key and its family's key in one ``MGET``; a hit on
  either key is "revoked", a miss with the marker present is "not revoked";
* without the marker (a fresh or flushed Redis, or after the marker's TTL) the answer comes
  from the database, and the cache is rebuilt from it before the marker is set again;
* revocations are written through after their commit. Should that write fail, the marker's
  TTL (``BIGAUTO_BLACKLIST_CACHE_TTL``) bounds how long the cache can miss it;
* when Redis is unreachable every check goes to the database: slower, never wrong.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bigauto.adapters.security.blacklist import DatabaseTokenBlacklist, keys_for
from bigauto.domain.identity.records import Revocation
from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory

log = structlog.get_logger(__name__)


class RedisTokenBlacklist:
    """The ``TokenBlacklist`` port: Redis in front of the ``token_revocations`` table."""

    def __init__(
        self,
        redis: Redis,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        prefix: str = "bigauto:bl:",
        marker_ttl: int = 300,
    ) -> None:
        self._redis = redis
        self._database = DatabaseTokenBlacklist(uow_factory, clock)
        self._uow_factory = uow_factory
        self._clock = clock
        self._prefix = prefix
        self._marker = prefix + "complete"
        self._marker_ttl = marker_ttl
        # One rebuild at a time: a cold cache must not send every request to read the table.
        self._warming = asyncio.Lock()

    async def is_revoked(self, token_id: str, family_id: str | None) -> bool:
        keys = [self._prefix + key for key in keys_for(token_id, family_id)]
        try:
            marker, *hits = await self._redis.mget([self._marker, *keys])
        except (RedisError, OSError):
            log.warning("token blacklist cache unreachable; asking the database", exc_info=True)
            return await self._database.is_revoked(token_id, family_id)
        if marker is not None:
            return any(hit is not None for hit in hits)
        revoked = await self._database.is_revoked(token_id, family_id)
        if not self._warming.locked():
            async with self._warming:
                await self.warm()
        return revoked

    async def warm(self) -> int:
        """Load every revocation in force into Redis, then mark the cache complete."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            entries = list(await uow.revocations.all_in_force(now))
        try:
            await self._write(entries)
            await self._redis.set(self._marker, "1", ex=self._marker_ttl)
        except (RedisError, OSError):
            log.warning("could not warm the token blacklist cache", exc_info=True)
        return len(entries)

    async def revoked(self, entries: Sequence[Revocation]) -> None:
        await self._write(entries)

    async def _write(self, entries: Sequence[Revocation]) -> None:
        now = self._clock.now()
        async with self._redis.pipeline(transaction=False) as pipe:
            for entry in entries:
                if not entry.in_force(now):
                    continue
                ttl = None
                if not entry.permanent and entry.expires_at is not None:
                    ttl = max(1, math.ceil((entry.expires_at - now).total_seconds()))
                pipe.set(self._prefix + entry.key, entry.reason, ex=ttl)
            await pipe.execute()


__all__ = ["RedisTokenBlacklist"]
