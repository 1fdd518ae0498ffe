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
