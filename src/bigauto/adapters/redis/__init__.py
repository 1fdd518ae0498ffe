"""Redis adapters: the shared client and presence."""

from bigauto.adapters.redis.client import create_redis
from bigauto.adapters.redis.presence import RedisPresenceStore

__all__ = ["RedisPresenceStore", "create_redis"]
