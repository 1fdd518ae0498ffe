"""In-app notifications and who wants which emails.

A :class:`Notification` is one line in a person's notification list: already written in their
language when it is stored (title and body), with a ``link`` (a path of the web app, such as
``/rentals/{id}``) and a little ``data`` (ids, amounts) for clients that render their own text.

Preferences are per category; every category sends email unless turned off, and ``security``
(verification links, sign-in codes) cannot be turned off at all.

>>> from datetime import UTC, datetime
>>> prefs = NotificationPreferences("ana").with_email(NotificationCategory.CHAT, False)
>>> prefs.wants_email(NotificationCategory.CHAT), prefs.wants_email(NotificationCategory.BOOKING)
(False, True)
>>> prefs.with_email(NotificationCategory.SECURITY, False)
Traceback (most recent call last):
...
bigauto.domain.shared.errors.ValidationFailed: security emails cannot be turned off
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from bigauto.domain.shared.errors import ValidationFailed, one_of
from bigauto.domain.shared.events import plain_dict


class NotificationCategory(enum.StrEnum):
    """What a notification is about; email preferences are kept per category."""

    SECURITY = "security"
    ACCOUNT = "account"
    BOOKING = "booking"
    SALE = "sale"
    TEST_DRIVE = "test_drive"
    PAYMENT = "payment"
    PAYOUT = "payout"
    CHAT = "chat"


#: Categories whose emails are always sent, whatever the preferences say.
ALWAYS_EMAILED = frozenset({NotificationCategory.SECURITY})


def category(value: NotificationCategory | str) -> NotificationCategory:
    """``value`` as a category, or ``ValidationFailed`` naming the known ones."""
    known = [c.value for c in NotificationCategory]
    message = f"{value!r} is not a notification category; known: {known}"
    return one_of(NotificationCategory, value, message, category=str(value))


@attrs.frozen
class Notification:
    """One notification for one user; unread until ``read_at`` is set."""

    id: str
    user_id: str
    category: NotificationCategory = attrs.field(converter=category)
    title: str
    body: str
    created_at: datetime
    link: str | None = None
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=plain_dict)
    read_at: datetime | None = None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def read(self, at: datetime) -> Notification:
        """The same notification, read at ``at`` (a second read keeps the first time)."""
        return self if self.read_at is not None else attrs.evolve(self, read_at=at)


def _off(values: Iterable[NotificationCategory | str]) -> frozenset[NotificationCategory]:
    return frozenset(category(v) for v in values)


@attrs.frozen
class NotificationPreferences:
    """A user's email choices: the categories whose emails they turned off."""

    user_id: str
    email_off: frozenset[NotificationCategory] = attrs.field(default=(), converter=_off)

    def __attrs_post_init__(self) -> None:
        if self.email_off & ALWAYS_EMAILED:
            raise ValidationFailed(
                "security emails cannot be turned off", details={"category": "security"}
            )

    def wants_email(self, about: NotificationCategory | str) -> bool:
        """Whether an email about ``about`` should be sent to this user."""
        return category(about) not in self.email_off

    def with_email(self, about: NotificationCategory | str, on: bool) -> NotificationPreferences:
        """The preferences with email about ``about`` turned on or off."""
        which = category(about)
        if which in ALWAYS_EMAILED and not on:
            raise ValidationFailed(
                "security emails cannot be turned off", details={"category": which.value}
            )
        off = self.email_off - {which} if on else self.email_off | {which}
        return attrs.evolve(self, email_off=off)

    def email_settings(self) -> dict[str, bool]:
        """Every category with whether it is emailed, in declaration order."""
        return {c.value: self.wants_email(c) for c in NotificationCategory}


__all__ = [
    "ALWAYS_EMAILED",
    "Notification",
    "NotificationCategory",
    "NotificationPreferences",
    "category",
]
