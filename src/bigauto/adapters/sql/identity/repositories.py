"""SQL identity repositories: sessions, one-time secrets, revocations, audit log.

Rows map to the domain records field by field (the column names are the attribute names), so
each repository maps them with ``to_row`` / ``from_row``, naming only the enum columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from bigauto.adapters.sql._rows import SqlRepository, conflict, reader, to_row
from bigauto.adapters.sql.identity.tables import (
    audit_log,
    one_time_secrets,
    refresh_sessions,
    token_revocations,
)
from bigauto.domain.identity.records import (
    AuditAction,
    AuditEntry,
    OneTimeSecret,
    RefreshSession,
    Revocation,
    RevocationKind,
    SecretPurpose,
)
from bigauto.domain.shared.errors import NotFound

_session = reader(RefreshSession)


class SqlSessionRepository(SqlRepository):
    """Refresh sessions; ``mark_used`` is one conditional UPDATE (a compare-and-set)."""

    async def add(self, session: RefreshSession) -> None:
        refused = conflict(f"session {session.token_id} cannot be added")
        await self._insert(refresh_sessions, to_row(session), refused)

    async def get(self, token_id: str) -> RefreshSession | None:
        query = select(refresh_sessions).where(refresh_sessions.c.token_id == token_id)
        return await self._first(query, _session)

    async def mark_used(self, token_id: str, at: datetime) -> bool:
        result = await self._conn.execute(
            update(refresh_sessions)
            .where(
                refresh_sessions.c.token_id == token_id,
                refresh_sessions.c.used_at.is_(None),
                refresh_sessions.c.revoked_at.is_(None),
            )
            .values(used_at=at)
        )
        return result.rowcount == 1

    async def revoke_family(self, family_id: str, at: datetime) -> None:
        await self._conn.execute(
            update(refresh_sessions)
            .where(
                refresh_sessions.c.family_id == family_id,
                refresh_sessions.c.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )

    async def live_families(self, user_id: str, now: datetime) -> Sequence[str]:
        query = (
            select(refresh_sessions.c.family_id)
            .where(
                refresh_sessions.c.user_id == user_id,
                refresh_sessions.c.used_at.is_(None),
                refresh_sessions.c.revoked_at.is_(None),
                refresh_sessions.c.expires_at > now,
            )
            .order_by(refresh_sessions.c.created_at, refresh_sessions.c.token_id)
        )
        families = (await self._conn.execute(query)).scalars()
        return list(dict.fromkeys(families))


_secret = reader(OneTimeSecret, purpose=SecretPurpose)


class SqlOneTimeSecretRepository(SqlRepository):
    """Verification tokens and login codes, by digest or newest per user and purpose."""

    async def add(self, secret: OneTimeSecret) -> None:
        refused = conflict(f"secret {secret.id} cannot be added")
        await self._insert(one_time_secrets, to_row(secret), refused)

    async def find(self, purpose: SecretPurpose, digest: str) -> OneTimeSecret | None:
        query = select(one_time_secrets).where(
            one_time_secrets.c.purpose == purpose.value, one_time_secrets.c.digest == digest
        )
        return await self._first(query, _secret)

    async def latest(self, user_id: str, purpose: SecretPurpose) -> OneTimeSecret | None:
        query = (
            select(one_time_secrets)
            .where(
                one_time_secrets.c.user_id == user_id,
                one_time_secrets.c.purpose == purpose.value,
            )
            .order_by(one_time_secrets.c.created_at.desc(), one_time_secrets.c.id.desc())
            .limit(1)
        )
        return await self._first(query, _secret)

    async def update(self, secret: OneTimeSecret) -> None:
        where = one_time_secrets.c.id == secret.id
        values = {"attempts": secret.attempts, "used_at": secret.used_at}
        if not await self._update(one_time_secrets, where, values):
            raise NotFound(f"no secret {secret.id}")


_revocation = reader(Revocation, kind=RevocationKind)


def _in_force(now: datetime) -> Any:
    table = token_revocations.c
    return table.active.is_(True) & or_(
        table.permanent.is_(True), table.expires_at.is_(None), table.expires_at > now
    )


class SqlRevocationRepository(SqlRepository):
    """The blacklist table (the seed's ``jwt_blacklist``), keyed by ``kind:subject``."""

    async def add(self, revocation: Revocation) -> None:
        values = to_row(revocation, key=revocation.key)
        async with self._conn.begin_nested():
            where = token_revocations.c.key == revocation.key
            await self._replace(token_revocations, where, values)

    async def in_force(self, keys: Sequence[str], now: datetime) -> bool:
        if not keys:
            return False
        query = (
            select(token_revocations.c.key)
            .where(token_revocations.c.key.in_(list(keys)), _in_force(now))
            .limit(1)
        )
        return (await self._conn.execute(query)).first() is not None

    async def all_in_force(self, now: datetime) -> Sequence[Revocation]:
        query = select(token_revocations).where(_in_force(now)).order_by(token_revocations.c.key)
        return await self._all(query, _revocation)

    async def purge_expired(self, now: datetime) -> int:
        table = token_revocations.c
        result = await self._conn.execute(
            delete(token_revocations).where(
                table.permanent.is_(False), table.expires_at.is_not(None), table.expires_at <= now
            )
        )
        return result.rowcount


_entry = reader(AuditEntry, action=AuditAction)


class SqlAuditLog(SqlRepository):
    """Audit entries, append-only."""

    async def add(self, entry: AuditEntry) -> None:
        values = to_row(entry, details=dict(entry.details))
        await self._insert(audit_log, values, conflict(f"audit entry {entry.id} already exists"))

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        return await self._all(query.limit(limit), _entry)


__all__ = [
    "SqlAuditLog",
    "SqlOneTimeSecretRepository",
    "SqlRevocationRepository",
    "SqlSessionRepository",
]
