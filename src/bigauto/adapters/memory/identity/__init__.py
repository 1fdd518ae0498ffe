"""Identity in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from bigauto.adapters.memory.identity.repositories import (
    MemoryAuditLog,
    MemoryOneTimeSecretRepository,
    MemoryRevocationRepository,
    MemorySessionRepository,
)
from bigauto.adapters.memory.identity.users import MemoryUserRepository
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.identity.accounts import User
from bigauto.domain.identity.records import AuditEntry, OneTimeSecret, RefreshSession, Revocation

TABLES: TableDeclarations = {
    "users": dict[str, User],
    "sessions": dict[str, RefreshSession],
    "secrets": dict[str, OneTimeSecret],
    "revocations": dict[str, Revocation],
    "audit": dict[str, AuditEntry],
}

REPOSITORIES: RepositoryDeclarations = {
    "users": MemoryUserRepository,
    "sessions": MemorySessionRepository,
    "secrets": MemoryOneTimeSecretRepository,
    "revocations": MemoryRevocationRepository,
    "audit": MemoryAuditLog,
}

__all__ = ["REPOSITORIES", "TABLES"]
