"""Payments in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.payments.repositories import (
    MemoryPaymentRepository,
    MemoryRefundRepository,
    MemorySecurityIncidentRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "payments": MemoryPaymentRepository,
    "refunds": MemoryRefundRepository,
    "security_incidents": MemorySecurityIncidentRepository,
}

__all__ = ["REPOSITORIES"]
