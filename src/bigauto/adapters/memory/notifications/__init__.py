"""Notifications in memory: its tables, and the repositories it adds to a unit of work."""

from __future__ import annotations

from bigauto.adapters.memory.notifications.repositories import (
    MemoryChatEmailThrottleRepository,
    MemoryNotificationPreferenceRepository,
    MemoryNotificationRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations, TableDeclarations
from bigauto.domain.notifications.inbox import Notification, NotificationPreferences
from bigauto.ports.notifications.repositories import ChatEmailWindow

TABLES: TableDeclarations = {
    "notifications": dict[str, Notification],
    "notification_preferences": dict[str, NotificationPreferences],
    # (conversation_id, recipient_id) -> the chat emails' window.
    "chat_email_windows": dict[tuple[str, str], ChatEmailWindow],
}

REPOSITORIES: RepositoryDeclarations = {
    "notifications": MemoryNotificationRepository,
    "notification_preferences": MemoryNotificationPreferenceRepository,
    "chat_email_throttle": MemoryChatEmailThrottleRepository,
}

__all__ = ["REPOSITORIES", "TABLES"]
