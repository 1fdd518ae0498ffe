"""The repositories payments adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.payments.repositories import (
    PaymentRepository,
    RefundRepository,
    SecurityIncidentRepository,
)


class PaymentsRepositories(Protocol):
    """Payments, their refunds, and the gateway notifications refused for cause."""

    payments: PaymentRepository
    refunds: RefundRepository
    security_incidents: SecurityIncidentRepository
