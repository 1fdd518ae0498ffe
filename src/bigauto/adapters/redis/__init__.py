"""Redis adapters: the global rate limiter and the token blacklist cache."""

from bigauto.adapters.redis.blacklist import RedisTokenBlacklist
from bigauto.adapters.redis.ratelimit import RedisRateLimiter

__all__ = ["RedisRateLimiter", "RedisTokenBlacklist"]
