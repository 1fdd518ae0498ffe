"""Payments in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from bigauto.adapters.memory.payments.repositories import (
    MemoryPaymentRepository,
    MemoryRefundRepository,
    MemorySecurityIncidentRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.payments.payment import Payment, Refund, SecurityIncident

TABLES: TableDeclarations = {
    "payments": dict[str, Payment],
    "refunds": dict[str, Refund],
    "security_incidents": dict[str, SecurityIncident],
}

REPOSITORIES: RepositoryDeclarations = {
    "payments": MemoryPaymentRepository,
    "refunds": MemoryRefundRepository,
    "security_incidents": MemorySecurityIncidentRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
