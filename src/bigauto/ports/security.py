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


@attrs.frozen
class TokenClaims:
    """What a verified token says: who, which token, what kind, and until when."""

    user_id: str
    token_id: str
    token_type: str  # "access" or "refresh"
    issued_at: int
    expires_at: int
    family_id: str | None = None
    is_seller: bool = False
    is_admin: bool = False


@attrs.frozen
class IssuedToken:
    token: str
    claims: TokenClaims


class TokenService(Protocol):
    """Signs and verifies access and refresh tokens (JWT, algorithm pinned)."""

    def issue(
        self,
        *,
        user_id: str,
        token_type: str,
        now: int,
        family_id: str | None = None,
        is_seller: bool = False,
        is_admin: bool = False,
    ) -> IssuedToken: ...

    def verify(self, token: str, *, token_type: str, now: int) -> TokenClaims:
        """Raise ``InvalidToken`` for anything but a valid, unexpired token of ``token_type``."""
