"""The worker's notification handlers: in-app notifications, live frames and emails.

For every event in :data:`~bigauto.services.notifications.rules.NOTIFYING_EVENTS` two handlers
run (registered by :meth:`Notifier.register`):

- ``notifications.in_app`` (transactional): stores one :class:`Notification` per recipient in
  their language, exactly once, and after the commit pushes a ``notification`` frame to the
  recipient's live subject ``user.{user_id}`` (at most once; the stored row is the truth).
- ``notifications.email``: sends each recipient who wants email about the category an email,
  with ``{event_id}:{user_id}`` as the idempotency key, so a repeat after a crash sends nothing
  new. A provider that refuses a message for good (``EmailRejected``) is logged and skipped;
  one that is down raises, and the worker retries the event with backoff.

The live frame, as JSON on ``user.{user_id}``::

    {"type": "notification", "id", "category", "title", "body", "link", "data",
     "created_at", "read_at": null, "unread_count"}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import structlog

from bigauto.domain.identity.accounts import User
from bigauto.domain.notifications.errors import EmailRejected
from bigauto.domain.notifications.inbox import Notification
from bigauto.domain.shared.events import DomainEvent
from bigauto.ports.shared.external import EmailMessage, EmailSender
from bigauto.ports.shared.messaging import LiveChannel, user_subject
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from bigauto.services.notifications.render import (
    DEFAULT_TIMEZONE,
    Amount,
    Day,
    Moment,
    Names,
    Rendered,
    email,
    render,
)
from bigauto.services.notifications.rules import NOTIFYING_EVENTS, Notice, notices_for
from bigauto.services.notifications.templates import FALLBACKS
from bigauto.services.runtime.registry import AfterCommit, HandlerRegistry

log = structlog.get_logger(__name__)

SETTINGS_PATH = "/settings/notifications"


def plain(value: Any) -> Any:
    """A rendering value as plain JSON (amounts as integers, dates as ISO text)."""
    if isinstance(value, Amount):
        return value.value
    if isinstance(value, Day | Moment):
        return value.iso
    if isinstance(value, Names):
        return list(value.values)
    return value


def frame(notification: Notification, unread_count: int) -> bytes:
    """The live ``notification`` frame for ``notification`` (see the module doc)."""
    return json.dumps(
        {"type": "notification", **notification_json(notification), "unread_count": unread_count},
        ensure_ascii=False,
    ).encode()


def notification_json(notification: Notification) -> dict[str, Any]:
    """A notification as the API and the live frame show it."""
    return {
        "id": notification.id,
        "category": notification.category.value,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "data": dict(notification.data),
        "created_at": notification.created_at.isoformat(),
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
    }


@attrs.frozen
class Prepared:
    """A notice ready to store or send: its recipient and its words in their language."""

    notice: Notice
    user: User
    rendered: Rendered
    data: Mapping[str, Any]


async def prepare(uow: UnitOfWork, event: DomainEvent, notice: Notice) -> Prepared | None:
    """Look up the recipient (None when gone) and the vehicle, and render the notice."""
    user = await uow.users.get(notice.user_id)
    if user is None:
        log.warning(
            "notification recipient not found", user_id=notice.user_id, event_name=event.name
        )
        return None
    params = dict(notice.params)
    vehicle_id = params.pop("vehicle_id", None)
    timezone = DEFAULT_TIMEZONE
    vehicle = await uow.vehicles.get(vehicle_id) if isinstance(vehicle_id, str) else None
    if vehicle is not None:
        city = await uow.catalogue.get_city(vehicle.city_id)
        timezone = city.timezone if city is not None else timezone
    params["vehicle"] = (
        vehicle.title if vehicle else FALLBACKS.get(user.locale, FALLBACKS["id"])["vehicle"]
    )
    rendered = render(notice.template, user.locale, params, timezone=timezone)
    data = {
        "event": event.name,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        **({"vehicle_id": vehicle_id} if vehicle_id else {}),
        **{k: plain(v) for k, v in params.items() if v is not None and k != "vehicle"},
    }
    return Prepared(notice, user, rendered, data)


def _without_trailing_slash(url: str) -> str:
    return url.rstrip("/")


@attrs.define(eq=False, kw_only=True)
class NoticeChannels:
    """The ways a prepared notice reaches its user: the stored notification with its live
    frame, and the email. :class:`Notifier` and the chat emails both send through them."""

    _uow_factory: UnitOfWorkFactory
    _clock: Clock
    _ids: IdGenerator
    _sender: EmailSender = attrs.field(alias="email_sender")
    _live: LiveChannel
    _frontend: str = attrs.field(alias="frontend_url", converter=_without_trailing_slash)

    def pusher(self, stored: list[tuple[Notification, int]]) -> AfterCommit:
        async def push() -> None:
            for notification, unread in stored:
                await self._live.publish(
                    user_subject(notification.user_id), frame(notification, unread)
                )

        return push

    async def send_email(self, prepared: Prepared, key: str, about: str) -> None:
        """Email ``prepared`` to its user; ``key`` makes a repeat send nothing new."""
        message = email(
            prepared.rendered,
            locale=prepared.user.locale,
            to=prepared.user.email,
            name=prepared.user.name,
            link=self.url(prepared.notice.link),
            settings_link=self.url(SETTINGS_PATH) or SETTINGS_PATH,
            lines=prepared.notice.lines,
            total=prepared.notice.total,
        )
        await send_quietly(self._sender, message, key, about)

    def url(self, path: str | None) -> str | None:
        return f"{self._frontend}{path}" if path else None


@attrs.define(eq=False, kw_only=True)
class Notifier(NoticeChannels):
    """Turns domain events into in-app notifications, live frames and emails."""

    IN_APP = "notifications.in_app"
    EMAIL = "notifications.email"

    def register(self, registry: HandlerRegistry) -> None:
        registry.on_transaction(NOTIFYING_EVENTS, name=self.IN_APP, handler=self.store)
        registry.on(NOTIFYING_EVENTS, name=self.EMAIL, handler=self.send_emails)

    async def store(self, event: DomainEvent, uow: UnitOfWork) -> AfterCommit | None:
        """Store the event's notifications in ``uow``; answer the live push for after commit."""
        stored: list[tuple[Notification, int]] = []
        for notice in notices_for(event):
            prepared = await prepare(uow, event, notice)
            if prepared is None:
                continue
            stored.append(await store_notification(uow, self._ids, self._clock, prepared))
        return self.pusher(stored) if stored else None

    async def send_emails(self, event: DomainEvent) -> None:
        """Email each recipient who wants email about the notice's category."""
        for notice in notices_for(event):
            async with self._uow_factory() as uow:
                prepared = await prepare(uow, event, notice)
                preferences = await uow.notification_preferences.get(notice.user_id)
            if prepared is None or not preferences.wants_email(notice.category):
                continue
            await self.send_email(prepared, f"{event.event_id}:{notice.user_id}", event.name)


async def store_notification(
    uow: UnitOfWork, ids: IdGenerator, clock: Clock, prepared: Prepared
) -> tuple[Notification, int]:
    """Store ``prepared`` as a notification; answer it with its user's unread count."""
    notification = Notification(
        id=ids.new_id(),
        user_id=prepared.user.id,
        category=prepared.notice.category,
        title=prepared.rendered.title,
        body=prepared.rendered.body,
        created_at=clock.now(),
        link=prepared.notice.link,
        data=prepared.data,
    )
    await uow.notifications.add(notification)
    return notification, await uow.notifications.count_for_user(prepared.user.id, unread_only=True)


async def send_quietly(sender: EmailSender, message: EmailMessage, key: str, about: str) -> None:
    """Send; a refusal for good is logged and dropped (a retry cannot help), outages raise."""
    try:
        await sender.send(message, idempotency_key=key)
    except EmailRejected as refused:
        log.error("email refused for good", about=about, key=key, error=refused.message)


__all__ = [
    "NoticeChannels",
    "Notifier",
    "Prepared",
    "frame",
    "notification_json",
    "plain",
    "prepare",
    "send_quietly",
    "store_notification",
]
