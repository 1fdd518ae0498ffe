"""In-memory identity repositories: sessions, one-time secrets, revocations, audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

import attrs

from bigauto.adapters.memory._paging import newest_first
from bigauto.adapters.memory._repository import (
    MemoryRepository,
    insert_new,
    purge,
    replace_existing,
    stored_json,
)
from bigauto.adapters.memory.tables import TableDeclarations
from bigauto.domain.identity.records import (
    AuditEntry,
    OneTimeSecret,
    RefreshSession,
    Revocation,
    SecretPurpose,
)
from bigauto.domain.shared.errors import Conflict


class MemorySessionRepository(MemoryRepository):
    """Refresh sessions keyed by the refresh token's id."""

    tables: ClassVar[TableDeclarations] = {"sessions": dict[str, RefreshSession]}

    async def add(self, session: RefreshSession) -> None:
        insert_new(self._t.sessions, session.token_id, session, "session")

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


class MemoryOneTimeSecretRepository(MemoryRepository):
    """One-time secrets keyed by id."""

    tables: ClassVar[TableDeclarations] = {"secrets": dict[str, OneTimeSecret]}

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
        replace_existing(self._t.secrets, secret.id, secret, "secret")


class MemoryRevocationRepository(MemoryRepository):
    """Blacklist entries keyed by ``kind:subject``."""

    tables: ClassVar[TableDeclarations] = {"revocations": dict[str, Revocation]}

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
        return purge(
            self._t.revocations,
            lambda r: not r.permanent and r.expires_at is not None and r.expires_at <= now,
        )


class MemoryAuditLog(MemoryRepository):
    """Audit entries in insertion order."""

    tables: ClassVar[TableDeclarations] = {"audit": dict[str, AuditEntry]}

    async def add(self, entry: AuditEntry) -> None:
        stored = attrs.evolve(entry, details=stored_json(entry.details))
        insert_new(self._t.audit, entry.id, stored, "audit entry")

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        return newest_first(self._t.audit.values(), _when)[:limit]


def _when(entry: AuditEntry) -> tuple[datetime, str]:
    return entry.at, entry.id


__all__ = [
    "MemoryAuditLog",
    "MemoryOneTimeSecretRepository",
    "MemoryRevocationRepository",
    "MemorySessionRepository",
]
