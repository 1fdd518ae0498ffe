"""Notifications in memory: the repositories it adds to a unit of work, with their tables."""

from __future__ import annotations

from bigauto.adapters.memory.notifications.repositories import (
    MemoryChatEmailThrottleRepository,
    MemoryNotificationPreferenceRepository,
    MemoryNotificationRepository,
)
from bigauto.adapters.memory.tables import RepositoryDeclarations

REPOSITORIES: RepositoryDeclarations = {
    "notifications": MemoryNotificationRepository,
    "notification_preferences": MemoryNotificationPreferenceRepository,
    "chat_email_throttle": MemoryChatEmailThrottleRepository,
}

__all__ = ["REPOSITORIES"]
