"""Repositories of identity: refresh sessions, one-time secrets, revocations and the audit log.

They live on the unit of work next to the users, so that signing in, rotating a token or
revoking a family changes the user, the sessions and the blacklist in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bigauto.domain.identity.records import (
    AuditEntry,
    OneTimeSecret,
    RefreshSession,
    Revocation,
    SecretPurpose,
)


class SessionRepository(Protocol):
    """Refresh tokens, one row per token, grouped in rotation families."""

    async def add(self, session: RefreshSession) -> None: ...

    async def get(self, token_id: str) -> RefreshSession | None: ...

    async def mark_used(self, token_id: str, at: datetime) -> bool:
        """Mark a live session used; answer False when it was already used or revoked.

        This is a compare-and-set, so of two refreshes racing with one token only one wins.
        """

    async def revoke_family(self, family_id: str, at: datetime) -> None:
        """Revoke every session of the family that is not revoked yet."""

    async def live_families(self, user_id: str, now: datetime) -> Sequence[str]:
        """The user's families with at least one live session, oldest first."""


class OneTimeSecretRepository(Protocol):
    """Verification tokens and login codes, stored as digests."""

    async def add(self, secret: OneTimeSecret) -> None: ...

    async def find(self, purpose: SecretPurpose, digest: str) -> OneTimeSecret | None:
        """The secret of this purpose with this digest, used or not."""

    async def latest(self, user_id: str, purpose: SecretPurpose) -> OneTimeSecret | None:
        """The user's newest secret of this purpose, used or not."""

    async def update(self, secret: OneTimeSecret) -> None:
        """Store changed attempts or use; raises ``NotFound`` for an unknown id."""


class RevocationRepository(Protocol):
    """The token blacklist's source of truth."""

    async def add(self, revocation: Revocation) -> None:
        """Store an entry; one already stored for the same key is replaced."""

    async def in_force(self, keys: Sequence[str], now: datetime) -> bool:
        """Whether any entry with one of ``keys`` is in force at ``now``."""

    async def all_in_force(self, now: datetime) -> Sequence[Revocation]:
        """Every entry in force at ``now`` (to warm a cache)."""

    async def purge_expired(self, now: datetime) -> int:
        """Delete entries whose tokens have expired anyway; answer how many."""


class AuditLog(Protocol):
    """An append-only record of sensitive actions."""

    async def add(self, entry: AuditEntry) -> None: ...

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        """All entries, newest first."""


__all__ = [
    "AuditLog",
    "OneTimeSecretRepository",
    "RevocationRepository",
    "SessionRepository",
]
