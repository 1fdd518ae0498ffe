"""Redis adapters: the shared client, presence, the global rate limiter, the blacklist cache."""

from bigauto.adapters.redis.blacklist import RedisTokenBlacklist
from bigauto.adapters.redis.client import create_redis
from bigauto.adapters.redis.presence import RedisPresenceStore
from bigauto.adapters.redis.ratelimit import RedisRateLimiter

__all__ = ["RedisPresenceStore", "RedisRateLimiter", "RedisTokenBlacklist", "create_redis"]
