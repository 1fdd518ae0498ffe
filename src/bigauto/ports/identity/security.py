"""Ports that identity and security fill: hashing, tokens, revocation, rate limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from bigauto.domain.identity.records import Revocation
from bigauto.domain.shared.ratelimit import RateDecision, RateRule


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """Hash off the event loop (Argon2id is deliberately slow)."""

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


@attrs.frozen
class RateCheck:
    """One rule to apply to one key (``tier:user:<id>``, ``authentication:email:<address>``)."""

    key: str
    rule: RateRule


class RateLimiter(Protocol):
    """Counts requests per key (GCRA, see ``bigauto.domain.shared.ratelimit``)."""

    async def check(self, checks: Sequence[RateCheck]) -> RateDecision:
        """Admit one request against all ``checks`` or none, atomically, in one round trip.

        Raises ``RateLimiterUnavailable`` when the backend cannot be asked: callers refuse the
        request rather than let it through unchecked.
        """


class TokenBlacklist(Protocol):
    """Whether a token was revoked; asked on every authenticated request, so it must be fast."""

    async def is_revoked(self, token_id: str, family_id: str | None) -> bool:
        """True when the token itself or its refresh family is revoked and still in force."""

    async def revoked(self, entries: Sequence[Revocation]) -> None:
        """Learn of revocations the database already holds (after their commit).

        A cache writes them through; a blacklist that reads the database needs do nothing.
        """


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
    """A signed token and what it says."""

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

    def ttl(self, token_type: str) -> int:
        """Seconds a token of ``token_type`` lives."""


__all__ = [
    "IssuedToken",
    "PasswordHasher",
    "RateCheck",
    "RateDecision",
    "RateLimiter",
    "RateRule",
    "TokenBlacklist",
    "TokenClaims",
    "TokenService",
]
