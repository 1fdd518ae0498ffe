"""SQL identity repositories: sessions, one-time secrets, revocations, audit log.

Rows map to the domain records field by field (the column names are the attribute names), so
the mapping is the ``_row`` / ``from_row`` pair next to each repository.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

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
from bigauto.domain.shared.errors import Conflict, NotFound


def _row(record: Any) -> dict[str, Any]:
    return attrs.asdict(record, recurse=False)


class SqlSessionRepository:
    """Refresh sessions; ``mark_used`` is one conditional UPDATE (a compare-and-set)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, session: RefreshSession) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(refresh_sessions).values(_row(session)))
        except IntegrityError:
            raise Conflict(f"session {session.token_id} cannot be added") from None

    async def get(self, token_id: str) -> RefreshSession | None:
        query = select(refresh_sessions).where(refresh_sessions.c.token_id == token_id)
        row = (await self._conn.execute(query)).first()
        return RefreshSession(**row._mapping) if row else None

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


def _secret(row: Any) -> OneTimeSecret:
    values = dict(row._mapping)
    values["purpose"] = SecretPurpose(values["purpose"])
    return OneTimeSecret(**values)


class SqlOneTimeSecretRepository:
    """Verification tokens and login codes, by digest or newest per user and purpose."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, secret: OneTimeSecret) -> None:
        values = _row(secret) | {"purpose": secret.purpose.value}
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(one_time_secrets).values(values))
        except IntegrityError:
            raise Conflict(f"secret {secret.id} cannot be added") from None

    async def find(self, purpose: SecretPurpose, digest: str) -> OneTimeSecret | None:
        query = select(one_time_secrets).where(
            one_time_secrets.c.purpose == purpose.value, one_time_secrets.c.digest == digest
        )
        row = (await self._conn.execute(query)).first()
        return _secret(row) if row else None

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
        row = (await self._conn.execute(query)).first()
        return _secret(row) if row else None

    async def update(self, secret: OneTimeSecret) -> None:
        result = await self._conn.execute(
            update(one_time_secrets)
            .where(one_time_secrets.c.id == secret.id)
            .values(attempts=secret.attempts, used_at=secret.used_at)
        )
        if result.rowcount == 0:
            raise NotFound(f"no secret {secret.id}")


def _revocation(row: Any) -> Revocation:
    values = dict(row._mapping)
    del values["key"]
    values["kind"] = RevocationKind(values["kind"])
    return Revocation(**values)


def _in_force(now: datetime) -> Any:
    table = token_revocations.c
    return table.active.is_(True) & or_(
        table.permanent.is_(True), table.expires_at.is_(None), table.expires_at > now
    )


class SqlRevocationRepository:
    """The blacklist table (the seed's ``jwt_blacklist``), keyed by ``kind:subject``."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, revocation: Revocation) -> None:
        values = _row(revocation) | {"key": revocation.key, "kind": revocation.kind.value}
        table = token_revocations
        async with self._conn.begin_nested():
            replaced = await self._conn.execute(
                update(table).where(table.c.key == revocation.key).values(values)
            )
            if replaced.rowcount == 0:
                await self._conn.execute(insert(table).values(values))

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
        return [_revocation(row) for row in await self._conn.execute(query)]

    async def purge_expired(self, now: datetime) -> int:
        table = token_revocations.c
        result = await self._conn.execute(
            delete(token_revocations).where(
                table.permanent.is_(False), table.expires_at.is_not(None), table.expires_at <= now
            )
        )
        return result.rowcount


def _entry(row: Any) -> AuditEntry:
    values = dict(row._mapping)
    values["action"] = AuditAction(values["action"])
    return AuditEntry(**values)


class SqlAuditLog:
    """Audit entries, append-only."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._conn = connection

    async def add(self, entry: AuditEntry) -> None:
        values = _row(entry) | {"action": entry.action.value, "details": dict(entry.details)}
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(audit_log).values(values))
        except IntegrityError:
            raise Conflict(f"audit entry {entry.id} already exists") from None

    async def recent(self, limit: int = 100) -> Sequence[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        return [_entry(row) for row in await self._conn.execute(query.limit(limit))]


__all__ = [
    "SqlAuditLog",
    "SqlOneTimeSecretRepository",
    "SqlRevocationRepository",
    "SqlSessionRepository",
]
