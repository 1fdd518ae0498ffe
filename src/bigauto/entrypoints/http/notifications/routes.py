"""``/api/notifications`` (the bell) and ``/api/users/me/notification-preferences``.

A notification is ``{id, category, title, body, link, data, created_at, read_at}``; the same
object arrives live as a ``{"type": "notification", ..., "unread_count"}`` frame on the user's
sockets. Preferences are ``{"email": {category: bool}}``; ``security`` is always true.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post, put
from litestar.datastructures import State
from litestar.params import JSONBody, QueryParameter

from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.contract import PageNumber, PageSize, PathId
from bigauto.entrypoints.http.notifications.views import (
    MarkedRead,
    NotificationView,
    PreferencesBody,
    PreferencesView,
    UnreadCount,
    notification_view,
    preferences_view,
)
from bigauto.entrypoints.http.paging import Paged, counted_of
from bigauto.services.notifications import inbox as notifications


def _uow_factory(state: State) -> Any:
    return state.container.uow_factory()


class NotificationsController(Controller):
    """A signed-in user's in-app notifications."""

    path = "/api/notifications"
    dependencies = {"principal": USER}

    @get("", operation_id="listNotifications")
    async def list_notifications(
        self,
        state: State,
        principal: Caller,
        page: PageNumber = 1,
        limit: PageSize = 20,
        unread: Annotated[bool, QueryParameter(description="Only the unread ones")] = False,
    ) -> Paged[NotificationView]:
        found = await notifications.list_notifications(
            _uow_factory(state), principal.user_id, page=page, limit=limit, unread_only=unread
        )
        return counted_of(found, notification_view)

    @get("/unread-count", operation_id="countUnreadNotifications")
    async def unread_count(self, state: State, principal: Caller) -> UnreadCount:
        count = await notifications.unread_count(_uow_factory(state), principal.user_id)
        return UnreadCount(count=count)

    @post("/{notification_id:str}/read", operation_id="readNotification", status_code=200)
    async def read(
        self, state: State, principal: Caller, notification_id: PathId
    ) -> NotificationView:
        read = await notifications.mark_read(
            _uow_factory(state), state.container.clock(), principal.user_id, notification_id
        )
        return notification_view(read)

    @post("/read-all", operation_id="readAllNotifications", status_code=200)
    async def read_all(self, state: State, principal: Caller) -> MarkedRead:
        changed = await notifications.mark_all_read(
            _uow_factory(state), state.container.clock(), principal.user_id
        )
        return MarkedRead(marked_read=changed)


class NotificationPreferencesController(Controller):
    """Which notification emails a user receives."""

    path = "/api/users/me/notification-preferences"
    dependencies = {"principal": USER}

    @get("", operation_id="getNotificationPreferences")
    async def get_preferences(self, state: State, principal: Caller) -> PreferencesView:
        found = await notifications.get_preferences(_uow_factory(state), principal.user_id)
        return preferences_view(found)

    @put("", operation_id="updateNotificationPreferences")
    async def update_preferences(
        self, state: State, principal: Caller, data: JSONBody[PreferencesBody]
    ) -> PreferencesView:
        saved = await notifications.update_preferences(
            _uow_factory(state), principal.user_id, data.email.chosen()
        )
        return preferences_view(saved)


__all__ = ["NotificationPreferencesController", "NotificationsController"]
