"""Contract: notifications, preferences, chat email windows, processed events, dead letters and
timer runs behave alike on every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import attrs
import pytest
from tests.contract.samples import T0, a_user, an_event, an_id

from bigauto.domain.notifications.inbox import (
    Notification,
    NotificationCategory,
    NotificationPreferences,
)
from bigauto.domain.shared.errors import Conflict
from bigauto.ports.notifications.repositories import ChatEmailWindow
from bigauto.ports.runtime.worker import DeadLetter
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")

USER = a_user(1)
OTHER = a_user(2)


async def _users(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.users.add(USER)
        await uow.users.add(OTHER)
        await uow.commit()


def a_notification(n: int, user: str = USER.id, **changes: object) -> Notification:
    notification = Notification(
        id=an_id(n),
        user_id=user,
        category=NotificationCategory.BOOKING,
        title=f"Pemesanan {n} dibayar",
        body="Pembayaran Rp 1.500.000 diterima. ü ✓",
        created_at=T0 + timedelta(minutes=n),
        link=f"/rentals/{n}",
        data={"rental_id": str(n), "amount": 1_500_000, "nested": {"ok": [1, None, True]}},
    )
    return attrs.evolve(notification, **changes)


async def test_a_notification_round_trips(uow_factory: UnitOfWorkFactory) -> None:
    """Every field comes back as stored; a second add of the same id is a conflict."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.notifications.add(a_notification(1))
        await uow.notifications.add(a_notification(2, link=None, data={}))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.notifications.get(an_id(1)) == a_notification(1)
        assert await uow.notifications.get(an_id(2)) == a_notification(2, link=None, data={})
        assert await uow.notifications.get(an_id(99)) is None
        with pytest.raises(Conflict):
            await uow.notifications.add(a_notification(1))


