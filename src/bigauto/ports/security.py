"""Ports that identity and security (issue 3) fill: hashing, tokens, rate limits."""

from __future__ import annotations

from typing import Protocol

import attrs


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """Hash off the event loop (Argon2id is deliberately slow)."""

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


@attrs.frozen
class RateDecision:
    """The answer of one rate-limit check."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float
    retry_after: float = 0.0


class RateLimiter(Protocol):
    async def check(self, key: str, limit: int, window_seconds: int, burst: int) -> RateDecision:
        """Count one request against ``key``; one round trip to the backend."""
