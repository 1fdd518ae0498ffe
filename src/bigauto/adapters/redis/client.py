"""The process's Redis client, created from ``REDIS_URL`` in the container and closed there."""

from __future__ import annotations

import redis.asyncio as redis


def create_redis(url: str) -> redis.Redis:
    """A pooled client for ``url``; it connects on first command, not here."""
    return redis.from_url(
        url,
        # Short timeouts: a rate-limit check waiting on a dead Redis should fail fast (closed).
        socket_connect_timeout=0.5,
        socket_timeout=1.0,
        health_check_interval=30,
        decode_responses=False,
    )


__all__ = ["create_redis"]
