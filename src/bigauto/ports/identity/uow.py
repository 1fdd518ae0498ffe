"""The repositories identity adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.identity.records import (
    AuditLog,
    OneTimeSecretRepository,
    RevocationRepository,
    SessionRepository,
)
from bigauto.ports.identity.users import UserRepository


class IdentityRepositories(Protocol):
    """Accounts and what guards them: users, refresh sessions, one-time secrets, revoked tokens
    and the audit log."""

    users: UserRepository
    sessions: SessionRepository
    secrets: OneTimeSecretRepository
    revocations: RevocationRepository
    audit: AuditLog
