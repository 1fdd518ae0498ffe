"""Notifications in SQL: the repositories it adds to a unit of work (its tables: ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from bigauto.adapters.sql.notifications.repositories import (
    SqlChatEmailThrottleRepository,
    SqlNotificationPreferenceRepository,
    SqlNotificationRepository,
)

#: Unit-of-work attribute name -> repository class taking the unit of work's connection.
REPOSITORIES: Mapping[str, Callable[[AsyncConnection], object]] = {
    "notifications": SqlNotificationRepository,
    "notification_preferences": SqlNotificationPreferenceRepository,
    "chat_email_throttle": SqlChatEmailThrottleRepository,
}

__all__ = ["REPOSITORIES"]
