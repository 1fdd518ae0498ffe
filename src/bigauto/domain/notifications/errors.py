"""Errors of notifications: an email provider that refuses a message for good."""

from __future__ import annotations

from bigauto.domain.shared.errors import DomainError


class EmailRejected(DomainError, code="EMAIL_REJECTED", kind="invalid"):
    """The email provider refused a message for good (bad address, bad key); retrying is futile."""
