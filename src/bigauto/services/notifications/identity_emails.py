"""Emails sent in reaction to events from the outbox: verification links and login codes.

Wiring: :meth:`EmailNotifications.handle` is the worker's ``identity.email`` handler (see
``bigauto.entrypoints.worker``). Sending is idempotent by event id
(``Idempotency-Key``), so a redelivered event never sends a second email. A provider that is
down raises, and the worker retries the event with backoff; a provider that refuses for good
(``EmailRejected``) is logged and the event is let go, since retrying cannot help. These
security emails are always sent, whatever the user's notification preferences.
"""

from __future__ import annotations

from urllib.parse import quote

import structlog

from bigauto.domain.identity.events import AuthEvents, UserEvents
from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage, EmailSender
from bigauto.services.notifications.identity_templates import otp_email, verification_email

log = structlog.get_logger(__name__)


class EmailNotifications:
    """Turns ``user.registered`` and ``auth.otp_requested`` into emails."""

    subjects = (UserEvents.REGISTERED, AuthEvents.OTP_REQUESTED)

    def __init__(self, sender: EmailSender, *, frontend_url: str, verification_hours: int = 24):
        self._sender = sender
        self._frontend_url = frontend_url.rstrip("/")
        self._hours = verification_hours

    def render(self, event: DomainEvent) -> EmailMessage | None:
        """The email an event asks for, or None for events that send none."""
        p = event.payload
        if event.name == UserEvents.REGISTERED:
            link = f"{self._frontend_url}/verify-email?token={quote(p['verification_token'])}"
            return verification_email(
                p["locale"], to=p["email"], name=p["name"], link=link, hours=self._hours
            )
        if event.name == AuthEvents.OTP_REQUESTED:
            return otp_email(
                p["locale"],
                to=p["email"],
                name=p["name"],
                code=p["code"],
                minutes=int(p["expires_minutes"]),
            )
        return None

    async def handle(self, event: DomainEvent) -> None:
        message = self.render(event)
        if message is None:
            return
        try:
            await self._sender.send(message, idempotency_key=event.event_id)
        except EmailRejected as refused:
            log.error(
                "email refused for good",
                event_name=event.name,
                event_id=event.event_id,
                reason=refused.message,
            )


__all__ = ["EmailNotifications"]
