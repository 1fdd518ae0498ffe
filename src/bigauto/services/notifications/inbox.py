"""A user's notifications and email preferences: the queries and commands behind the API."""

from __future__ import annotations

from collections.abc import Mapping

from bigauto.domain.notifications.inbox import Notification, NotificationPreferences, category
from bigauto.domain.shared.errors import NotFound
from bigauto.ports.shared.system import Clock
from bigauto.ports.unit_of_work import UnitOfWorkFactory
from bigauto.services.shared.paging import MAX_PAGE_SIZE, Page, check_page

#: One page of a user's notifications and how many there are in all.
NotificationPage = Page[Notification]


async def list_notifications(
    uow_factory: UnitOfWorkFactory,
    user_id: str,
    *,
    page: int = 1,
    limit: int = 20,
    unread_only: bool = False,
) -> NotificationPage:
    """Newest first, ``limit`` per page (at most 100)."""
    check_page(page, limit)
    async with uow_factory() as uow:
        items = await uow.notifications.list_for_user(
            user_id, unread_only=unread_only, limit=limit, offset=(page - 1) * limit
        )
        total = await uow.notifications.count_for_user(user_id, unread_only=unread_only)
    return Page(list(items), total, page, limit)


async def unread_count(uow_factory: UnitOfWorkFactory, user_id: str) -> int:
    async with uow_factory() as uow:
        return await uow.notifications.count_for_user(user_id, unread_only=True)


async def mark_read(
    uow_factory: UnitOfWorkFactory, clock: Clock, user_id: str, notification_id: str
) -> Notification:
    """Mark one of the user's notifications read; ``NotFound`` for anyone else's."""
    async with uow_factory() as uow:
        read = await uow.notifications.mark_read(notification_id, user_id, clock.now())
        if read is None:
            raise NotFound("no such notification", details={"notification_id": notification_id})
        await uow.commit()
    return read


async def mark_all_read(uow_factory: UnitOfWorkFactory, clock: Clock, user_id: str) -> int:
    """Mark every unread notification of the user read; answer how many."""
    async with uow_factory() as uow:
        changed = await uow.notifications.mark_all_read(user_id, clock.now())
        await uow.commit()
    return changed


async def get_preferences(uow_factory: UnitOfWorkFactory, user_id: str) -> NotificationPreferences:
    async with uow_factory() as uow:
        return await uow.notification_preferences.get(user_id)


async def update_preferences(
    uow_factory: UnitOfWorkFactory, user_id: str, email: Mapping[str, bool]
) -> NotificationPreferences:
    """Turn email about each named category on or off; others keep their setting.

    An unknown category, or turning ``security`` off, is ``ValidationFailed``.
    """
    async with uow_factory() as uow:
        preferences = await uow.notification_preferences.get(user_id)
        for name, on in email.items():
            preferences = preferences.with_email(category(name), on)
        await uow.notification_preferences.save(preferences)
        await uow.commit()
    return preferences


__all__ = [
    "MAX_PAGE_SIZE",
    "NotificationPage",
    "get_preferences",
    "list_notifications",
    "mark_all_read",
    "mark_read",
    "unread_count",
    "update_preferences",
]
