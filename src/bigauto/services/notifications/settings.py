"""Notifications' settings: how email is sent (Resend, or a file mailbox) and how often."""

from __future__ import annotations

import attrs

from bigauto.services.shared.settings import setting


@attrs.frozen
class NotificationsSettings:
    """Resend's key, sender and host (no key: a file mailbox under ``var/``), and the chat
    digest's pace."""

    resend_api_key: str | None = setting(env="RESEND_API_KEY", default=None)
    resend_from_email: str = setting(
        env="RESEND_FROM_EMAIL", default="Big Auto <noreply@bigauto.local>"
    )
    resend_base_url: str = setting(env="RESEND_BASE_URL", default="https://api.resend.com")
    #: Seconds between "N new messages" emails to one user about one conversation.
    chat_email_interval: int = setting(
        env="BIGAUTO_CHAT_EMAIL_INTERVAL", default=900, low=1, high=7 * 24 * 3600
    )


__all__ = ["NotificationsSettings"]
