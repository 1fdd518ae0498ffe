"""How notifications and email preferences look on the wire, and the preferences body.

A notification here is the object the live ``notification`` frame carries too
(``services.notifications.handlers.notification_json``), minus the frame's ``type`` and
``unread_count``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from bigauto.domain.notifications.inbox import (
    Notification,
    NotificationCategory,
    NotificationPreferences,
)
from bigauto.entrypoints.http.contract import Body, View, copied
from bigauto.entrypoints.http.identity.views import Instant

#: Email on (true) or off (false) for one category; absent keeps the current setting.
_Choice = bool | msgspec.UnsetType


class EmailChoices(Body):
    """Categories to turn email on (true) or off (false); the others keep their setting.
    ``security`` cannot be turned off. One field per :class:`NotificationCategory`."""

    security: _Choice = msgspec.UNSET
    account: _Choice = msgspec.UNSET
    booking: _Choice = msgspec.UNSET
    sale: _Choice = msgspec.UNSET
    test_drive: _Choice = msgspec.UNSET
    payment: _Choice = msgspec.UNSET
    payout: _Choice = msgspec.UNSET
    chat: _Choice = msgspec.UNSET

    def chosen(self) -> dict[str, bool]:
        """The categories given, by name, with their choice."""
        given = msgspec.structs.asdict(self).items()
        return {name: on for name, on in given if not isinstance(on, msgspec.UnsetType)}


class PreferencesBody(Body):
    """``{"email": {category: bool}}``."""

    email: EmailChoices


class EmailSettings(View):
    """Whether each category is emailed (every category, in this order)."""

    security: bool
    account: bool
    booking: bool
    sale: bool
    test_drive: bool
    payment: bool
    payout: bool
    chat: bool


class PreferencesView(View):
    """A user's email preferences: ``{"email": {category: bool}}``."""

    email: EmailSettings


class NotificationView(View):
    """One notification; ``link`` is a path of the web app, ``data`` a few ids and amounts for
    clients that write their own text; unread while ``read_at`` is null."""

    id: str
    category: NotificationCategory
    title: str
    body: str
    link: str | None
    data: dict[str, Any]
    created_at: Instant
    read_at: Instant | None


class UnreadCount(View):
    """How many notifications the caller has not read."""

    count: int


class MarkedRead(View):
    """How many notifications a "read all" marked read."""

    marked_read: int


def notification_view(notification: Notification) -> NotificationView:
    return copied(
        NotificationView,
        notification,
        data=dict(notification.data),
        created_at=notification.created_at.isoformat(),
        read_at=notification.read_at.isoformat() if notification.read_at else None,
    )


def preferences_view(preferences: NotificationPreferences) -> PreferencesView:
    return PreferencesView(email=msgspec.convert(preferences.email_settings(), EmailSettings))


__all__ = [
    "EmailChoices",
    "EmailSettings",
    "MarkedRead",
    "NotificationView",
    "PreferencesBody",
    "PreferencesView",
    "UnreadCount",
    "notification_view",
    "preferences_view",
]
