"""Records of who signed in how: refresh sessions, one-time secrets, revocations, the audit log.

None of these holds a secret in the clear: a refresh token, a verification token or a login
code is kept only as a digest, so a copy of the database cannot be replayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from bigauto.domain.shared.events import plain_dict

#: How many wrong guesses a login code survives.
OTP_MAX_ATTEMPTS = 5


@attrs.frozen
class RefreshSession:
    """One refresh token of a rotation family (a sign-in and its refreshes).

    A refresh token is used at most once: refreshing marks it ``used_at`` and issues the next
    one in the same family. Presenting a used one means it was copied, so the family is revoked.
    """

    token_id: str
    family_id: str
    user_id: str
    digest: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    ip: str | None = None
    user_agent: str | None = None

    def is_live(self, now: datetime) -> bool:
        """Unused, unrevoked and unexpired: the one state in which it may be refreshed."""
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class SecretPurpose(StrEnum):
    """What a one-time secret is for."""

    EMAIL_VERIFICATION = "email_verification"
    LOGIN_OTP = "login_otp"


@attrs.frozen
class OneTimeSecret:
    """A single-use secret sent by email: a verification token or a 6-digit login code."""

    id: str
    user_id: str
    purpose: SecretPurpose
    digest: str
    created_at: datetime
    expires_at: datetime
    attempts: int = 0
    max_attempts: int = OTP_MAX_ATTEMPTS
    used_at: datetime | None = None

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at and self.attempts < self.max_attempts

    def failed_attempt(self) -> OneTimeSecret:
        return attrs.evolve(self, attempts=self.attempts + 1)

    def use(self, now: datetime) -> OneTimeSecret:
        return attrs.evolve(self, used_at=now)


class RevocationKind(StrEnum):
    """What a revocation covers: one token (by ``jti``) or a whole refresh family."""

    TOKEN = "token"
    FAMILY = "family"


@attrs.frozen
class Revocation:
    """An entry of the token blacklist (the seed's ``jwt_blacklist``).

    It is in force while ``active`` and until ``expires_at`` (when the tokens it covers expire
    anyway), or for ever when ``permanent``. Lifting one sets ``active`` false; rows are kept.
    """

    kind: RevocationKind
    subject_id: str
    user_id: str
    reason: str
    revoked_at: datetime
    expires_at: datetime | None
    permanent: bool = False
    active: bool = True

    @property
    def key(self) -> str:
        return revocation_key(self.kind, self.subject_id)

    def in_force(self, now: datetime) -> bool:
        if not self.active:
            return False
        return self.permanent or self.expires_at is None or now < self.expires_at


def revocation_key(kind: RevocationKind, subject_id: str) -> str:
    """The one spelling of a revocation's key: ``token:<jti>`` or ``family:<id>``."""
    return f"{kind.value}:{subject_id}"


class AuditAction(StrEnum):
    """Sensitive actions that leave a trace in the audit log."""

    REGISTERED = "user.registered"
    EMAIL_VERIFIED = "user.email_verified"
    LOGIN_SUCCEEDED = "auth.login_succeeded"
    LOGIN_FAILED = "auth.login_failed"
    OTP_REQUESTED = "auth.otp_requested"
    LOGOUT = "auth.logout"
    TOKEN_REUSE_DETECTED = "auth.token_reuse_detected"
    PASSWORD_CHANGED = "user.password_changed"
    ROLE_CHANGED = "user.role_changed"
    PROFILE_UPDATED = "user.profile_updated"


@attrs.frozen
class AuditEntry:
    """Who did what, from where, when. ``actor_id`` is None when nobody was signed in."""

    id: str
    action: AuditAction
    at: datetime
    actor_id: str | None
    ip: str | None = None
    user_agent: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict, converter=plain_dict)


__all__ = [
    "OTP_MAX_ATTEMPTS",
    "AuditAction",
    "AuditEntry",
    "OneTimeSecret",
    "RefreshSession",
    "Revocation",
    "RevocationKind",
    "SecretPurpose",
    "revocation_key",
]
