"""Notifications' providers: the email sender and the worker's notification handlers.

Email goes through Resend when ``RESEND_API_KEY`` is set, else into a file mailbox under
``var/mailbox`` (one JSON file per message).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from dependency_injector import providers

from bigauto.adapters.local.mailbox import FileMailbox
from bigauto.adapters.wiring.chat import ChatProviders
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.shared.external import EmailSender
from bigauto.ports.shared.system import Clock
from bigauto.services.notifications.chat_emails import ChatEmails
from bigauto.services.notifications.handlers import Notifier
from bigauto.services.notifications.identity_emails import EmailNotifications
from bigauto.services.notifications.settings import NotificationsSettings
from bigauto.services.runtime.registry import HandlerRegistry
from bigauto.services.runtime.worker_parts import Registrar, WorkerParts


def _email_sender(
    notifications: NotificationsSettings, var_dir: Path, http: httpx.AsyncClient, clock: Clock
) -> EmailSender:
    if not notifications.resend_api_key:
        return FileMailbox(var_dir / "mailbox", clock)
    from bigauto.adapters.resend import ResendEmailSender

    return ResendEmailSender(
        api_key=notifications.resend_api_key,
        from_email=notifications.resend_from_email,
        base_url=notifications.resend_base_url,
        client=http,
    )


def _identity_emails(emails: EmailNotifications) -> Registrar:
    def register(registry: HandlerRegistry) -> None:
        registry.on(emails.subjects, name="identity.email", handler=emails.handle)

    return register


class NotificationsProviders(Shared):
    """Emails and in-app notifications, sent by the worker's handlers and the digest timer."""

    email_sender = providers.Singleton(
        _email_sender,
        Shared.settings.provided.notifications,
        Shared.settings.provided.runtime.var_dir,
        Shared.http_client,
        Shared.clock,
    )
    email_notifications = providers.Singleton(
        EmailNotifications,
        email_sender,
        frontend_url=Shared.settings.provided.runtime.frontend_url,
    )
    notifier = providers.Singleton(
        Notifier,
        uow_factory=Shared.uow_factory,
        clock=Shared.clock,
        ids=Shared.ids,
        email_sender=email_sender,
        live=Shared.live_channel,
        frontend_url=Shared.settings.provided.runtime.frontend_url,
    )
    chat_emails = providers.Singleton(
        ChatEmails,
        uow_factory=Shared.uow_factory,
        clock=Shared.clock,
        ids=Shared.ids,
        email_sender=email_sender,
        presence=ChatProviders.presence_store,
        live=Shared.live_channel,
        frontend_url=Shared.settings.provided.runtime.frontend_url,
        interval=providers.Callable(
            timedelta, seconds=Shared.settings.provided.notifications.chat_email_interval
        ),
    )
    notifications_worker = providers.Factory(
        WorkerParts,
        handlers=providers.List(
            providers.Callable(_identity_emails, email_notifications),
            notifier.provided.register,
            chat_emails.provided.register,
        ),
        timers=providers.List(chat_emails.provided.timer.call()),
    )


__all__ = ["NotificationsProviders"]
