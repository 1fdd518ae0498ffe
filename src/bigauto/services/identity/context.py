"""What every identity use case shares: its ports, issuing token pairs, revoking, auditing.

The use cases themselves live in ``registration``, ``login``, ``sessions`` and ``profile``;
each takes an :class:`Identity` (the ports and settings) and a :class:`RequestInfo` (where the
request came from, for the audit log).

Secrets are never stored in the clear: refresh and verification tokens are high-entropy, so a
SHA-256 digest is enough; a 6-digit login code is not, so it is keyed (HMAC with the server's
secret) and bound to its user, and a stolen table does not give the codes away.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import structlog

from bigauto.domain.identity.accounts import User
from bigauto.domain.identity.passwords import PasswordPolicy
from bigauto.domain.identity.records import (
    AuditAction,
    AuditEntry,
    RefreshSession,
    Revocation,
    RevocationKind,
)
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.identity.security import (
    IssuedToken,
    PasswordHasher,
    TokenBlacklist,
    TokenService,
)
from bigauto.ports.shared.system import Clock, IdGenerator, RandomSource
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.shared.events import new_event

log = structlog.get_logger(__name__)

_MAX_USER_AGENT = 400
_MAX_IP = 64


@attrs.frozen
class IdentityConfig:
    """Lifetimes and sizes of the secrets identity sends by email."""

    secret_key: str
    verification_ttl: timedelta = timedelta(hours=24)
    otp_ttl: timedelta = timedelta(minutes=5)
    otp_length: int = 6
    otp_max_attempts: int = 5


@attrs.define
class Identity:
    """The ports identity's use cases need, built once per application."""

    uow_factory: UnitOfWorkFactory
    hasher: PasswordHasher
    tokens: TokenService
    blacklist: TokenBlacklist
    clock: Clock
    ids: IdGenerator
    random: RandomSource
    config: IdentityConfig
    policy: PasswordPolicy = attrs.Factory(PasswordPolicy)
    _dummy_hash: str | None = attrs.field(default=None, init=False)

    def now(self) -> datetime:
        return self.clock.now()

    async def dummy_hash(self) -> str:
        """A real hash of nothing, so that an unknown email costs a login as much as a known one."""
        if self._dummy_hash is None:
            self._dummy_hash = await self.hasher.hash(self.random.token(16))
        return self._dummy_hash


@attrs.frozen
class RequestInfo:
    """Where a request came from, as the audit log records it."""

    ip: str | None = None
    user_agent: str | None = None

    def clipped(self) -> RequestInfo:
        return RequestInfo(
            ip=self.ip[:_MAX_IP] if self.ip else None,
            user_agent=self.user_agent[:_MAX_USER_AGENT] if self.user_agent else None,
        )


@attrs.frozen
class TokenPair:
    """An access token and a refresh token of one family, for ``user``."""

    access: IssuedToken
    refresh: IssuedToken
    user: User

    @property
    def expires_in(self) -> int:
        return self.access.claims.expires_at - self.access.claims.issued_at


def digest(secret: str) -> str:
    """SHA-256 hex digest of a high-entropy secret (a token)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def keyed_digest(key: str, *parts: str) -> str:
    """HMAC-SHA256 hex digest of ``parts``: for low-entropy secrets such as a 6-digit code."""
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def same_digest(a: str, b: str) -> bool:
    """Compare digests in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


async def issue_pair(
    uow: UnitOfWork,
    identity: Identity,
    user: User,
    request: RequestInfo,
    *,
    family_id: str | None = None,
) -> TokenPair:
    """Sign an access and a refresh token (a new family unless given) and store the session."""
    now = int(identity.now().timestamp())
    family = family_id or identity.ids.new_id()
    access = identity.tokens.issue(
        user_id=user.id,
        token_type="access",
        now=now,
        family_id=family,
        is_seller=user.is_seller,
        is_admin=user.is_admin,
    )
    refresh = identity.tokens.issue(
        user_id=user.id, token_type="refresh", now=now, family_id=family
    )
    where = request.clipped()
    await uow.sessions.add(
        RefreshSession(
            token_id=refresh.claims.token_id,
            family_id=family,
            user_id=user.id,
            digest=digest(refresh.token),
            created_at=_at(refresh.claims.issued_at),
            expires_at=_at(refresh.claims.expires_at),
            ip=where.ip,
            user_agent=where.user_agent,
        )
    )
    return TokenPair(access=access, refresh=refresh, user=user)


async def revoke_family(
    uow: UnitOfWork, identity: Identity, family_id: str, user_id: str, reason: str
) -> Revocation:
    """Revoke a family's sessions and blacklist its access tokens until they all expire."""
    now = identity.now()
    await uow.sessions.revoke_family(family_id, now)
    entry = Revocation(
        kind=RevocationKind.FAMILY,
        subject_id=family_id,
        user_id=user_id,
        reason=reason,
        revoked_at=now,
        expires_at=now + timedelta(seconds=identity.tokens.ttl("refresh")),
    )
    await uow.revocations.add(entry)
    return entry


async def revoke_token(
    uow: UnitOfWork, identity: Identity, token_id: str, user_id: str, expires_at: int, reason: str
) -> Revocation:
    """Blacklist one token until it would have expired anyway."""
    entry = Revocation(
        kind=RevocationKind.TOKEN,
        subject_id=token_id,
        user_id=user_id,
        reason=reason,
        revoked_at=identity.now(),
        expires_at=_at(expires_at),
    )
    await uow.revocations.add(entry)
    return entry


async def announce_revocations(identity: Identity, entries: Sequence[Revocation]) -> None:
    """Tell the blacklist (say, its cache) about committed revocations; the database has them."""
    if not entries:
        return
    try:
        await identity.blacklist.revoked(entries)
    except Exception:
        # The database is the source of truth and the cache falls back to it when cold.
        log.warning("could not update the token blacklist cache", exc_info=True)


def user_event(
    identity: Identity, name: str, user: User, at: datetime, **details: Any
) -> DomainEvent:
    """An event about ``user`` that an email answers: who they are, where to write, ``details``."""
    facts = {"user_id": user.id, "email": user.email, "name": user.name, "locale": user.locale}
    return new_event(identity.ids, name, at, "user", user.id, {**facts, **details})


async def record(
    uow: UnitOfWork,
    identity: Identity,
    action: AuditAction,
    actor_id: str | None,
    request: RequestInfo,
    **details: Any,
) -> None:
    """Append to the audit log inside the command's transaction; ``details`` go with it."""
    where = request.clipped()
    await uow.audit.add(
        AuditEntry(
            id=identity.ids.new_id(),
            action=action,
            at=identity.now(),
            actor_id=actor_id,
            ip=where.ip,
            user_agent=where.user_agent,
            details=details,
        )
    )


__all__ = [
    "Identity",
    "IdentityConfig",
    "RequestInfo",
    "TokenPair",
    "announce_revocations",
    "digest",
    "issue_pair",
    "keyed_digest",
    "record",
    "revoke_family",
    "revoke_token",
    "same_digest",
    "user_event",
]
