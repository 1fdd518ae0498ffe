"""Identity in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.identity.repositories import (
    SqlAuditLog,
    SqlOneTimeSecretRepository,
    SqlRevocationRepository,
    SqlSessionRepository,
)
from bigauto.adapters.sql.identity.users import SqlUserRepository

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "users": SqlUserRepository,
    "sessions": SqlSessionRepository,
    "secrets": SqlOneTimeSecretRepository,
    "revocations": SqlRevocationRepository,
    "audit": SqlAuditLog,
}

__all__ = ["REPOSITORIES"]
