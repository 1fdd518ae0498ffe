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


class CannotBookOwnVehicle(PermissionDenied):
    """A seller tried to rent, test-drive or buy their own vehicle."""

    code = "CANNOT_BOOK_OWN_VEHICLE"


class OutsideOpeningHours(ValidationFailed):
    """A test-drive slot that does not fit inside the seller's opening hours."""

    code = "OUTSIDE_OPENING_HOURS"


class OfferBelowFloor(ValidationFailed):
    """An offer below the minimum price the seller will consider (the floor is not disclosed)."""

    code = "OFFER_BELOW_FLOOR"


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


class TestDriveSlotTaken(Conflict):
    """Another active test drive of the same vehicle overlaps the requested slot."""

    __test__ = False  # not a pytest test class, despite the name

    code = "TEST_DRIVE_SLOT_TAKEN"


class NegotiationLimitReached(Conflict):
    """The seller has countered as many times as one sale order allows."""

    code = "NEGOTIATION_LIMIT_REACHED"


class OrderAlreadyAccepted(Conflict):
    """Another sale order for the vehicle is already accepted, paid or in document processing."""

    code = "SALE_ORDER_ALREADY_ACCEPTED"


class IdempotencyKeyReused(ValidationFailed):
    """An ``Idempotency-Key`` already used for a request with a different body or route."""

    code = "IDEMPOTENCY_KEY_REUSED"


class IdempotencyKeyInUse(Conflict):
    """A request with the same ``Idempotency-Key`` is still being processed."""

    code = "IDEMPOTENCY_KEY_IN_USE"


class ReviewNotAllowed(Conflict):
    """A review before the booking or order is complete, or a second one by the same side."""

    code = "REVIEW_NOT_ALLOWED"


class LedgerError(Conflict):
    """A ledger transaction that does not balance or would overdraw an account."""

    code = "LEDGER_ERROR"


class InsufficientFunds(LedgerError):
    """An account that may not go below zero would do so."""

    code = "INSUFFICIENT_FUNDS"


class InvalidMessage(ValidationFailed):
    """A chat message's text is empty, too long, or carries control characters."""

    code = "INVALID_MESSAGE"


class InvalidFrame(ValidationFailed):
    """A WebSocket frame that is not JSON, not a known kind, or missing a field."""

    code = "INVALID_FRAME"


class NotMessageSender(PermissionDenied):
    """Only the sender of a chat message may edit or delete it."""

    code = "NOT_MESSAGE_SENDER"


class EditWindowClosed(Conflict):
    """A chat message can be edited or deleted only for a while after it was sent."""

    code = "EDIT_WINDOW_CLOSED"


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


class InvalidCredentials(Unauthenticated):
    """A wrong email or a wrong password; the message never says which."""

    code = "INVALID_CREDENTIALS"

    def __init__(self, message: str = "the email or password is wrong") -> None:
        super().__init__(message)


class InvalidOtp(Unauthenticated):
    """A one-time login code that is wrong, used, expired or out of attempts."""

    code = "INVALID_OTP"

    def __init__(self, message: str = "the code is wrong or has expired") -> None:
        super().__init__(message)


class EmailNotVerified(PermissionDenied):
    """The account exists and the password is right, but the email is not verified yet."""

    code = "EMAIL_NOT_VERIFIED"


class WeakPassword(ValidationFailed):
    """A password the policy refuses (too short, the email itself, or a common one)."""

    code = "WEAK_PASSWORD"


class InvalidVerificationToken(DomainError):
    """An email verification token that is unknown, used or expired."""

    code = "INVALID_VERIFICATION_TOKEN"
    kind = "bad_request"

    def __init__(self, message: str = "the verification link is invalid or has expired") -> None:
        super().__init__(message)


class EmailRejected(DomainError):
    """The email provider refused a message for good (bad address, bad key); retrying is futile."""

    code = "EMAIL_REJECTED"
    kind = "bad_request"


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


