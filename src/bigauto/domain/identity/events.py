"""The names of the identity context's domain events (wire names: see ``domain.bookings.events``).

Both carry what the email to send needs; the audit log records the same moments under its own
:class:`~bigauto.domain.identity.records.AuditAction` names.

>>> UserEvents.REGISTERED, AuthEvents.OTP_REQUESTED
('user.registered', 'auth.otp_requested')
"""

from __future__ import annotations

from typing import Final


class UserEvents:
    """What an account announces."""

    REGISTERED: Final = "user.registered"


class AuthEvents:
    """What signing in announces."""

    OTP_REQUESTED: Final = "auth.otp_requested"


__all__ = ["AuthEvents", "UserEvents"]
