"""In-memory identity repositories: sessions, one-time secrets, revocations, audit log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import attrs

from bigauto.adapters.memory.tables import Tables
from bigauto.domain.identity.records import (
    AuditEntry,
    OneTimeSecret,
    RefreshSession,
    Revocation,
    SecretPurpose,
)
from bigauto.domain.shared.errors import Conflict, NotFound


class MemorySessionRepository:
    """Refresh sessions keyed by the refresh token's id."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, session: RefreshSession) -> None:
        if session.token_id in self._t.sessions:
            raise Conflict(f"session {session.token_id} already exists")
        self._t.sessions[session.token_id] = session

    async def get(self, token_id: str) -> RefreshSession | None:
        return self._t.sessions.get(token_id)

    async def mark_used(self, token_id: str, at: datetime) -> bool:
        session = self._t.sessions.get(token_id)
        if session is None or session.used_at is not None or session.revoked_at is not None:
            return False
        self._t.sessions[token_id] = attrs.evolve(session, used_at=at)
        return True

    async def revoke_family(self, family_id: str, at: datetime) -> None:
        for key, session in list(self._t.sessions.items()):
            if session.family_id == family_id and session.revoked_at is None:
                self._t.sessions[key] = attrs.evolve(session, revoked_at=at)

    async def live_families(self, user_id: str, now: datetime) -> Sequence[str]:
        live = sorted(
            (s for s in self._t.sessions.values() if s.user_id == user_id and s.is_live(now)),
            key=lambda s: (s.created_at, s.token_id),
        )
        return list(dict.fromkeys(s.family_id for s in live))


class MemoryOneTimeSecretRepository:
    """One-time secrets keyed by id."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, secret: OneTimeSecret) -> None:
        if secret.id in self._t.secrets or any(
            s.purpose == secret.purpose and s.digest == secret.digest
            for s in self._t.secrets.values()
        ):
            raise Conflict(f"secret {secret.id} cannot be added")
        self._t.secrets[secret.id] = secret

    async def find(self, purpose: SecretPurpose, digest: str) -> OneTimeSecret | None:
        return next(
            (s for s in self._t.secrets.values() if s.purpose == purpose and s.digest == digest),
            None,
        )

    async def latest(self, user_id: str, purpose: SecretPurpose) -> OneTimeSecret | None:
        mine = [
            s for s in self._t.secrets.values() if s.user_id == user_id and s.purpose == purpose
        ]
        return max(mine, key=lambda s: (s.created_at, s.id), default=None)

    async def update(self, secret: OneTimeSecret) -> None:
        if secret.id not in self._t.secrets:
            raise NotFound(f"no secret {secret.id}")
        self._t.secrets[secret.id] = secret


class MemoryRevocationRepository:
    """Blacklist entries keyed by ``kind:subject``."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, revocation: Revocation) -> None:
        self._t.revocations[revocation.key] = revocation

    async def in_force(self, keys: Sequence[str], now: datetime) -> bool:
        return any(
            entry is not None and entry.in_force(now)
            for entry in (self._t.revocations.get(key) for key in keys)
        )

    async def all_in_force(self, now: datetime) -> Sequence[Revocation]:
        return [r for r in self._t.revocations.values() if r.in_force(now)]

    async def purge_expired(self, now: datetime) -> int:
        gone = [
            key
            for key, r in self._t.revocations.items()
            if not r.permanent and r.expires_at is not None and r.expires_at <= now
        ]
        for key in gone:
            del self._t.revocations[key]
        return len(gone)


class MemoryAuditLog:
    """Audit entries in insertion order."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, entry: AuditEntry) -> None:
        if entry.id in self._t.audit:
            raise Conflict(f"audit entry {entry.id} already exists")
        # Through JSON, as the database would store the details.
        details = json.loads(json.dumps(dict(entry.details)))
        self._t.audit[entry.id] = attrs.evolve(entry, details=details)

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        return sorted(self._t.audit.values(), key=lambda e: (e.at, e.id), reverse=True)[:limit]


__all__ = [
    "MemoryAuditLog",
    "MemoryOneTimeSecretRepository",
    "MemoryRevocationRepository",
    "MemorySessionRepository",
]
