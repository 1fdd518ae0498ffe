"""Errors of identity: accounts, credentials, tokens and one-time codes."""

from __future__ import annotations

from bigauto.domain.shared.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)


class EmailTaken(Conflict):
    """Another account already uses this email address (compared case-insensitively)."""

    code = "EMAIL_TAKEN"


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