class PaymentGatewayError(DomainError):
    """The payment gateway (Midtrans or the sandbox) refused or failed a request.

    ``details`` carries what the gateway said: ``gateway_status`` (its status code) and
    ``messages``. The subclasses say what sort of failure it was.
    """

    code = "PAYMENT_GATEWAY_ERROR"
    kind = "unavailable"


class PaymentGatewayUnavailable(PaymentGatewayError, ServiceUnavailable):
    """The gateway did not answer in time, or answered with a server error; try again later."""

    code = "PAYMENT_GATEWAY_UNAVAILABLE"
    kind = "unavailable"


class PaymentGatewayAuthFailed(PaymentGatewayError):
    """The gateway refused our server key: a configuration fault, never the caller's."""

    code = "PAYMENT_GATEWAY_AUTH"
    kind = "unavailable"


class PaymentGatewayRejected(PaymentGatewayError, ValidationFailed):
    """The gateway refused the request's content (amounts, fields, payment methods)."""

    code = "PAYMENT_GATEWAY_REJECTED"
    kind = "invalid"


class PaymentGatewayConflict(PaymentGatewayError, Conflict):
    """The request clashes with the transaction's state there (order id taken, already final)."""

    code = "PAYMENT_GATEWAY_CONFLICT"
    kind = "conflict"


class PaymentGatewayNotFound(PaymentGatewayError, NotFound):
    """The gateway knows no transaction with this order id (yet: Snap creates none until a
    payment method is chosen)."""

    code = "PAYMENT_GATEWAY_NOT_FOUND"
    kind = "not_found"


class InvalidSignature(Unauthenticated):
    """A payment notification whose ``signature_key`` does not sign it with our server key."""

    code = "INVALID_SIGNATURE"

    def __init__(self, message: str = "the notification signature is invalid") -> None:
        super().__init__(message)


class PaymentNotReady(ServiceUnavailable):
    """A notification for an order id the engine has not (yet) committed: the gateway retries
    on any non-2xx answer, so it comes back once the payment row is there."""

    code = "PAYMENT_NOT_READY"


class RateLimiterUnavailable(ServiceUnavailable):
    """The rate limiter's backend is down; requests are refused rather than let through."""

    code = "RATE_LIMITER_UNAVAILABLE"

    def __init__(self, message: str = "the rate limiter is unavailable; try again soon") -> None:
        super().__init__(message)


__all__ = [
    "CannotBookOwnVehicle",
    "Conflict",
    "CurrencyMismatch",
    "DomainError",
    "EditWindowClosed",
    "EmailNotVerified",
    "EmailRejected",
    "EmailTaken",
    "IdempotencyKeyInUse",
    "IdempotencyKeyReused",
    "InsufficientFunds",
    "InvalidCredentials",
    "InvalidFrame",
    "InvalidMessage",
    "InvalidOtp",
    "InvalidPeriod",
    "InvalidPromoCode",
    "InvalidSignature",
    "InvalidToken",
    "InvalidTransition",
    "InvalidVerificationToken",
    "LedgerError",
    "MoneyError",
    "NegotiationLimitReached",
    "NotFound",
    "NotMessageSender",
    "OfferBelowFloor",
    "OrderAlreadyAccepted",
    "OutsideOpeningHours",
    "PayloadTooLarge",
    "PaymentGatewayAuthFailed",
    "PaymentGatewayConflict",
    "PaymentGatewayError",
    "PaymentGatewayNotFound",
    "PaymentGatewayRejected",
    "PaymentGatewayUnavailable",
    "PaymentNotReady",
    "PermissionDenied",
    "RateLimited",
    "RateLimiterUnavailable",
    "ReviewNotAllowed",
    "ServiceUnavailable",
    "TestDriveSlotTaken",
    "Unauthenticated",
    "UnsupportedMediaType",
    "ValidationFailed",
    "VehicleUnavailable",
    "WeakPassword",
]
