"""Identity in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.identity.repositories import (
    MemoryAuditLog,
    MemoryOneTimeSecretRepository,
    MemoryRevocationRepository,
    MemorySessionRepository,
)
from bigauto.adapters.memory.identity.users import MemoryUserRepository
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "users": MemoryUserRepository,
    "sessions": MemorySessionRepository,
    "secrets": MemoryOneTimeSecretRepository,
    "revocations": MemoryRevocationRepository,
    "audit": MemoryAuditLog,
}

__all__ = ["REPOSITORIES"]
