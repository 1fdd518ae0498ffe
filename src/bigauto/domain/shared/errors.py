"""The error base classes every context builds on.

Every error carries a stable, machine-readable ``code`` (SNAKE_CASE, the same string the HTTP
edge puts in ``{"error": {"code": ...}}``), a human ``message`` and structured ``details``. The
edge maps each class to a status through its ``kind``; nothing here knows about HTTP. Each
context adds its own errors in its ``errors`` module, subclassing these.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar, overload


class DomainError(Exception):
    """Base of every error the domain and services raise on purpose.

    A subclass states its ``code`` (and its ``kind`` when it is not its base's) where it is
    declared: ``class NotFound(DomainError, code="NOT_FOUND", kind="not_found")``.
    """

    code: ClassVar[str] = "DOMAIN_ERROR"
    # What sort of failure this is; the HTTP edge maps a kind to a status code.
    kind: ClassVar[str] = "invalid"

    def __init_subclass__(
        cls, *, code: str | None = None, kind: str | None = None, **rest: Any
    ) -> None:
        super().__init_subclass__(**rest)
        if code is not None:
            cls.code = code
        if kind is not None:
            cls.kind = kind

    def __init__(self, message: str, *, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, details={self.details!r})"


class ValidationFailed(DomainError, code="VALIDATION_ERROR", kind="invalid"):
    """Input that breaks a rule of the domain (a bad period, a negative price, ...)."""


class InvalidPeriod(ValidationFailed, code="INVALID_PERIOD"):
    """A date period that is empty, reversed or too long."""


class MoneyError(ValidationFailed, code="INVALID_AMOUNT"):
    """Money that is out of bounds, negative where it may not be, or of mixed currencies."""


class CurrencyMismatch(MoneyError, code="CURRENCY_MISMATCH"):
    """Two amounts of different currencies were combined."""


class NotFound(DomainError, code="NOT_FOUND", kind="not_found"):
    """The thing asked for does not exist, or the caller may not know that it does."""


class PermissionDenied(DomainError, code="FORBIDDEN", kind="forbidden"):
    """The actor is known but may not do this."""


class Conflict(DomainError, code="CONFLICT", kind="conflict"):
    """The request clashes with the current state of the world."""


class InvalidTransition(Conflict, code="INVALID_TRANSITION"):
    """An event the lifecycle's table does not allow from this state, or not by this actor."""

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


class IdempotencyKeyReused(ValidationFailed, code="IDEMPOTENCY_KEY_REUSED"):
    """An ``Idempotency-Key`` already used for a request with a different body or route."""


class IdempotencyKeyInUse(Conflict, code="IDEMPOTENCY_KEY_IN_USE"):
    """A request with the same ``Idempotency-Key`` is still being processed."""


class UnsupportedMediaType(DomainError, code="UNSUPPORTED_MEDIA_TYPE", kind="unsupported"):
    """An upload whose bytes are not of a type we accept (sniffed, not taken from its name)."""


class PayloadTooLarge(DomainError, code="PAYLOAD_TOO_LARGE", kind="too_large"):
    """An upload or body larger than the limit for it."""


class Unauthenticated(DomainError, code="UNAUTHENTICATED", kind="unauthenticated"):
    """No valid credentials were presented."""


class RateLimited(DomainError, code="RATE_LIMITED", kind="rate_limited"):
    """Too many requests; ``headers`` tell the client when to come back."""

    def __init__(
        self,
        message: str = "too many requests; slow down",
        *,
        headers: Mapping[str, str] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, details=details)
        self.headers: dict[str, str] = dict(headers or {})


class ServiceUnavailable(DomainError, code="SERVICE_UNAVAILABLE", kind="unavailable"):
    """A backend the request needs cannot be reached right now."""


class RateLimiterUnavailable(ServiceUnavailable, code="RATE_LIMITER_UNAVAILABLE"):
    """The rate limiter's backend is down; requests are refused rather than let through."""

    def __init__(self, message: str = "the rate limiter is unavailable; try again soon") -> None:
        super().__init__(message)


_E = TypeVar("_E", bound=enum.Enum)


def one_of(kind: type[_E], value: object, message: str, /, **details: object) -> _E:
    """``value`` as a member of the enum ``kind``; ValidationFailed(``message``, ``details``)
    when it is none of them (a status, a category, a document named by a client)."""
    try:
        return kind(value)
    except ValueError:
        raise ValidationFailed(message, details=details) from None


@overload
def field_choice(kind: type[_E], value: str, field: str) -> _E: ...


@overload
def field_choice(kind: type[_E], value: str | None, field: str) -> _E | None: ...


def field_choice(kind: type[_E], value: str | None, field: str) -> _E | None:
    """A client's ``field`` (a query filter, a sort order) as a member of the enum ``kind``, None
    when it is absent; ValidationFailed naming the field and the values it may take otherwise.

    >>> class Sort(enum.StrEnum):
    ...     NEWEST = "newest"
    ...     CHEAPEST = "cheapest"
    >>> field_choice(Sort, "newest", "sort"), field_choice(Sort, None, "sort")
    (<Sort.NEWEST: 'newest'>, None)
    >>> field_choice(Sort, "old", "sort")
    Traceback (most recent call last):
    ...
    bigauto.domain.shared.errors.ValidationFailed: sort must be one of newest, cheapest, not 'old'
    """
    if value is None:
        return None
    allowed = ", ".join(str(member.value) for member in kind)
    return one_of(kind, value, f"{field} must be one of {allowed}, not {value!r}", field=field)