async def test_a_users_list_is_newest_first_paged_and_filtered(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Newest first, offset and limit page it, unread_only leaves read ones out, counts agree."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        for n in range(1, 6):
            read_at = T0 + timedelta(hours=1) if n in (2, 4) else None
            await uow.notifications.add(a_notification(n, read_at=read_at))
        await uow.notifications.add(a_notification(9, user=OTHER.id))
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.notifications.list_for_user(USER.id, limit=10)
        assert [n.id for n in everything] == [an_id(n) for n in (5, 4, 3, 2, 1)]
        page = await uow.notifications.list_for_user(USER.id, limit=2, offset=2)
        assert [n.id for n in page] == [an_id(3), an_id(2)]
        unread = await uow.notifications.list_for_user(USER.id, unread_only=True)
        assert [n.id for n in unread] == [an_id(5), an_id(3), an_id(1)]
        assert await uow.notifications.count_for_user(USER.id) == 5
        assert await uow.notifications.count_for_user(USER.id, unread_only=True) == 3
        assert await uow.notifications.count_for_user(OTHER.id, unread_only=True) == 1


async def test_marking_read_touches_only_the_owners_notifications(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """mark_read keeps the first read time and refuses another user; mark_all_read counts."""
    await _users(uow_factory)
    first, later = T0 + timedelta(hours=1), T0 + timedelta(hours=2)
    async with uow_factory() as uow:
        for n in (1, 2, 3):
            await uow.notifications.add(a_notification(n))
        await uow.notifications.add(a_notification(9, user=OTHER.id))
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.notifications.mark_read(an_id(1), USER.id, first)
        assert read is not None and read.read_at == first
        again = await uow.notifications.mark_read(an_id(1), USER.id, later)
        assert again is not None and again.read_at == first
        assert await uow.notifications.mark_read(an_id(9), USER.id, first) is None
        assert await uow.notifications.mark_read(an_id(99), USER.id, first) is None
        assert await uow.notifications.mark_all_read(USER.id, later) == 2
        assert await uow.notifications.mark_all_read(USER.id, later) == 0
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.notifications.count_for_user(USER.id, unread_only=True) == 0
        assert await uow.notifications.count_for_user(OTHER.id, unread_only=True) == 1


async def test_preferences_default_to_every_email_and_round_trip(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """No row means the defaults; saving twice replaces."""
    await _users(uow_factory)
    async with uow_factory() as uow:
        assert await uow.notification_preferences.get(USER.id) == NotificationPreferences(USER.id)
        chat_off = NotificationPreferences(USER.id, {NotificationCategory.CHAT})
        await uow.notification_preferences.save(chat_off)
        await uow.notification_preferences.save(
            chat_off.with_email(NotificationCategory.SALE, False)
        )
        await uow.commit()
    async with uow_factory() as uow:
        saved = await uow.notification_preferences.get(USER.id)
        assert saved.email_off == {NotificationCategory.CHAT, NotificationCategory.SALE}
        assert await uow.notification_preferences.get(OTHER.id) == NotificationPreferences(OTHER.id)


async def test_chat_email_windows_round_trip_and_come_due(uow_factory: UnitOfWorkFactory) -> None:
    """A window is replaced by save; due lists those with pending messages past the interval."""
    window = ChatEmailWindow("conv-1", USER.id, T0, "event-1")
    async with uow_factory() as uow:
        await uow.chat_email_throttle.save(window)
        await uow.chat_email_throttle.save(
            ChatEmailWindow("conv-2", USER.id, T0 + timedelta(minutes=10), "event-2", 3, T0, "x")
        )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_email_throttle.get("conv-1", USER.id) == window
        assert await uow.chat_email_throttle.get("conv-1", OTHER.id) is None
        busy = attrs.evolve(window, pending=2, pending_since=T0, last_sender_id=OTHER.id)
        await uow.chat_email_throttle.save(busy)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_email_throttle.get("conv-1", USER.id) == busy
        interval = timedelta(minutes=15)
        due = await uow.chat_email_throttle.due(T0 + timedelta(minutes=20), interval)
        assert [w.conversation_id for w in due] == ["conv-1"]
        later = await uow.chat_email_throttle.due(T0 + timedelta(minutes=30), interval)
        assert [w.conversation_id for w in later] == ["conv-1", "conv-2"]


async def test_an_event_is_recorded_processed_once_per_handler(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """record answers True the first time only, per handler; purge forgets old records."""
    async with uow_factory() as uow:
        assert await uow.processed_events.record("email", "event-1", T0) is True
        assert await uow.processed_events.record("email", "event-1", T0) is False
        assert await uow.processed_events.record("inapp", "event-1", T0) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.processed_events.seen("email", "event-1")
        assert not await uow.processed_events.seen("email", "event-2")
        assert await uow.processed_events.record("email", "event-1", T0) is False
        await uow.processed_events.record("email", "event-2", T0 + timedelta(days=9))
        assert await uow.processed_events.purge_before(T0 + timedelta(days=1)) == 2
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.processed_events.seen("email", "event-1")
        assert await uow.processed_events.seen("email", "event-2")


async def test_two_workers_recording_one_event_let_exactly_one_win(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Overlapping units of work recording the same (handler, event): one True, one False."""

    async def attempt() -> bool:
        async with uow_factory() as uow:
            won = await uow.processed_events.record("email", "event-1", T0)
            await asyncio.sleep(0.01)
            await uow.commit()
            return won

    results = await asyncio.gather(attempt(), attempt(), return_exceptions=True)
    assert sorted(r is True for r in results) == [False, True]


def a_letter(n: int, handler: str = "email", **changes: object) -> DeadLetter:
    letter = DeadLetter(
        id=an_id(n),
        event=an_event(n),
        handler=handler,
        error="ServiceUnavailable: the provider is down",
        attempts=5,
        first_failed_at=T0 + timedelta(minutes=n),
        last_failed_at=T0 + timedelta(minutes=n, seconds=30),
    )
    return attrs.evolve(letter, **changes)


async def test_dead_letters_round_trip_and_merge_per_event_and_handler(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A second failure of the same event and handler updates the first letter."""
    async with uow_factory() as uow:
        assert await uow.dead_letters.record(a_letter(1)) == a_letter(1)
        await uow.dead_letters.record(a_letter(2))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.dead_letters.get(an_id(1)) == a_letter(1)
        assert await uow.dead_letters.get(an_id(99)) is None
        await uow.dead_letters.mark_replayed(an_id(1), T0 + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        assert [d.id for d in await uow.dead_letters.list()] == [an_id(2)]
        assert len(await uow.dead_letters.list(include_replayed=True)) == 2
        again = a_letter(
            1, id=an_id(50), error="boom", attempts=5, last_failed_at=T0 + timedelta(hours=2)
        )
        merged = await uow.dead_letters.record(again)
        await uow.commit()
    assert merged == attrs.evolve(
        a_letter(1), error="boom", attempts=10, last_failed_at=T0 + timedelta(hours=2)
    )
    async with uow_factory() as uow:
        assert [d.id for d in await uow.dead_letters.list()] == [an_id(1), an_id(2)]


async def test_a_timer_run_is_claimed_once_per_interval(uow_factory: UnitOfWorkFactory) -> None:
    """The first claim wins; another within the interval loses; after it, one wins again."""
    minute = timedelta(minutes=1)
    async with uow_factory() as uow:
        assert await uow.timer_runs.last_run("expire-holds") is None
        assert await uow.timer_runs.claim("expire-holds", T0, minute) is True
        assert (
            await uow.timer_runs.claim("expire-holds", T0 + timedelta(seconds=30), minute) is False
        )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.timer_runs.last_run("expire-holds") == T0
        assert await uow.timer_runs.claim("expire-holds", T0 + minute, minute) is True
        assert await uow.timer_runs.claim("reminders", T0, minute) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.timer_runs.last_run("expire-holds") == T0 + minute
