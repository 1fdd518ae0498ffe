"""The names of the identity context's domain events (wire names, see ``bookings.events``).

Both carry what the email to send needs; the audit log records the same moments under its own
:class:`~bigauto.domain.identity.records.AuditAction` names.
"""

from __future__ import annotations

import enum


class UserEvents(enum.StrEnum):
    """What an account announces."""

    REGISTERED = "user.registered"


class AuthEvents(enum.StrEnum):
    """What signing in announces."""

    OTP_REQUESTED = "auth.otp_requested"


__all__ = ["AuthEvents", "UserEvents"]
