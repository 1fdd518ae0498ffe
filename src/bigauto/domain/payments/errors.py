"""Errors of payments: the gateway and its signed notifications."""

from __future__ import annotations

from bigauto.domain.shared.errors import (
    Conflict,
    DomainError,
    NotFound,
    ServiceUnavailable,
    Unauthenticated,
    ValidationFailed,
)


class PaymentGatewayError(DomainError, code="PAYMENT_GATEWAY_ERROR", kind="unavailable"):
    """The payment gateway (Midtrans or the sandbox) refused or failed a request.

    ``details`` carries what the gateway said: ``gateway_status`` (its status code) and
    ``messages``. The subclasses say what sort of failure it was.
    """


class PaymentGatewayUnavailable(
    PaymentGatewayError, ServiceUnavailable, code="PAYMENT_GATEWAY_UNAVAILABLE", kind="unavailable"
):
    """The gateway did not answer in time, or answered with a server error; try again later."""


class PaymentGatewayAuthFailed(
    PaymentGatewayError, code="PAYMENT_GATEWAY_AUTH", kind="unavailable"
):
    """The gateway refused our server key: a configuration fault, never the caller's."""


class PaymentGatewayRejected(
    PaymentGatewayError, ValidationFailed, code="PAYMENT_GATEWAY_REJECTED", kind="invalid"
):
    """The gateway refused the request's content (amounts, fields, payment methods)."""


class PaymentGatewayConflict(
    PaymentGatewayError, Conflict, code="PAYMENT_GATEWAY_CONFLICT", kind="conflict"
):
    """The request clashes with the transaction's state there (order id taken, already final)."""


class PaymentGatewayNotFound(
    PaymentGatewayError, NotFound, code="PAYMENT_GATEWAY_NOT_FOUND", kind="not_found"
):
    """The gateway knows no transaction with this order id (yet: Snap creates none until a
    payment method is chosen)."""


class InvalidSignature(Unauthenticated, code="INVALID_SIGNATURE"):
    """A payment notification whose ``signature_key`` does not sign it with our server key."""

    def __init__(self, message: str = "the notification signature is invalid") -> None:
        super().__init__(message)


class PaymentNotReady(ServiceUnavailable, code="PAYMENT_NOT_READY"):
    """A notification for an order id the engine has not (yet) committed: the gateway retries
    on any non-2xx answer, so it comes back once the payment row is there."""
