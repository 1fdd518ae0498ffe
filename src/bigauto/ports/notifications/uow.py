"""The repositories notifications adds to a unit of work."""

from __future__ import annotations

from typing import Protocol

from bigauto.ports.notifications.repositories import (
    ChatEmailThrottleRepository,
    NotificationPreferenceRepository,
    NotificationRepository,
)


class NotificationsRepositories(Protocol):
    """The users' inboxes, their preferences, and the throttle on chat emails."""

    notifications: NotificationRepository
    notification_preferences: NotificationPreferenceRepository
    chat_email_throttle: ChatEmailThrottleRepository
