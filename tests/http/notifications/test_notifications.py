"""/api/notifications and notification preferences, end to end through the worker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.domain.identity.accounts import User
from bigauto.domain.notifications.inbox import Notification, NotificationCategory
from bigauto.domain.shared.events import DomainEvent

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[tuple[User, dict[str, str]]]]


async def _emit(app: Litestar, event: DomainEvent) -> None:
    async with app.state.container.uow_factory()() as uow:
        await uow.outbox.add(event)
        await uow.commit()
    await app.state.worker.drain()


def _paid(app: Litestar, customer: User, seller: User) -> DomainEvent:
    container = app.state.container
    return DomainEvent(
        name="rental.paid",
        event_id=container.ids().new_id(),
        occurred_at=container.clock().now(),
        aggregate_type="rental",
        aggregate_id="rental-1",
        payload={
            "vehicle_id": "vehicle-gone",
            "customer_id": customer.id,
            "seller_id": seller.id,
            "start_date": "2026-03-10",
            "end_date": "2026-03-13",
        },
    )


async def _store(app: Litestar, user: User, count: int, read: set[int] = frozenset()) -> list[str]:
    container = app.state.container
    now = container.clock().now()
    ids = []
    async with container.uow_factory()() as uow:
        for n in range(count):
            notification = Notification(
                id=container.ids().new_id(),
                user_id=user.id,
                category=NotificationCategory.SALE,
                title=f"Note {n}",
                body="body",
                created_at=now + timedelta(seconds=n),
                read_at=now if n in read else None,
            )
            await uow.notifications.add(notification)
            ids.append(notification.id)
        await uow.commit()
    return ids


async def test_a_paid_booking_rings_both_bells_and_sends_both_emails(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """After the worker ran, each side lists one unread notification and got one email."""
    customer, customer_auth = await make_user()
    seller, seller_auth = await make_user()
    await _emit(app, _paid(app, customer, seller))

    listed = await client.get("/api/notifications", headers=customer_auth)
    assert listed.status_code == 200
    [item] = listed.json()["data"]
    assert item["title"] == "Pembayaran pemesanan diterima"
    assert item["category"] == "booking" and item["link"] == "/rentals/rental-1"
    assert item["read_at"] is None and "kendaraan Anda" in item["body"]
    count = await client.get("/api/notifications/unread-count", headers=seller_auth)
    assert count.json() == {"count": 1}
    mailbox = app.state.container.email_sender().messages()
    assert sorted(m["to"] for m in mailbox) == sorted([customer.email, seller.email])


async def test_the_list_is_paginated_newest_first_and_filters_unread(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """limit and page walk the list; unread=true leaves read ones out."""
    user, auth = await make_user()
    ids = await _store(app, user, 5, read={1, 3})
    page = await client.get("/api/notifications?page=2&limit=2", headers=auth)
    body = page.json()
    assert [n["id"] for n in body["data"]] == [ids[2], ids[1]]
    assert body["pagination"] == {
        "current_page": 2,
        "total_pages": 3,
        "total_items": 5,
        "items_per_page": 2,
    }
    unread = (await client.get("/api/notifications?unread=true", headers=auth)).json()
    assert [n["id"] for n in unread["data"]] == [ids[4], ids[2], ids[0]]
    assert unread["pagination"]["total_items"] == 3


async def test_reading_one_and_reading_all(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """POST .../read marks one (and answers it); read-all marks the rest; the badge follows."""
    user, auth = await make_user()
    ids = await _store(app, user, 3)
    read = await client.post(f"/api/notifications/{ids[0]}/read", headers=auth)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    count = await client.get("/api/notifications/unread-count", headers=auth)
    assert count.json() == {"count": 2}
    everything = await client.post("/api/notifications/read-all", headers=auth)
    assert everything.json() == {"marked_read": 2}
    count = await client.get("/api/notifications/unread-count", headers=auth)
    assert count.json() == {"count": 0}


async def test_nobody_reads_anothers_notification(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """Another user's id (or an unknown one) is 404, and stays unread."""
    owner, owner_auth = await make_user()
    _, intruder_auth = await make_user()
    [notification_id] = await _store(app, owner, 1)
    response = await client.post(
        f"/api/notifications/{notification_id}/read", headers=intruder_auth
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    count = await client.get("/api/notifications/unread-count", headers=owner_auth)
    assert count.json() == {"count": 1}


async def test_bad_paging_is_refused_and_strangers_are_turned_away(
    client: Client, make_user: MakeUser
) -> None:
    """limit above 100 or page 0 is 422; no token is 401."""
    _, auth = await make_user()
    for query in ("limit=101", "page=0", "limit=0"):
        response = await client.get(f"/api/notifications?{query}", headers=auth)
        assert response.status_code == 422, query
    assert (await client.get("/api/notifications")).status_code == 401
    assert (await client.get("/api/users/me/notification-preferences")).status_code == 401


async def test_out_of_range_queries_and_ids_are_422_naming_the_field(
    client: Client, make_user: MakeUser
) -> None:
    """A page beyond 10 000 (or beyond int64), a non-boolean ``unread``, an id of the wrong
    shape: 422 on that parameter, before any lookup."""
    _, auth = await make_user()
    for query, field in (
        ("page=99999999999999999999999", "page"),
        ("page=10001", "page"),
        ("limit=abc", "limit"),
        ("unread=maybe", "unread"),
    ):
        response = await client.get(f"/api/notifications?{query}", headers=auth)
        assert response.status_code == 422, query
        assert response.json()["error"]["details"]["errors"][0]["field"] == field
    response = await client.post(f"/api/notifications/{'n' * 65}/read", headers=auth)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["errors"][0]["field"] == "notification_id"


async def test_a_notification_keeps_its_wire_shape(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """The typed view answers every documented field, the instants as ISO 8601 with their
    offset as before; read_at is null until read."""
    user, auth = await make_user()
    [notification_id] = await _store(app, user, 1)
    [item] = (await client.get("/api/notifications", headers=auth)).json()["data"]
    assert set(item) == {"id", "category", "title", "body", "link", "data", "created_at", "read_at"}
    assert item["id"] == notification_id and item["read_at"] is None
    assert item["created_at"].endswith("+00:00"), "instants keep their written UTC offset"


async def test_preferences_default_on_and_turn_email_off_per_category(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """GET shows every category on; PUT turns booking off; the next booking email is not sent."""
    customer, auth = await make_user()
    seller, _ = await make_user()
    path = "/api/users/me/notification-preferences"
    defaults = (await client.get(path, headers=auth)).json()["email"]
    assert defaults == {c.value: True for c in NotificationCategory}
    changed = await client.put(path, headers=auth, json={"email": {"booking": False}})
    assert changed.status_code == 200
    assert changed.json()["email"]["booking"] is False
    assert (await client.get(path, headers=auth)).json()["email"]["booking"] is False

    await _emit(app, _paid(app, customer, seller))
    mailbox = app.state.container.email_sender().messages()
    assert [m["to"] for m in mailbox] == [seller.email]
    count = await client.get("/api/notifications/unread-count", headers=auth)
    assert count.json() == {"count": 1}


async def test_security_email_cannot_be_turned_off_and_bodies_are_strict(
    client: Client, make_user: MakeUser
) -> None:
    """security false, an unknown category, a non-boolean or an extra key: 422 naming it."""
    _, auth = await make_user()
    path = "/api/users/me/notification-preferences"
    for body, field in (
        ({"email": {"security": False}}, "category"),
        ({"email": {"holidays": True}}, "email"),
        ({"email": {"chat": "no"}}, "email.chat"),
        ({"email": {"chat": None}}, "email.chat"),
        ({"email": {}, "sms": {}}, "sms"),
        ({}, "email"),
    ):
        response = await client.put(path, headers=auth, json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"]["errors"][0]["field"] == field, body
    assert (await client.get(path, headers=auth)).json()["email"]["security"] is True


async def test_a_stored_notification_is_pushed_live_to_its_user(
    app: Litestar, client: Client, make_user: MakeUser
) -> None:
    """The worker publishes a notification frame on user.{id} with the unread count."""
    customer, _ = await make_user()
    seller, _ = await make_user()
    frames: list[dict[str, Any]] = []

    async def record(subject: str, payload: bytes) -> None:
        frames.append({"subject": subject, **json.loads(payload)})

    subscription = await app.state.container.live_channel().subscribe(f"user.{customer.id}", record)
    await _emit(app, _paid(app, customer, seller))
    for _ in range(50):
        if frames:
            break
        await asyncio.sleep(0.01)
    await subscription.unsubscribe()
    [frame] = frames
    assert frame["type"] == "notification" and frame["unread_count"] == 1
    assert frame["title"] == "Pembayaran pemesanan diterima"
    assert set(frame) == {
        "subject",
        "type",
        "id",
        "category",
        "title",
        "body",
        "link",
        "data",
        "created_at",
        "read_at",
        "unread_count",
    }
