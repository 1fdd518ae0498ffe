"""The error base classes every context builds on.

Every error carries a stable, machine-readable ``code`` (SNAKE_CASE, the same string the HTTP
edge puts in ``{"error": {"code": ...}}``), a human ``message`` and structured ``details``. The
edge maps each class to a status through its ``kind``; nothing here knows about HTTP. Each
context adds its own errors in its ``errors`` module, subclassing these.
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


class IdempotencyKeyReused(ValidationFailed):
    """An ``Idempotency-Key`` already used for a request with a different body or route."""

    code = "IDEMPOTENCY_KEY_REUSED"


class IdempotencyKeyInUse(Conflict):
    """A request with the same ``Idempotency-Key`` is still being processed."""

    code = "IDEMPOTENCY_KEY_IN_USE"


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


class RateLimited(DomainError):
    """Too many requests; ``headers`` tell the client when to come back."""

    code = "RATE_LIMITED"
    kind = "rate_limited"

    def __init__(
        self,
        message: str = "too many requests; slow down",
        *,
        headers: Mapping[str, str] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, details=details)
        self.headers: dict[str, str] = dict(headers or {})


class ServiceUnavailable(DomainError):
    """A backend the request needs cannot be reached right now."""

    code = "SERVICE_UNAVAILABLE"
    kind = "unavailable"


class RateLimiterUnavailable(ServiceUnavailable):
    """The rate limiter's backend is down; requests are refused rather than let through."""

    code = "RATE_LIMITER_UNAVAILABLE"

    def __init__(self, message: str = "the rate limiter is unavailable; try again soon") -> None:
        super().__init__(message)
