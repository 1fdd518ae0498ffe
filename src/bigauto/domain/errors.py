"""One error hierarchy for the whole engine.

Every error carries a stable, machine-readable ``code`` (SNAKE_CASE, the same string the HTTP
edge puts in ``{"error": {"code": ...}}``), a human ``message`` and structured ``details``. The
HTTP edge maps each class to a status through its ``kind``; nothing here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the domain and services raise on purpose."""

    code: ClassVar[str] = "DOMAIN_ERROR"
    # What sort of failure this is; the HTTP edge maps a kind to a status code.
    kind: ClassVar[str] = "invalid"

    def __init__(self, message: str, *, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, details={self.details!r})"


class ValidationFailed(DomainError):
    """Input that breaks a rule of the domain (a bad period, a negative price, ...)."""

    code = "VALIDATION_ERROR"
    kind = "invalid"


class InvalidPeriod(ValidationFailed):
    """A date period that is empty, reversed or too long."""

    code = "INVALID_PERIOD"


class InvalidPromoCode(ValidationFailed):
    """A promo code that does not exist, has expired, is used up or does not apply."""

    code = "INVALID_PROMO_CODE"


class MoneyError(ValidationFailed):
    """Money that is out of bounds, negative where it may not be, or of mixed currencies."""

    code = "INVALID_AMOUNT"


class CurrencyMismatch(MoneyError):
    """Two amounts of different currencies were combined."""

    code = "CURRENCY_MISMATCH"


class NotFound(DomainError):
    """The thing asked for does not exist, or the caller may not know that it does."""

    code = "NOT_FOUND"
    kind = "not_found"


class PermissionDenied(DomainError):
    """The actor is known but may not do this."""

    code = "FORBIDDEN"
    kind = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state of the world."""

    code = "CONFLICT"
    kind = "conflict"


class EmailTaken(Conflict):
    """Another account already uses this email address (compared case-insensitively)."""

    code = "EMAIL_TAKEN"


class InvalidTransition(Conflict):
    """An event the lifecycle's table does not allow from this state, or not by this actor."""

    code = "INVALID_TRANSITION"

    def __init__(
        self,
        machine: str,
        state: str,
        event: str,
        *,
        actor: str | None = None,
        reason: str | None = None,
    ) -> None:
        who = f" by {actor}" if actor else ""
        why = f": {reason}" if reason else ""
        super().__init__(
            f"cannot {event}{who} a {machine} that is {state}{why}",
            details={"machine": machine, "current_state": state, "event": event, "actor": actor},
        )
        self.machine = machine
        self.state = state
        self.event = event
        self.actor = actor


class VehicleUnavailable(Conflict):
    """The period overlaps a booking, a live hold, an owner block or a turnaround buffer."""

    code = "VEHICLE_UNAVAILABLE"


class LedgerError(Conflict):
    """A ledger transaction that does not balance or would overdraw an account."""

    code = "LEDGER_ERROR"


class InsufficientFunds(LedgerError):
    """An account that may not go below zero would do so."""

    code = "INSUFFICIENT_FUNDS"


class UnsupportedMediaType(DomainError):
    """An upload whose bytes are not of a type we accept (sniffed, not taken from its name)."""

    code = "UNSUPPORTED_MEDIA_TYPE"
    kind = "unsupported"


class PayloadTooLarge(DomainError):
    """An upload or body larger than the limit for it."""

    code = "PAYLOAD_TOO_LARGE"
    kind = "too_large"


class Unauthenticated(DomainError):
    """No valid credentials were presented."""

    code = "UNAUTHENTICATED"
    kind = "unauthenticated"


class InvalidToken(Unauthenticated):
    """A token that is malformed, tampered, expired, revoked or of the wrong type.

    The message never says which: a caller learns nothing from a refusal.
    """

    code = "INVALID_TOKEN"

    def __init__(self, message: str = "the token is invalid or has expired") -> None:
        super().__init__(message)


class ServiceUnavailable(DomainError):
    """A backend the request needs cannot be reached right now."""

    code = "SERVICE_UNAVAILABLE"
    kind = "unavailable"


__all__ = [
    "Conflict",
    "CurrencyMismatch",
    "DomainError",
    "EmailTaken",
    "InsufficientFunds",
    "InvalidPeriod",
    "InvalidPromoCode",
    "InvalidToken",
    "InvalidTransition",
    "LedgerError",
    "MoneyError",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "ServiceUnavailable",
    "Unauthenticated",
    "UnsupportedMediaType",
    "ValidationFailed",
    "VehicleUnavailable",
]
