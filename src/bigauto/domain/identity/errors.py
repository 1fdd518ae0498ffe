"""Errors of identity: accounts, credentials, tokens and one-time codes."""

from __future__ import annotations

from bigauto.domain.shared.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)


class EmailTaken(Conflict, code="EMAIL_TAKEN"):
    """Another account already uses this email address (compared case-insensitively)."""


class InvalidToken(Unauthenticated, code="INVALID_TOKEN"):
    """A token that is malformed, tampered, expired, revoked or of the wrong type.

    The message never says which: a caller learns nothing from a refusal.
    """

    def __init__(self, message: str = "the token is invalid or has expired") -> None:
        super().__init__(message)


class InvalidCredentials(Unauthenticated, code="INVALID_CREDENTIALS"):
    """A wrong email or a wrong password; the message never says which."""

    def __init__(self, message: str = "the email or password is wrong") -> None:
        super().__init__(message)


class InvalidOtp(Unauthenticated, code="INVALID_OTP"):
    """A one-time login code that is wrong, used, expired or out of attempts."""

    def __init__(self, message: str = "the code is wrong or has expired") -> None:
        super().__init__(message)


class EmailNotVerified(PermissionDenied, code="EMAIL_NOT_VERIFIED"):
    """The account exists and the password is right, but the email is not verified yet."""


class WeakPassword(ValidationFailed, code="WEAK_PASSWORD"):
    """A password the policy refuses (too short, the email itself, or a common one)."""


class InvalidVerificationToken(DomainError, code="INVALID_VERIFICATION_TOKEN", kind="invalid"):
    """An email verification token that is unknown, used or expired (a 422 on ``token``)."""

    def __init__(self, message: str = "the verification link is invalid or has expired") -> None:
        super().__init__(message, details={"field": "token"})
