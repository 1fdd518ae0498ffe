"""Payments in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.payments.repositories import (
    SqlPaymentRepository,
    SqlRefundRepository,
    SqlSecurityIncidentRepository,
)

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "payments": SqlPaymentRepository,
    "refunds": SqlRefundRepository,
    "security_incidents": SqlSecurityIncidentRepository,
}

__all__ = ["REPOSITORIES"]
