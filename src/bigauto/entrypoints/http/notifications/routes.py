"""``/api/notifications`` (the bell) and ``/api/users/me/notification-preferences``.

A notification is ``{id, category, title, body, link, data, created_at, read_at}``; the same
object arrives live as a ``{"type": "notification", ..., "unread_count"}`` frame on the user's
sockets. Preferences are ``{"email": {category: bool}}``; ``security`` is always true.
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, get, post, put
from litestar.datastructures import State

from bigauto.entrypoints.http.auth import USER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.paging import counted_json
from bigauto.services.notifications import inbox as notifications
from bigauto.services.notifications.handlers import notification_json


@attrs.frozen
class PreferencesBody:
    """Categories to turn email on (true) or off (false); the others keep their setting."""

    email: dict[str, bool]


def _uow_factory(state: State) -> Any:
    return state.container.uow_factory()


class NotificationsController(Controller):
    """A signed-in user's in-app notifications."""

    path = "/api/notifications"
    tags = ["notifications"]
    dependencies = {"principal": USER}

    @get("", operation_id="listNotifications")
    async def list_notifications(
        self,
        state: State,
        principal: Principal,
        page: int = 1,
        limit: int = 20,
        unread: bool = False,
    ) -> dict[str, Any]:
        found = await notifications.list_notifications(
            _uow_factory(state), principal.user_id, page=page, limit=limit, unread_only=unread
        )
        return counted_json(found, notification_json)

    @get("/unread-count", operation_id="countUnreadNotifications")
    async def unread_count(self, state: State, principal: Principal) -> dict[str, int]:
        return {"count": await notifications.unread_count(_uow_factory(state), principal.user_id)}

    @post("/{notification_id:str}/read", operation_id="readNotification", status_code=200)
    async def read(
        self, state: State, principal: Principal, notification_id: str
    ) -> dict[str, Any]:
        read = await notifications.mark_read(
            _uow_factory(state), state.container.clock(), principal.user_id, notification_id
        )
        return notification_json(read)

    @post("/read-all", operation_id="readAllNotifications", status_code=200)
    async def read_all(self, state: State, principal: Principal) -> dict[str, int]:
        changed = await notifications.mark_all_read(
            _uow_factory(state), state.container.clock(), principal.user_id
        )
        return {"marked_read": changed}


class NotificationPreferencesController(Controller):
    """Which notification emails a user receives."""

    path = "/api/users/me/notification-preferences"
    tags = ["notifications"]
    dependencies = {"principal": USER}

    @get("", operation_id="getNotificationPreferences")
    async def get_preferences(self, state: State, principal: Principal) -> dict[str, Any]:
        found = await notifications.get_preferences(_uow_factory(state), principal.user_id)
        return {"email": found.email_settings()}

    @put("", operation_id="updateNotificationPreferences")
    async def update_preferences(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), PreferencesBody)
        saved = await notifications.update_preferences(
            _uow_factory(state), principal.user_id, body.email
        )
        return {"email": saved.email_settings()}


__all__ = ["NotificationPreferencesController", "NotificationsController"]
